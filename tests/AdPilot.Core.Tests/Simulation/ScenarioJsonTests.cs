using System.Text.Json.Nodes;
using AdPilot.Core.Simulation;
using AdPilot.Core.Tests.TestData;
using CsCheck;

namespace AdPilot.Core.Tests.Simulation;

public sealed class ScenarioJsonTests
{
    [Fact]
    public void Serialize_ParsedFamilyScenario_RoundTripsToTheSameText()
    {
        Gen.Select(Gen.ULong, Gen.Int[1, 20]).Sample(
            (seed, adSets) =>
            {
                var first = ScenarioJson.Serialize(DefaultFamily.Sample(seed, adSets));
                var second = ScenarioJson.Serialize(ScenarioJson.Parse(first));

                Assert.Equal(first, second);
            },
            iter: 150);
    }

    [Fact]
    public async Task LoadAsync_CommittedDefaultScenario_IsValid()
    {
        var path = RepoPaths.Combine("scenarios", "default.json");

        var scenario = await ScenarioJson.LoadAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(Scenario.CurrentSchemaVersion, scenario.SchemaVersion);
        Assert.NotEmpty(scenario.AdSets);
        Assert.Empty(ScenarioValidator.Validate(scenario));
    }

    [Fact]
    public async Task LoadAsync_MissingFile_ThrowsScenarioExceptionNamingTheFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"adpilot-missing-{Guid.NewGuid():N}.json");

        var ex = await Assert.ThrowsAsync<ScenarioException>(() => ScenarioJson.LoadAsync(path, TestContext.Current.CancellationToken));

        Assert.Equal(path, ex.Source);
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.Contains("cannot read", Assert.Single(ex.Errors).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_CvrAboveOne_NamesTheFieldAndTheValue()
    {
        var json = ScenarioBuilder.JsonWith(doc => doc["adSets"]![0]!["cvr"] = 1.5);

        var error = AssertSingleError(json, "adSets[0].cvr");

        Assert.Contains("1.5", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownFieldInAdSet_NamesItsPath()
    {
        var json = ScenarioBuilder.JsonWith(doc => doc["adSets"]![1]!["colour"] = "red");

        AssertSingleError(json, "adSets[1].colour");
    }

    [Fact]
    public void Parse_UnknownTopLevelField_NamesIt()
    {
        var json = ScenarioBuilder.JsonWith(doc => doc["budgetCap"] = 10);

        AssertSingleError(json, "budgetCap");
    }

    [Theory]
    [InlineData("name")]
    [InlineData("store")]
    [InlineData("adSets")]
    public void Parse_MissingRequiredTopLevelField_MessageNamesIt(string field)
    {
        var json = ScenarioBuilder.JsonWith(doc => doc.Remove(field));

        var ex = Assert.Throws<ScenarioException>(() => ScenarioJson.Parse(json));

        var error = Assert.Single(ex.Errors);
        Assert.Contains("missing required", error.Reason, StringComparison.Ordinal);
        Assert.Contains($"'{field}'", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MissingRequiredAdSetField_MessageNamesIt()
    {
        var json = ScenarioBuilder.JsonWith(doc => doc["adSets"]![0]!.AsObject().Remove("averageOrderValue"));

        var ex = Assert.Throws<ScenarioException>(() => ScenarioJson.Parse(json));

        var error = Assert.Single(ex.Errors);
        Assert.Contains("'averageOrderValue'", error.Reason, StringComparison.Ordinal);
        Assert.StartsWith("adSets[0]", error.Path, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownPlatform_NamesTheFieldAndListsThePlatforms()
    {
        var json = ScenarioBuilder.JsonWith(doc => doc["adSets"]![0]!["platform"] = "facebook");

        var error = AssertSingleError(json, "adSets[0].platform");

        Assert.Contains("tiktok, instagram", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownCreativeType_ListsTheCreativeGroups()
    {
        var json = ScenarioBuilder.JsonWith(doc => doc["adSets"]![0]!["creativeType"] = "meme");

        var error = AssertSingleError(json, "adSets[0].creativeType");

        Assert.Contains("ugc, lifestyle, product, discount", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownCreativeInCtrTable_NamesTheTableAndListsTheCreativeGroups()
    {
        var json = ScenarioBuilder.JsonWith(doc => doc["adSets"]![0]!["ctrByCreative"]!["meme"] = 0.01);

        var ex = Assert.Throws<ScenarioException>(() => ScenarioJson.Parse(json));

        var error = Assert.Single(ex.Errors);
        Assert.StartsWith("adSets[0].ctrByCreative", error.Path, StringComparison.Ordinal);
        Assert.Contains("ugc, lifestyle, product, discount", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownAgeBand_NamesTheTableAndListsTheBands()
    {
        var json = ScenarioBuilder.JsonWith(doc => doc["market"]!["ageCvr"]!["13-17"] = 0.5);

        var ex = Assert.Throws<ScenarioException>(() => ScenarioJson.Parse(json));

        var error = Assert.Single(ex.Errors);
        Assert.StartsWith("market.ageCvr", error.Path, StringComparison.Ordinal);
        Assert.Contains("18-24, 25-34, 35-44, 45-54, 55+", error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("platform", 5)]
    [InlineData("targetAgeGroup", 7)]
    [InlineData("creativeType", 9)]
    public void Parse_EnumGivenAsUndefinedNumber_IsRejectedWithItsPath(string field, int value)
    {
        // System.Text.Json's string-enum converter also accepts numbers; an undefined one must not slip through
        // validation and crash the simulator later.
        var json = ScenarioBuilder.JsonWith(doc => doc["adSets"]![0]![field] = value);

        var ex = Assert.Throws<ScenarioException>(() => ScenarioJson.Parse(json));

        Assert.Contains(ex.Errors, e => e.Path == $"adSets[0].{field}");
    }

    [Fact]
    public void Parse_BidStrategyKindGivenAsUndefinedNumber_IsRejected()
    {
        var json = ScenarioBuilder.JsonWith(
            doc => doc["adSets"]![0]!["bidStrategy"] = new JsonObject { ["kind"] = 7, ["capPerResult"] = 10 });

        var ex = Assert.Throws<ScenarioException>(() => ScenarioJson.Parse(json));

        Assert.Contains(ex.Errors, e => e.Path.StartsWith("adSets[0].bidStrategy", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_UnknownTimeZone_NamesStoreTimeZone()
    {
        var json = ScenarioBuilder.JsonWith(doc => doc["store"]!["timeZone"] = "Mars/Olympus_Mons");

        var error = AssertSingleError(json, "store.timeZone");

        Assert.Contains("Mars/Olympus_Mons", error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("usd")]
    [InlineData("DOLLARS")]
    [InlineData("")]
    public void Parse_BadCurrency_NamesStoreCurrency(string currency)
    {
        var json = ScenarioBuilder.JsonWith(doc => doc["store"]!["currency"] = currency);

        AssertSingleError(json, "store.currency");
    }

    [Fact]
    public void Parse_MinBudgetAboveMax_NamesTheBudgetRange()
    {
        var json = ScenarioBuilder.JsonWith(doc =>
        {
            var adSet = doc["adSets"]![0]!;
            adSet["minDailyBudget"] = 600;
            adSet["maxDailyBudget"] = 500;
            adSet["dailyBudget"] = 550;
        });

        var ex = Assert.Throws<ScenarioException>(() => ScenarioJson.Parse(json));

        var error = Assert.Single(ex.Errors, e => e.Path == "adSets[0].maxDailyBudget");
        Assert.Contains("minDailyBudget", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_DuplicateAdSetIds_NamesTheSecondOne()
    {
        var json = ScenarioBuilder.JsonWith(doc => doc["adSets"]![1]!["id"] = doc["adSets"]![0]!["id"]!.GetValue<string>(), adSetCount: 3);

        var error = AssertSingleError(json, "adSets[1].id");

        Assert.Contains("used by another ad set", error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(23)]
    [InlineData(25)]
    [InlineData(0)]
    public void Parse_HourlyTrafficOfWrongLength_NamesTheListAndTheLength(int count)
    {
        var levels = Enumerable.Range(0, count).Select(_ => (JsonNode?)JsonValue.Create(1.0)).ToArray();
        var json = ScenarioBuilder.JsonWith(doc => doc["market"]!["hourlyTraffic"] = new JsonArray(levels));

        var error = AssertSingleError(json, "market.hourlyTraffic");

        Assert.Contains("24", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownTargetInterest_NamesTheFieldAndTheInterest()
    {
        var json = ScenarioBuilder.JsonWith(doc => doc["adSets"]![0]!["targetInterests"] = new JsonArray("fashion", "knitting"));

        var error = AssertSingleError(json, "adSets[0].targetInterests");

        Assert.Contains("'knitting'", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownInterestInAffinityTable_NamesTheEntry()
    {
        var json = ScenarioBuilder.JsonWith(doc => doc["market"]!["interestAffinity"]!["knitting"] = 1.2);

        var error = AssertSingleError(json, "market.interestAffinity.knitting");

        Assert.Contains("unknown interest", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MalformedJson_ReportsTheLine()
    {
        const string json = "{\n  \"schemaVersion\": 1,\n  \"name\": oops,\n  \"seed\": 1\n}";

        var ex = Assert.Throws<ScenarioException>(() => ScenarioJson.Parse(json));

        var error = Assert.Single(ex.Errors);
        Assert.Contains("(line 3)", error.Reason, StringComparison.Ordinal);
        Assert.Contains("line 3", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TrailingComma_IsRejected()
    {
        var json = ScenarioBuilder.ValidJson().TrimEnd().TrimEnd('}') + ",}";

        var ex = Assert.Throws<ScenarioException>(() => ScenarioJson.Parse(json));

        Assert.Contains("line", Assert.Single(ex.Errors).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NullDocument_ThrowsScenarioExceptionAtRoot()
    {
        var ex = Assert.Throws<ScenarioException>(() => ScenarioJson.Parse("null", "file.json"));

        var error = Assert.Single(ex.Errors);
        Assert.Equal("$", error.Path);
        Assert.Contains("null", error.Reason, StringComparison.Ordinal);
        Assert.StartsWith("file.json: ", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("[]")]
    [InlineData("42")]
    [InlineData("\"scenario\"")]
    [InlineData("{")]
    [InlineData("{}")]
    public void Parse_NotAScenarioObject_ThrowsScenarioException(string json)
    {
        var ex = Assert.Throws<ScenarioException>(() => ScenarioJson.Parse(json));

        Assert.NotEmpty(ex.Errors);
    }

    [Fact]
    public void Parse_NullForRequiredString_NamesTheField()
    {
        var json = ScenarioBuilder.JsonWith(doc => doc["store"]!["timeZone"] = null);

        var ex = Assert.Throws<ScenarioException>(() => ScenarioJson.Parse(json));

        Assert.Contains(ex.Errors, e => e.Path == "store.timeZone");
    }

    [Fact]
    public void Parse_NullAdSetInList_NamesItsIndex()
    {
        var json = ScenarioBuilder.JsonWith(doc => doc["adSets"]![1] = null);

        AssertSingleError(json, "adSets[1]");
    }

    [Fact]
    public void Parse_SeveralProblems_ReportsEveryOne()
    {
        var json = ScenarioBuilder.JsonWith(doc =>
        {
            doc["store"]!["grossMargin"] = 1.2;
            doc["adSets"]![0]!["cvr"] = 0;
            doc["adSets"]![1]!["hillShape"] = 1.5;
        });

        var ex = Assert.Throws<ScenarioException>(() => ScenarioJson.Parse(json, "three.json"));

        Assert.Equal(["store.grossMargin", "adSets[0].cvr", "adSets[1].hillShape"], ex.Errors.Select(e => e.Path));
        Assert.StartsWith("three.json: 3 problems", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Comments_AreSkipped()
    {
        var json = "// a scenario\n" + ScenarioBuilder.ValidJson();

        Assert.Equal(ScenarioJson.Serialize(ScenarioBuilder.Valid()), ScenarioJson.Serialize(ScenarioJson.Parse(json)));
    }

    [Fact]
    public void Parse_CorruptedJson_ThrowsOnlyScenarioException()
    {
        // Whatever one edit does to a valid file, the loader either accepts it or explains it; nothing else escapes.
        var valid = ScenarioBuilder.ValidJson();
        var replacements = Gen.OneOfConst("", "}", "{", "]", "[", ",", "\"", ":", "null", "-1", "1e400", "true", "0", "\"x\"");
        Gen.Select(Gen.Int[0, valid.Length - 1], Gen.Int[0, 8], replacements).Sample(
            (at, cut, insert) =>
            {
                var json = string.Concat(valid.AsSpan(0, at), insert, valid.AsSpan(Math.Min(valid.Length, at + cut)));
                try
                {
                    ScenarioJson.Parse(json);
                }
                catch (ScenarioException ex)
                {
                    Assert.NotEmpty(ex.Errors);
                    Assert.All(ex.Errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Path)));
                }
            },
            iter: 400);
    }

    [Fact]
    public void Parse_PropertyWithAnEmptyName_PlacesTheErrorAtTheRoot()
    {
        var json = ScenarioBuilder.ValidJson().Insert(1, "\"\":1,");

        var error = AssertSingleError(json, "$");

        Assert.Contains("''", error.Reason, StringComparison.Ordinal);
    }

    private static ScenarioError AssertSingleError(string json, string path)
    {
        var ex = Assert.Throws<ScenarioException>(() => ScenarioJson.Parse(json));
        var error = Assert.Single(ex.Errors);
        Assert.Equal(path, error.Path);
        Assert.False(string.IsNullOrWhiteSpace(error.Reason));
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        return error;
    }
}

using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AdPilot.Core.Domain;
using AdPilot.Core.Simulation;
using AdPilot.Core.Tests.TestData;

namespace AdPilot.Core.Tests.Simulation;

public sealed class ScenarioSchemaTests
{
    private const string RegenerateCommand = "dotnet run --project src/AdPilot.Cli -- scenario schema --out schemas/scenario.schema.json";

    private static readonly JsonObject Schema = JsonNode.Parse(ScenarioJson.Schema())!.AsObject();

    [Fact]
    public void Schema_Root_IsDraft202012ObjectSchema()
    {
        using var doc = JsonDocument.Parse(ScenarioJson.Schema());

        Assert.Equal(JsonValueKind.Object, doc.RootElement.ValueKind);
        Assert.Equal("https://json-schema.org/draft/2020-12/schema", Schema["$schema"]!.GetValue<string>());
        Assert.Equal("object", TypeOf(Schema));
        Assert.NotNull(Schema["title"]);
    }

    [Fact]
    public void Schema_Root_RequiresEveryTopLevelField()
    {
        var required = Schema["required"]!.AsArray().Select(n => n!.GetValue<string>());

        Assert.Equal(
            ["adSets", "market", "name", "schemaVersion", "seed", "startDate", "store"],
            required.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Schema_UnknownFields_AreDisallowedLikeTheReader()
    {
        Assert.False(Schema["additionalProperties"]?.GetValue<bool>() ?? true);
        Assert.False(Resolve(AdSetSchema()["additionalProperties"] ?? JsonValue.Create(true))!.GetValue<bool>());
    }

    [Fact]
    public void Schema_Platform_IsEnumOfTikTokAndInstagram()
    {
        var platform = Resolve(AdSetSchema()["properties"]!["platform"]);

        Assert.Equal(["tiktok", "instagram"], platform!["enum"]!.AsArray().Select(n => n!.GetValue<string>()));
    }

    [Fact]
    public void Schema_TargetInterests_IsUniqueArrayOfInterestNames()
    {
        var interests = Resolve(AdSetSchema()["properties"]!["targetInterests"])!;

        Assert.Equal("array", TypeOf(interests));
        Assert.True(interests["uniqueItems"]!.GetValue<bool>());
        Assert.Equal(InterestsJsonConverter.Names, interests["items"]!["enum"]!.AsArray().Select(n => n!.GetValue<string>()));
    }

    [Fact]
    public void Schema_DocumentedFields_CarryTheirDescriptions()
    {
        var cvr = Resolve(AdSetSchema()["properties"]!["cvr"])!;

        Assert.Contains("(0, 1)", cvr["description"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void Schema_BidStrategy_ListsOnlyTheFieldsAScenarioSets()
    {
        // IsValid is computed; a file that says "isValid": false would pass the schema and be silently ignored.
        var bid = Resolve(AdSetSchema()["properties"]!["bidStrategy"])!;

        Assert.Equal(["capPerResult", "kind"], bid["properties"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Schema_CommittedFile_MatchesTheCodeByteForByte()
    {
        var path = RepoPaths.Combine("schemas", "scenario.schema.json");
        var committed = File.ReadAllBytes(path);
        var generated = Encoding.UTF8.GetBytes(ScenarioJson.Schema());

        Assert.True(
            committed.AsSpan().SequenceEqual(generated),
            $"schemas/scenario.schema.json differs from ScenarioJson.Schema(); regenerate it with `{RegenerateCommand}` and commit it.");
    }

    [Fact]
    public void Schema_DescribesEverySerializedScenario()
    {
        var instances = new List<(string Name, JsonNode Json)>
        {
            ("scenarios/default.json", JsonNode.Parse(File.ReadAllText(RepoPaths.Combine("scenarios", "default.json")))!),
        };
        foreach (var seed in new ulong[] { 2, 3, 5, 8, 13 })
        {
            instances.Add(($"family seed {seed}", JsonNode.Parse(ScenarioJson.Serialize(DefaultFamily.Sample(seed, 12)))!));
        }

        foreach (var (name, json) in instances)
        {
            var problems = new List<string>();
            Check(Schema, json, "$", problems);

            Assert.True(problems.Count == 0, $"{name} does not match the schema:\n{string.Join('\n', problems)}");
        }
    }

    private static JsonObject AdSetSchema() => Resolve(Schema["properties"]!["adSets"])!["items"]!.AsObject() is var items
        ? Resolve(items)!.AsObject()
        : throw new InvalidOperationException("adSets has no items schema");

    private static JsonNode? Resolve(JsonNode? node)
    {
        // The exporter writes a type met a second time as a $ref to its first occurrence ("#/properties/...").
        while (node is JsonObject obj && obj["$ref"] is { } reference)
        {
            var target = (JsonNode)Schema;
            foreach (var segment in reference.GetValue<string>().TrimStart('#').Split('/', StringSplitOptions.RemoveEmptyEntries))
            {
                var key = segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
                target = target is JsonArray array
                    ? array[int.Parse(key, System.Globalization.CultureInfo.InvariantCulture)]!
                    : target[key]!;
            }

            node = target;
        }

        return node;
    }

    private static string? TypeOf(JsonNode schema) => schema["type"] switch
    {
        JsonValue v => v.GetValue<string>(),
        _ => null,
    };

    /// <summary>
    /// A small JSON Schema checker for the keywords the exporter writes: type, enum, properties, required,
    /// additionalProperties and items.
    /// </summary>
    private static void Check(JsonNode? schemaNode, JsonNode? instance, string path, List<string> problems)
    {
        if (Resolve(schemaNode) is not JsonObject schema)
        {
            return;
        }

        var types = schema["type"] switch
        {
            JsonValue v => [v.GetValue<string>()],
            JsonArray a => a.Select(t => t!.GetValue<string>()).ToArray(),
            _ => Array.Empty<string>(),
        };
        var kind = KindOf(instance);
        if (types.Length > 0 && !types.Contains(kind) && !(kind == "integer" && types.Contains("number")))
        {
            problems.Add($"{path}: is {kind}, schema allows {string.Join("|", types)}");
            return;
        }

        if (schema["enum"] is JsonArray allowed && !allowed.Any(a => JsonNode.DeepEquals(a, instance)))
        {
            problems.Add($"{path}: {instance?.ToJsonString()} is not one of {allowed.ToJsonString()}");
        }

        if (instance is JsonObject obj)
        {
            var properties = schema["properties"] as JsonObject;
            foreach (var (key, value) in obj)
            {
                if (properties?[key] is { } propertySchema)
                {
                    Check(propertySchema, value, $"{path}.{key}", problems);
                }
                else if (schema["additionalProperties"] is JsonObject additional)
                {
                    Check(additional, value, $"{path}.{key}", problems);
                }
                else if (schema["additionalProperties"] is JsonValue open && !open.GetValue<bool>())
                {
                    problems.Add($"{path}.{key}: not allowed by the schema");
                }
            }

            foreach (var name in (schema["required"] as JsonArray ?? []).Select(n => n!.GetValue<string>()))
            {
                if (!obj.ContainsKey(name))
                {
                    problems.Add($"{path}.{name}: required by the schema but missing");
                }
            }
        }

        if (instance is JsonArray array && schema["items"] is { } itemSchema)
        {
            for (var i = 0; i < array.Count; i++)
            {
                Check(itemSchema, array[i], $"{path}[{i}]", problems);
            }
        }
    }

    private static string KindOf(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "object",
        JsonArray => "array",
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => "string",
            JsonValueKind.True or JsonValueKind.False => "boolean",
            JsonValueKind.Number => v.ToJsonString().IndexOfAny(['.', 'e', 'E']) < 0 ? "integer" : "number",
            _ => "null",
        },
        _ => "unknown",
    };
}

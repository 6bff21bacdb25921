using System.Text.Json;

namespace AdPilot.Cli.Tests.Commands;

public sealed class SimulateCommandTests
{
    [Fact]
    public async Task Simulate_Json_PrintsOneObjectWithEveryContractField()
    {
        var result = await CliRunner.RunAsync("simulate", "--days", "3", "--json");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(string.Empty, result.Stderr);
        using var json = JsonDocument.Parse(result.Stdout);
        var root = json.RootElement;
        Assert.Equal(3, root.GetProperty("days").GetInt32());
        Assert.Equal(1UL, root.GetProperty("seed").GetUInt64());
        var policies = root.GetProperty("policies").EnumerateArray().ToList();
        Assert.Equal(["oracle", "fixed", "rules", "proportional"], policies.Select(p => p.GetProperty("name").GetString()));
        foreach (var p in policies)
        {
            var profit = p.GetProperty("profit").GetDecimal();
            var revenue = p.GetProperty("revenue").GetDecimal();
            var spend = p.GetProperty("spend").GetDecimal();
            var cogs = p.GetProperty("cogs").GetDecimal();
            Assert.InRange(profit - (revenue - cogs - spend), -0.02m, 0.02m);
            Assert.True(spend > 0, "every policy spends something in three days");
            Assert.True(p.GetProperty("roas").GetDouble() >= 0);
            Assert.True(p.GetProperty("conversions").GetInt64() >= 0);
            Assert.Equal(JsonValueKind.Number, p.GetProperty("fractionOfOracle").ValueKind);
        }

        Assert.Equal(1.0, policies[0].GetProperty("fractionOfOracle").GetDouble());
    }

    [Fact]
    public async Task Simulate_SameArguments_PrintsTheSameResult()
    {
        var first = await CliRunner.RunAsync("simulate", "--days", "2", "--json", "--seed", "7");
        var second = await CliRunner.RunAsync("simulate", "--days", "2", "--json", "--seed", "7");

        Assert.Equal(first.Stdout, second.Stdout);
    }

    [Fact]
    public async Task Simulate_DifferentSeed_ChangesTheWorldButKeepsTheScenario()
    {
        var first = await CliRunner.RunAsync("simulate", "--days", "2", "--json", "--seed", "7", "--policy", "fixed");
        var second = await CliRunner.RunAsync("simulate", "--days", "2", "--json", "--seed", "8", "--policy", "fixed");

        Assert.Contains("\"seed\":7", first.Stdout, StringComparison.Ordinal);
        Assert.Contains("\"seed\":8", second.Stdout, StringComparison.Ordinal);
        Assert.NotEqual(Profit(first.Stdout), Profit(second.Stdout));
    }

    [Fact]
    public async Task Simulate_NamedPolicies_ListsOnlyThoseButStillMeasuresAgainstTheOracle()
    {
        var result = await CliRunner.RunAsync("simulate", "--days", "2", "--json", "--policy", "rules", "--policy", "fixed");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        var policies = json.RootElement.GetProperty("policies").EnumerateArray().ToList();
        Assert.Equal(["rules", "fixed"], policies.Select(p => p.GetProperty("name").GetString()));
        Assert.All(policies, p => Assert.Equal(JsonValueKind.Number, p.GetProperty("fractionOfOracle").ValueKind));
    }

    [Fact]
    public async Task Simulate_BanditPolicy_RunsBesideTheBaselinesAgainstTheOracle()
    {
        var result = await CliRunner.RunAsync("simulate", "--days", "3", "--json", "--policy", "bandit", "--policy", "rules");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        var policies = json.RootElement.GetProperty("policies").EnumerateArray().ToList();
        Assert.Equal(["bandit", "rules"], policies.Select(p => p.GetProperty("name").GetString()));
        Assert.Equal(0, policies[0].GetProperty("limitInterventions").GetInt64());
    }

    [Fact]
    public async Task Simulate_ScenarioFile_RunsIt()
    {
        var path = Path.Combine(Path.GetTempPath(), $"adpilot-{Guid.NewGuid():N}.json");
        try
        {
            var sample = await CliRunner.RunAsync("scenario", "sample", "--seed", "11", "--adsets", "3", "--out", path);
            Assert.Equal(0, sample.ExitCode);

            var result = await CliRunner.RunAsync("simulate", "--scenario", path, "--days", "1", "--json", "--policy", "fixed");

            Assert.Equal(0, result.ExitCode);
            Assert.Contains("\"seed\":11", result.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Simulate_WithoutJson_PrintsATableNamingEveryPolicy()
    {
        var result = await CliRunner.RunAsync("simulate", "--days", "1");

        Assert.Equal(0, result.ExitCode);
        foreach (var name in new[] { "oracle", "fixed", "rules", "proportional", "profit", "of oracle" })
        {
            Assert.Contains(name, result.Stdout, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("--days", "0")]
    [InlineData("--days", "many")]
    [InlineData("--policy", "magic")]
    [InlineData("--preset", "other")]
    [InlineData("--bogus", "1")]
    public async Task Simulate_BadArgument_OneLineErrorAndExitCode2(string option, string value)
    {
        var result = await CliRunner.RunAsync("simulate", option, value);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(string.Empty, result.Stdout);
        Assert.Single(result.Stderr.TrimEnd('\n').Split('\n'));
        Assert.StartsWith("adpilot: ", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Simulate_ScenarioAndPreset_RefusedWithExitCode2()
    {
        var result = await CliRunner.RunAsync("simulate", "--scenario", "x.json", "--preset", "default");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("cannot be used together", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Simulate_MissingScenarioFile_NamesThePathWithoutAStackTrace()
    {
        var result = await CliRunner.RunAsync("simulate", "--scenario", "/nonexistent/world.json");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("/nonexistent/world.json", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Simulate_InvalidScenario_NamesTheFieldAndReason()
    {
        var path = Path.Combine(Path.GetTempPath(), $"adpilot-{Guid.NewGuid():N}.json");
        try
        {
            await CliRunner.RunAsync("scenario", "sample", "--seed", "3", "--adsets", "2", "--out", path);
            var json = await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken);
            json = json.Replace("\"timeZone\": \"America/New_York\"", "\"timeZone\": \"Mars/Olympus\"", StringComparison.Ordinal);
            await File.WriteAllTextAsync(path, json, TestContext.Current.CancellationToken);

            var result = await CliRunner.RunAsync("simulate", "--scenario", path, "--days", "1");

            Assert.Equal(2, result.ExitCode);
            Assert.Contains("store.timeZone", result.Stderr, StringComparison.Ordinal);
            Assert.Contains("Mars/Olympus", result.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Help_ListsTheCommands()
    {
        var result = await CliRunner.RunAsync("--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("simulate", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("scenario", result.Stdout, StringComparison.Ordinal);
    }

    private static decimal Profit(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty("policies")[0].GetProperty("profit").GetDecimal();
    }
}

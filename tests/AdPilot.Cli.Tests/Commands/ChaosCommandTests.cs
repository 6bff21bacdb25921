using System.Text.Json;

namespace AdPilot.Cli.Tests.Commands;

public sealed class ChaosCommandTests : IDisposable
{
    private static readonly string[] ContractFields =
    [
        "days", "seed", "cycles", "workerKills", "faultsInjected", "webhooksSent", "webhooksLost", "changesApplied",
        "changesAppliedTwice", "intendedChangesLost", "guardrailViolations", "budgetMismatches", "passed",
    ];

    private readonly string _out = Path.Combine(Path.GetTempPath(), "adpilot-chaos-cli-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Chaos_Json_PrintsTheContractAndExitsZeroWhenNothingWasLost()
    {
        var result = await CliRunner.RunAsync("chaos", "--days", "3", "--seed", "4", "--adsets", "2", "--kill-probability", "0.3", "--out", _out, "--json");

        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        Assert.Equal("", result.Stderr);
        using var json = JsonDocument.Parse(result.Stdout);
        var root = json.RootElement;
        foreach (var field in ContractFields)
        {
            Assert.True(root.TryGetProperty(field, out _), $"the JSON has no {field}");
        }

        Assert.Equal(3, root.GetProperty("days").GetInt32());
        Assert.Equal(4UL, root.GetProperty("seed").GetUInt64());
        Assert.True(root.GetProperty("passed").GetBoolean());
        foreach (var mustBeZero in new[] { "webhooksLost", "changesAppliedTwice", "intendedChangesLost", "guardrailViolations", "budgetMismatches" })
        {
            Assert.Equal(0, root.GetProperty(mustBeZero).GetInt32());
        }

        Assert.True(root.GetProperty("cycles").GetInt32() >= 3 * 24 * 2);
        Assert.True(root.GetProperty("workerKills").GetInt32() > 0);
        Assert.True(root.GetProperty("webhooksSent").GetInt32() > 0);
        Assert.True(root.GetProperty("faultsInjected").GetProperty("latency").GetInt64() > 0);
        Assert.True(File.Exists(Path.Combine(_out, "chaos.db")));
    }

    [Fact]
    public async Task Chaos_FaultsFile_IsTheFaultPlan()
    {
        var file = Path.Combine(Directory.CreateDirectory(_out).FullName, "faults.json");
        await File.WriteAllTextAsync(
            file, """{"seed": 3, "rules": [{"platform": "any", "fault": "http_429", "probability": 0.05}]}""", TestContext.Current.CancellationToken);

        var result = await CliRunner.RunAsync("chaos", "--days", "1", "--adsets", "2", "--kill-probability", "0", "--faults", file, "--out", _out, "--json");

        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        using var json = JsonDocument.Parse(result.Stdout);
        var faults = json.RootElement.GetProperty("faultsInjected");
        Assert.True(faults.GetProperty("http_429").GetInt64() > 0);
        Assert.False(faults.TryGetProperty("latency", out _));
        Assert.Equal(0, json.RootElement.GetProperty("workerKills").GetInt32());
    }

    [Theory]
    [InlineData("--days", "0")]
    [InlineData("--adsets", "1")]
    [InlineData("--kill-probability", "1.5")]
    [InlineData("--faults", "/nonexistent/faults.json")]
    public async Task Chaos_BadArguments_ExitWithTwoAndNameTheProblem(string option, string value)
    {
        var result = await CliRunner.RunAsync("chaos", option, value, "--out", _out);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(option == "--faults" ? "/nonexistent/faults.json" : option, result.Stderr, StringComparison.Ordinal);
        Assert.Single(result.Stderr.Trim().Split('\n'));
        Assert.False(File.Exists(Path.Combine(_out, "chaos.db")));
    }

    [Fact]
    public async Task Chaos_Help_NamesEveryOption()
    {
        var result = await CliRunner.RunAsync("chaos", "--help");

        Assert.Equal(0, result.ExitCode);
        foreach (var option in new[] { "--days", "--seed", "--adsets", "--kill-probability", "--faults", "--out", "--json" })
        {
            Assert.Contains(option, result.Stdout, StringComparison.Ordinal);
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(_out))
        {
            Directory.Delete(_out, recursive: true);
        }
    }
}

using System.Text.Json;

namespace AdPilot.Cli.Tests.Commands;

public sealed class DemoCommandTests : IDisposable
{
    private readonly string _out = Path.Combine(Path.GetTempPath(), "adpilot-demo-cli-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Demo_Json_PrintsTheContractAndWritesTheReport()
    {
        var result = await CliRunner.RunAsync("demo", "--days", "2", "--pretrain-episodes", "2", "--out", _out, "--json");

        Assert.True(result.ExitCode == 0, result.Stderr);
        using var json = JsonDocument.Parse(result.Stdout);
        var root = json.RootElement;
        Assert.Equal(2, root.GetProperty("days").GetInt32());
        var modes = root.GetProperty("modes");
        Assert.Equal(1, modes.GetProperty("shadow").GetInt32());
        Assert.Equal(1, modes.GetProperty("pilot").GetInt32());
        Assert.Equal(0, modes.GetProperty("expand").GetInt32());
        var policies = root.GetProperty("policies").EnumerateArray().ToList();
        Assert.Equal(["adpilot", "fixed", "rules"], policies.Select(p => p.GetProperty("name").GetString()));
        foreach (var p in policies)
        {
            var spend = p.GetProperty("spend").GetDecimal();
            Assert.True(spend > 0);
            Assert.Equal(p.GetProperty("revenue").GetDecimal() / spend, p.GetProperty("roas").GetDecimal(), 2);
            Assert.Equal(JsonValueKind.Number, p.GetProperty("profit").ValueKind);
        }

        Assert.Equal(0, root.GetProperty("guardrailViolations").GetInt32());
        Assert.True(root.GetProperty("decisions").GetInt32() > 0);
        var report = root.GetProperty("reportPath").GetString()!;
        Assert.True(Path.IsPathRooted(report));
        var html = await File.ReadAllTextAsync(report, TestContext.Current.CancellationToken);
        Assert.Contains("<canvas id=\"daily-profit\"", html, StringComparison.Ordinal);
        Assert.Contains("window.Chart", html, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_out, "demo.db")));

        // The demo's database is a real one: the shadow report reads its first day (shadow) and its second (pilot).
        var page = Path.Combine(_out, "shadow.html");
        var shadow = await CliRunner.RunAsync(
            "report", "shadow", "--db", "sqlite:" + Path.Combine(_out, "demo.db"), "--from", "2000-01-01", "--to", "2100-01-01", "--html", page, "--json");
        Assert.True(shadow.ExitCode == 0, shadow.Stderr);
        using var shadowJson = JsonDocument.Parse(shadow.Stdout);
        var s = shadowJson.RootElement;
        Assert.Equal(root.GetProperty("decisions").GetInt32(), s.GetProperty("policyDecisions").GetInt32());
        Assert.Equal(0, s.GetProperty("humanChanges").GetInt32()); // nobody touched the sandbox's budgets
        Assert.Equal(root.GetProperty("adSets").GetInt32() * 2, s.GetProperty("agreement").GetProperty("adSetDays").GetInt32());
        Assert.True(s.GetProperty("value").GetProperty("hours").GetInt32() > 0);
        Assert.Equal(page, s.GetProperty("htmlPath").GetString());
        Assert.Contains("<canvas id=\"agreement\"", await File.ReadAllTextAsync(page, TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--days", "0")]
    [InlineData("--adsets", "1")]
    [InlineData("--shadow-days", "15")]
    public async Task Demo_BadArguments_ExitWithTwoAndNameTheOption(string option, string value)
    {
        var result = await CliRunner.RunAsync("demo", option, value, "--out", _out);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(option, result.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_out, "demo.db")));
    }

    public void Dispose()
    {
        if (Directory.Exists(_out))
        {
            Directory.Delete(_out, recursive: true);
        }
    }
}

namespace AdPilot.Cli.Tests.Commands;

public sealed class ReportCommandTests
{
    [Theory]
    [InlineData("--from", "yesterday", "--from")]
    [InlineData("--to", "2026-13-01", "--to")]
    [InlineData("--days", "0", "--days")]
    public async Task Shadow_BadArguments_ExitWithTwoAndNameTheOption(string option, string value, string named)
    {
        var result = await CliRunner.RunAsync("report", "shadow", option, value, "--db", "sqlite:" + Path.Combine(Path.GetTempPath(), "never-" + Guid.NewGuid().ToString("N") + ".db"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(named, result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Shadow_FromAfterTo_ExitsWithTwoAndSaysSo()
    {
        var result = await CliRunner.RunAsync("report", "shadow", "--from", "2026-11-02", "--to", "2026-11-01");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("must be before --to", result.Stderr, StringComparison.Ordinal);
    }
}

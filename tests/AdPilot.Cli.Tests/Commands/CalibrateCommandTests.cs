namespace AdPilot.Cli.Tests.Commands;

public sealed class CalibrateCommandTests
{
    [Theory]
    [InlineData("--days", "soon")]
    [InlineData("--days", "0")]
    [InlineData("--scenarios", "-1")]
    public async Task Calibrate_BadNumber_OneLineErrorAndExitCode2(string option, string value)
    {
        var result = await CliRunner.RunAsync("calibrate", option, value);

        Assert.Equal(2, result.ExitCode);
        Assert.Single(result.Stderr.TrimEnd('\n').Split('\n'));
        Assert.Contains(option, result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Calibrate_MissingDataFolder_NamesItWithExitCode2()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"adpilot-{Guid.NewGuid():N}");

        var result = await CliRunner.RunAsync("calibrate", "--data", missing, "--out", Path.Combine(missing, "report.md"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(missing, result.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(missing));
    }
}

using AdPilot.Core.Simulation;

namespace AdPilot.Cli.Tests.Commands;

public sealed class ScenarioCommandTests
{
    [Fact]
    public async Task Sample_PrintsAValidScenarioWithTheAskedAdSets()
    {
        var result = await CliRunner.RunAsync("scenario", "sample", "--seed", "42", "--adsets", "5");

        Assert.Equal(0, result.ExitCode);
        var scenario = ScenarioJson.Parse(result.Stdout);
        Assert.Equal(5, scenario.AdSets.Count);
        Assert.Equal(42UL, scenario.Seed);
    }

    [Fact]
    public async Task Sample_SameSeed_SameScenario()
    {
        var first = await CliRunner.RunAsync("scenario", "sample", "--seed", "9");
        var second = await CliRunner.RunAsync("scenario", "sample", "--seed", "9");
        var other = await CliRunner.RunAsync("scenario", "sample", "--seed", "10");

        Assert.Equal(first.Stdout, second.Stdout);
        Assert.NotEqual(first.Stdout, other.Stdout);
        Assert.Equal(DefaultFamily.DefaultAdSetCount, ScenarioJson.Parse(first.Stdout).AdSets.Count);
    }

    [Fact]
    public async Task Sample_Out_WritesTheFileAndNothingToStdout()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"adpilot-{Guid.NewGuid():N}");
        var path = Path.Combine(folder, "nested", "world.json");
        try
        {
            var result = await CliRunner.RunAsync("scenario", "sample", "--seed", "4", "--out", path);

            Assert.Equal(0, result.ExitCode);
            Assert.Equal(string.Empty, result.Stdout);
            var scenario = ScenarioJson.Parse(await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken));
            Assert.Equal(4UL, scenario.Seed);
            Assert.False(File.Exists(path + ".tmp"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Sample_WithoutSeed_ExitCode2()
    {
        var result = await CliRunner.RunAsync("scenario", "sample");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--seed", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Schema_PrintsThePublishedSchema()
    {
        var result = await CliRunner.RunAsync("scenario", "schema");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(ScenarioJson.Schema(), result.Stdout);
    }

    [Fact]
    public async Task Validate_ValidFile_SaysSo()
    {
        var path = Path.Combine(Path.GetTempPath(), $"adpilot-{Guid.NewGuid():N}.json");
        try
        {
            await CliRunner.RunAsync("scenario", "sample", "--seed", "2", "--adsets", "2", "--out", path);

            var result = await CliRunner.RunAsync("scenario", "validate", path);

            Assert.Equal(0, result.ExitCode);
            Assert.Contains("valid (2 ad sets)", result.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Validate_UnknownField_NamesItOnOneLine()
    {
        var path = Path.Combine(Path.GetTempPath(), $"adpilot-{Guid.NewGuid():N}.json");
        try
        {
            await CliRunner.RunAsync("scenario", "sample", "--seed", "2", "--adsets", "1", "--out", path);
            var json = await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken);
            await File.WriteAllTextAsync(path, json.Replace("\"seed\": 2,", "\"seed\": 2, \"colour\": \"red\",", StringComparison.Ordinal), TestContext.Current.CancellationToken);

            var result = await CliRunner.RunAsync("scenario", "validate", path);

            Assert.Equal(2, result.ExitCode);
            Assert.Contains("colour", result.Stderr, StringComparison.Ordinal);
            Assert.Single(result.Stderr.TrimEnd('\n').Split('\n'));
        }
        finally
        {
            File.Delete(path);
        }
    }
}

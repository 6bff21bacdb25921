namespace AdPilot.Cli.Tests.Commands;

public sealed class ServeCommandTests
{
    [Fact]
    public async Task Serve_WithoutACredentialInProduction_RefusesToStartAndSaysWhatToSet()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var environment = new Dictionary<string, string?> { ["DB_URL"] = "sqlite:" + Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".db") };

        var exit = await CliApp.RunAsync(["serve", "--url", "http://127.0.0.1:0"], stdout, stderr, TestContext.Current.CancellationToken, environment: environment);

        Assert.Equal(1, exit);
        Assert.Contains("WEB__ADMINTOKEN", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_UnknownMode_IsABadArgument()
    {
        var result = await CliRunner.RunAsync("serve", "--mode", "yolo");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("yolo", result.Stderr, StringComparison.Ordinal);
    }
}

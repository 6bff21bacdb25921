using System.Diagnostics;
using System.Text.Json;

namespace AdPilot.Cli.Tests;

/// <summary>The built <c>adpilot</c> program as a separate process: exit codes and streams as a script sees them.</summary>
public sealed class ProcessTests
{
    [Fact]
    public async Task Adpilot_SimulateJsonRedirected_PrintsOnlyJsonAndExitsZero()
    {
        var (exitCode, stdout, stderr) = await RunAsync("simulate", "--days", "2", "--json");

        Assert.Equal(0, exitCode);
        Assert.Equal(string.Empty, stderr);
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal(2, json.RootElement.GetProperty("days").GetInt32());
    }

    [Fact]
    public async Task Adpilot_BadArgument_ExitsTwoWithOneLineOnStderr()
    {
        var (exitCode, stdout, stderr) = await RunAsync("simulate", "--days", "-3");

        Assert.Equal(2, exitCode);
        Assert.Equal(string.Empty, stdout);
        Assert.Single(stderr.TrimEnd('\n').Split('\n'));
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        var program = Path.Combine(AppContext.BaseDirectory, "adpilot.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(program);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var cancellationToken = TestContext.Current.CancellationToken;
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, await stdout, await stderr);
    }
}

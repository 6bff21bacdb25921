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

    [Theory]
    [InlineData("INT")]
    [InlineData("TERM")]
    public async Task Adpilot_Sandbox_PrintsItsJsonLine_ServesTheClock_AndExitsZeroOnTheSignal(string signal)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "adpilot.dll"));
        start.ArgumentList.Add("sandbox");
        using var process = Process.Start(start)!;
        var cancellationToken = TestContext.Current.CancellationToken;
        try
        {
            var line = await process.StandardOutput.ReadLineAsync(cancellationToken).AsTask().WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
            using var json = JsonDocument.Parse(line!);
            var meta = new Uri(json.RootElement.GetProperty("meta").GetProperty("baseUrl").GetString()!);
            using var http = new HttpClient(new SocketsHttpHandler());
            using var advanced = await http.PostAsync(new Uri(meta, "/_sandbox/clock/advance?hours=2"), null, cancellationToken);
            Assert.Equal(System.Net.HttpStatusCode.OK, advanced.StatusCode);

            using (var kill = Process.Start("kill", [$"-{signal}", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync(cancellationToken);
            }

            await process.WaitForExitAsync(cancellationToken).WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
            Assert.Equal(0, process.ExitCode);
            Assert.Equal(string.Empty, await process.StandardOutput.ReadToEndAsync(cancellationToken));
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }
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

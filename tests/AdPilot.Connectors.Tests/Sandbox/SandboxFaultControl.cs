using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using AdPilot.Sandbox;
using Microsoft.Extensions.DependencyInjection;

namespace AdPilot.Connectors.Tests.Sandbox;

/// <summary>
/// Drives a running sandbox's faults over its own HTTP controls, as an operator would: <c>PUT /_sandbox/faults</c> starts
/// rules, <c>DELETE</c> stops them, <c>GET</c> tells how often each rule was tried and hit (docs/sandbox-faults.md).
/// </summary>
/// <param name="http">A typed client whose base address is the sandbox's root.</param>
public sealed class SandboxFaultControl(HttpClient http)
{
    private static readonly Uri Faults = new("_sandbox/faults", UriKind.Relative);

    /// <summary>Registers the control as a typed client of <paramref name="server"/>.</summary>
    public static void Register(IServiceCollection services, SandboxServer server) =>
        services.AddHttpClient<SandboxFaultControl>(c => c.BaseAddress = server.BaseUrl);

    /// <summary>
    /// One <c>timeout</c> rule (as rules JSON) that holds each request it hits for an hour: longer than anything
    /// <see cref="FaultTestClock"/> advances by itself, so only the client's attempt timeout ends it.
    /// </summary>
    public static string HoldRules(string platform, string endpoint, int? times = null)
    {
        var limit = times is { } t ? string.Create(CultureInfo.InvariantCulture, $",\"times\":{t}") : "";
        return $$"""[{"platform":"{{platform}}","endpoint":"{{endpoint}}","fault":"timeout","probability":1,"holdMs":3600000{{limit}}}]""";
    }

    /// <summary>Replaces the running rules with <paramref name="rules"/> (a JSON array of rules) under <paramref name="seed"/>.</summary>
    public async Task StartAsync(string rules, CancellationToken cancellationToken, ulong seed = 7)
    {
        using var content = new StringContent($$"""{"seed":{{seed}},"rules":{{rules}}}""", Encoding.UTF8, "application/json");
        using var response = await http.PutAsync(Faults, content, cancellationToken);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
    }

    /// <summary>Removes every rule: the sandbox behaves again.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        using var response = await http.DeleteAsync(Faults, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>How many requests each running rule was tried on and how many it hit, in rule order.</summary>
    public async Task<IReadOnlyList<(long Tried, long Injected)>> CountsAsync(CancellationToken cancellationToken)
    {
        var root = await http.GetFromJsonAsync<JsonObject>(Faults, cancellationToken);
        return [.. root!["rules"]!.AsArray().Select(r => (r!["tried"]!.GetValue<long>(), r["injected"]!.GetValue<long>()))];
    }

    /// <summary>
    /// Ends <paramref name="attempts"/> attempts that a <c>timeout</c> rule (rule <paramref name="rule"/>) holds, one after
    /// the other: waits until the sandbox holds the next one, then advances <paramref name="clock"/> by the attempt
    /// timeout, which fires the client's timer of that attempt.
    /// </summary>
    public async Task TimeOutHeldAttemptsAsync(FaultTestClock clock, int attempts, CancellationToken cancellationToken, int rule = 0)
    {
        for (var held = 1; held <= attempts; held++)
        {
            await WaitForInjectedAsync(rule, held, cancellationToken);
            clock.Advance(FaultTestResilience.AttemptTimeout);
        }
    }

    /// <summary>Waits until rule <paramref name="rule"/> has hit <paramref name="count"/> times, or a generous bound passes.</summary>
    public async Task WaitForInjectedAsync(int rule, long count, CancellationToken cancellationToken)
    {
        var deadline = Task.Delay(TimeSpan.FromSeconds(60), TimeProvider.System, cancellationToken);
        while ((await CountsAsync(cancellationToken))[rule].Injected < count)
        {
            Assert.False(deadline.IsCompleted, $"rule {rule} did not hit {count} times");
            await Task.Delay(TimeSpan.FromMilliseconds(5), TimeProvider.System, cancellationToken);
        }
    }
}

using AdPilot.Sandbox.Faults;
using AdPilot.Tests.Fuzz;

namespace AdPilot.Sandbox.Tests.Fuzz;

/// <summary>
/// Fuzzes the sandbox faults file (docs/sandbox-faults.md, docs/fuzzing.md): every document gives faults or a
/// <see cref="SandboxFaultsException"/> whose message names the field ("faults…").
/// </summary>
public sealed class SandboxFaultsFuzzTests
{
    [Fact]
    public async Task Parse_FuzzedFaultsFiles_ReadOrRejectedNamingTheField()
    {
        string[] seeds =
        [
            """
            {
              "seed": 7,
              "rules": [
                {"platform": "meta", "endpoint": "insights", "fault": "throttle", "probability": 0.2, "retryAfterSeconds": 120},
                {"platform": "any", "endpoint": "*", "fault": "latency", "probability": 0.5, "latencyMs": 200, "times": 100}
              ],
              "webhooks": {"duplicateProbability": 0.1, "outOfOrderProbability": 0.1, "failureProbability": 0.05}
            }
            """,
            """{"rules": [{"platform": "tiktok", "fault": "latency", "probability": 1, "latencyMs": 2000}]}""",
            """{"rules": [{"platform": "meta", "endpoint": "insights", "fault": "http_429", "probability": 0.3, "retryAfterSeconds": 7}]}""",
        ];
        var target = new FuzzTarget
        {
            Parser = "SandboxFaults",
            Corpus = FuzzCorpus.Json(seeds),
            Parse = FuzzTarget.Sync(input => SandboxFaults.Parse(input.Text)),
            IsDocumentedError = e => e is SandboxFaultsException,
            MessageProblem = FuzzTarget.Naming("faults"),
        };

        (await Fuzzer.RunAsync(target)).AssertBothPaths();
    }
}

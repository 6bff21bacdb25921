using AdPilot.Core.Guardrails;
using AdPilot.Core.Platforms;
using AdPilot.Runtime.Loop;
using AdPilot.Runtime.Tests.Loop;
using AdPilot.Sandbox.Faults;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Tests.Infrastructure;

namespace AdPilot.Runtime.Tests.Observability;

/// <summary>What real cycles against the sandbox record in <see cref="Runtime.Observability.AdPilotMetrics"/>, read through a <c>MeterListener</c>.</summary>
public sealed class CycleMetricsTests(PostgresCluster cluster)
{
    [Fact]
    public async Task RunAsync_AgainstTheSandbox_RecordsCyclesDecisionsRewardsApiCallsErrorsAndHeadroom()
    {
        // TikTok's first report read is throttled (HTTP 200, code 40100) and not retried: that account's first cycle fails.
        var faults = SandboxFaults.Parse("""{"rules": [{"platform": "tiktok", "endpoint": "report", "fault": "throttle", "probability": 1, "times": 1}]}""");
        await using var loop = await LoopHarness.StartAsync(
            cluster, DatabaseDialect.Sqlite, new Dictionary<string, string?> { ["TikTok:MaxThrottleRetries"] = "0" }, faults: faults);
        using var recorded = new RecordedMeasurements(loop.Metrics);

        var reports = new List<CycleReport>();
        var failed = new List<string>();
        for (var h = 0; h < 2; h++)
        {
            loop.World.Advance(1);
            foreach (var account in loop.Accounts)
            {
                try
                {
                    reports.Add(await loop.Cycle.RunAsync(loop.StoreId, account, loop.Hour, RolloutStage.Shadow, LoopHarness.Ct));
                }
                catch (PlatformException)
                {
                    failed.Add(account.ToString());
                }
            }
        }

        await loop.Cycle.WhenIdleAsync();
        recorded.RecordObservables();

        Assert.Single(failed);
        var cycles = recorded.Of("adpilot.cycle.duration");
        Assert.Equal(2 * loop.Accounts.Count, cycles.Count);
        Assert.All(cycles, c => Assert.Equal("shadow", c["stage"]));
        var failedCycle = Assert.Single(cycles, c => c["outcome"] == "failed");
        Assert.Equal("tiktok", failedCycle["platform"]);
        Assert.Equal(reports.Count, cycles.Count(c => c["outcome"] == "succeeded"));
        Assert.All(cycles, c => Assert.True(c.Value >= 0));

        var decisions = recorded.Of("adpilot.decisions");
        Assert.Equal(reports.Sum(r => r.Decisions), decisions.Sum(d => d.Value));
        Assert.All(decisions, d => Assert.Equal("shadow", d["stage"]));
        Assert.Contains(decisions, d => d["verdict"] == "allowed");

        var rewards = recorded.Of("adpilot.reward");
        Assert.NotEmpty(rewards);
        Assert.True(rewards.Count <= reports.Sum(r => r.Rewards), $"{rewards.Count} rewards recorded, {reports.Sum(r => r.Rewards)} scored");
        Assert.Subset(new HashSet<string> { "instagram", "tiktok" }, rewards.Select(r => r["platform"]).ToHashSet());

        var calls = recorded.Of("adpilot.api.calls");
        foreach (var api in new[] { "meta", "tiktok", "shopify" })
        {
            Assert.Contains(calls, c => c["platform"] == api && c["status"] == "2xx");
        }

        var errors = recorded.Of("adpilot.api.errors");
        Assert.Contains(errors, e => e["platform"] == "tiktok" && e["kind"] == "throttled");
        Assert.Equal(errors.Count, (int)new[] { "meta", "tiktok", "shopify" }.Sum(loop.Metrics.ApiErrorTotal));

        var headroom = recorded.Of("adpilot.ratelimit.headroom");
        Assert.Contains(headroom, h => h["platform"] == "meta");
        Assert.Contains(headroom, h => h["platform"] == "shopify");
        Assert.DoesNotContain(headroom, h => h["platform"] == "tiktok");
        Assert.All(headroom, h => Assert.InRange(h.Value, 0, 1));
    }
}

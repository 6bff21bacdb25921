using AdPilot.Core.Guardrails;
using AdPilot.Core.Platforms;
using AdPilot.Runtime.Alerts;
using AdPilot.Runtime.Tests.Loop;
using AdPilot.Sandbox.Faults;
using AdPilot.Storage.Alerts;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Tests.Infrastructure;

namespace AdPilot.Runtime.Tests.Alerts;

/// <summary>The loop as <c>adpilot run</c> builds it, with a webhook on loopback: its cycles' alerts reach the table and the webhook once each.</summary>
public sealed class LoopAlertsTests(PostgresCluster cluster)
{
    [Fact]
    public async Task Cycles_GuardrailRoasPauseAndFailedCycle_ReachTheWebhookOnceEach_WhileTheyLast()
    {
        await using var webhook = await WebhookReceiver.StartAsync(LoopHarness.Ct);

        // No account reaches a ROAS of 1000, so after one hour with spend every account's changes pause; TikTok's first
        // report read is throttled and not retried, so its first cycle fails.
        var faults = SandboxFaults.Parse("""{"rules": [{"platform": "tiktok", "endpoint": "report", "fault": "throttle", "probability": 1, "times": 1}]}""");
        await using var loop = await LoopHarness.StartAsync(
            cluster,
            DatabaseDialect.Sqlite,
            new Dictionary<string, string?>
            {
                ["Guardrails:RoasPauseThreshold"] = "1000",
                ["Guardrails:RoasPauseHours"] = "1",
                ["TikTok:MaxThrottleRetries"] = "0",
                ["Alerts:SlackWebhookUrl"] = webhook.Url.ToString(),
                ["Alerts:SlackRetryDelay"] = "00:00:00",
                ["Alerts:LowRoasMinSpend"] = "1000000000",
            },
            faults: faults);

        for (var h = 0; h < 4; h++)
        {
            loop.World.Advance(1);
            foreach (var account in loop.Accounts)
            {
                try
                {
                    await loop.Cycle.RunAsync(loop.StoreId, account, loop.Hour, RolloutStage.Shadow, LoopHarness.Ct);
                }
                catch (PlatformException)
                {
                    // The throttled cycle: its alert is what this test looks for.
                }
            }
        }

        var open = await new AlertStore(loop.Db.Database, loop.World.Clock).ListOpenAsync(loop.StoreId, LoopHarness.Ct);
        Assert.Equal(loop.Accounts.Count, open.Count(a => a.Kind == GuardrailReasonCodes.RoasPause));
        Assert.DoesNotContain(open, a => a.Kind == AlertKinds.ApiFailure);
        var texts = webhook.Texts.ToArray();
        Assert.Equal(loop.Accounts.Count, texts.Count(t => t.Contains("changes paused", StringComparison.Ordinal)));
        Assert.Single(texts, t => t.StartsWith("AdPilot alert (critical", StringComparison.Ordinal) && t.Contains("TikTok", StringComparison.Ordinal));
        Assert.Single(texts, t => t.StartsWith("AdPilot resolved", StringComparison.Ordinal) && t.Contains("TikTok", StringComparison.Ordinal));
        Assert.Equal(texts.Length, webhook.Posts);
    }
}

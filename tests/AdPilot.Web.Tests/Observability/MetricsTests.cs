using System.Net;
using System.Text.RegularExpressions;
using AdPilot.Core.Guardrails;
using AdPilot.Runtime.Loop;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Tests.Infrastructure;
using AdPilot.Web.Tests.Infrastructure;

namespace AdPilot.Web.Tests.Observability;

/// <summary>A real cycle in the web app's process shows on <c>/metrics</c> under the names a Prometheus scrape sees.</summary>
public sealed partial class MetricsTests(PostgresCluster cluster)
{
    [Fact]
    public async Task Metrics_AfterACycle_ShowTheCycleDecisionsRewardsApiCallsAndHeadroom()
    {
        await using var web = await WebHarness.StartAsync(cluster, DatabaseDialect.Sqlite);
        var cycle = web.Service<HourlyCycle>();
        for (var h = 0; h < 2; h++)
        {
            web.World.Advance(1);
            var now = web.World.Clock.GetUtcNow();
            var hour = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero);
            foreach (var account in cycle.Accounts)
            {
                await cycle.RunAsync(web.StoreId, account, hour, RolloutStage.Shadow, WebHarness.Ct);
            }
        }

        await cycle.WhenIdleAsync();

        using var response = await web.Client.GetAsync(new Uri("metrics", UriKind.Relative), WebHarness.Ct);
        var text = await response.Content.ReadAsStringAsync(WebHarness.Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var names = MetricName().Matches(text).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        Assert.Empty(
            new[]
            {
                "adpilot_cycle_duration_seconds_bucket",
                "adpilot_decisions_total",
                "adpilot_reward_bucket",
                "adpilot_api_calls_total",
                "adpilot_ratelimit_headroom",
                "adpilot_webhooks_queue_lag_seconds",
            }.Except(names));
        Assert.Contains("""adpilot_api_calls_total{otel_scope_name="AdPilot",platform="shopify",status="2xx"}""", text, StringComparison.Ordinal);
        Assert.Contains("""outcome="succeeded",platform="tiktok",stage="shadow""", text, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^(adpilot_[a-z_]+)", RegexOptions.Multiline)]
    private static partial Regex MetricName();
}

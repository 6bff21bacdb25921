using AdPilot.Core.Domain;
using AdPilot.Core.Platforms;
using AdPilot.Runtime.Alerts;
using AdPilot.Storage.Alerts;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Tests.Infrastructure;

namespace AdPilot.Runtime.Tests.Alerts;

/// <summary>
/// The alert rules on real rows in SQLite (PostgreSQL too for the store-wide sum), told to a Slack-compatible webhook on
/// loopback: a new condition posts once, a lasting one never again, and its end posts one recovery.
/// </summary>
public sealed class AlertServiceTests(PostgresCluster cluster)
{
    private static readonly string[] AdSets = ["as1", "as2"];

    [Fact]
    public async Task EvaluateCycleAsync_FailedCycle_NotifiesOnce_WhilePersisting_ThenOneRecovery()
    {
        await using var alerts = await AlertHarness.StartAsync(cluster);
        var failed = new CycleAlertInput(alerts.StoreId, AlertHarness.Account, AlertHarness.Hour.AddHours(1), [], 1, "Meta answered HTTP 503");

        await alerts.Service.EvaluateCycleAsync(failed, AlertHarness.Ct);
        var text = Assert.Single(alerts.Webhook.Texts);
        Assert.Contains("failed: Meta answered HTTP 503", text, StringComparison.Ordinal);
        var open = Assert.Single(await alerts.OpenAsync());
        Assert.Equal((AlertKinds.ApiFailure, AlertSeverity.Critical, "api_failure:Instagram:1234567890"), (open.Kind, open.Severity, open.DedupeKey));

        await alerts.Service.EvaluateCycleAsync(failed with { HourUtc = failed.HourUtc.AddHours(1) }, AlertHarness.Ct);
        Assert.Single(alerts.Webhook.Texts);
        Assert.Single(await alerts.OpenAsync());

        await alerts.Service.EvaluateCycleAsync(AlertHarness.Succeeded(alerts.StoreId, AdSets), AlertHarness.Ct);
        Assert.Equal(2, alerts.Webhook.Texts.Count);
        Assert.StartsWith("AdPilot resolved", alerts.Webhook.Texts.Last(), StringComparison.Ordinal);
        Assert.Empty(await alerts.OpenAsync());
        var history = await alerts.Alerts.ListRecentAsync(alerts.StoreId, AlertHarness.Hour, 10, AlertHarness.Ct);
        Assert.NotNull(Assert.Single(history).ResolvedAt);

        await alerts.Service.EvaluateCycleAsync(AlertHarness.Succeeded(alerts.StoreId, AdSets), AlertHarness.Ct);
        Assert.Equal(2, alerts.Webhook.Texts.Count);
        Assert.Contains(alerts.Logs.Events, e => e.Id.Id == 8000);
        Assert.Contains(alerts.Logs.Events, e => e.Id.Id == 8001);
    }

    [Fact]
    public async Task EvaluateCycleAsync_ApiErrors_RaiseFromTheThresholdOn()
    {
        await using var alerts = await AlertHarness.StartAsync(cluster, settings: new Dictionary<string, string?> { ["Alerts:ApiErrorThreshold"] = "3" });

        await alerts.Service.EvaluateCycleAsync(AlertHarness.Succeeded(alerts.StoreId, AdSets, apiErrors: 2), AlertHarness.Ct);
        Assert.Empty(await alerts.OpenAsync());

        await alerts.Service.EvaluateCycleAsync(AlertHarness.Succeeded(alerts.StoreId, AdSets, apiErrors: 3), AlertHarness.Ct);
        Assert.Equal(AlertKinds.ApiFailure, Assert.Single(await alerts.OpenAsync()).Kind);
        Assert.Contains("3 API calls failed", Assert.Single(alerts.Webhook.Texts), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EvaluateCycleAsync_HourFarAboveTheTrailingDay_IsASpike_AndItsEndRecovers()
    {
        await using var alerts = await AlertHarness.StartAsync(cluster);
        await alerts.SpendAsync(AlertHarness.Account, AdSets, Enumerable.Range(1, 24).Select(h => (-h, 10m, 30m)).Append((0, 60m, 30m)));
        await alerts.SpendAsync(AlertHarness.Account with { Platform = Platform.TikTok }, AdSets, [(0, 500m, 1000m)]);

        await alerts.Service.EvaluateCycleAsync(AlertHarness.Succeeded(alerts.StoreId, AdSets), AlertHarness.Ct);

        var spike = Assert.Single(await alerts.OpenAsync());
        Assert.Equal((AlertKinds.SpendSpike, "spend_spike:Instagram:1234567890"), (spike.Kind, spike.DedupeKey));
        Assert.Contains("spent 60.00 USD", spike.Message, StringComparison.Ordinal);
        Assert.Contains("6.0x its baseline of 10.00 USD", spike.Message, StringComparison.Ordinal);
        Assert.Single(alerts.Webhook.Texts);

        // The next hour is back to normal: the spike resolves, with one recovery message.
        await alerts.SpendAsync(AlertHarness.Account, AdSets, [(1, 12m, 30m)]);
        await alerts.Service.EvaluateCycleAsync(AlertHarness.Succeeded(alerts.StoreId, AdSets) with { HourUtc = AlertHarness.Hour.AddHours(2) }, AlertHarness.Ct);
        Assert.Empty(await alerts.OpenAsync());
        Assert.Equal(2, alerts.Webhook.Texts.Count);
    }

    [Theory]
    [InlineData(30, 59)] // within twice the baseline
    [InlineData(5, 45)] // nine times the baseline, but under the minimum spend of 50
    public async Task EvaluateCycleAsync_HourNotASpike_RaisesNothing(int baseline, int spend)
    {
        await using var alerts = await AlertHarness.StartAsync(cluster);
        await alerts.SpendAsync(AlertHarness.Account, AdSets, Enumerable.Range(1, 24).Select(h => (-h, (decimal)baseline, 100m)).Append((0, (decimal)spend, 100m)));

        await alerts.Service.EvaluateCycleAsync(AlertHarness.Succeeded(alerts.StoreId, AdSets), AlertHarness.Ct);

        Assert.Empty(await alerts.OpenAsync());
        Assert.Empty(alerts.Webhook.Texts);
    }

    [Fact]
    public async Task EvaluateCycleAsync_TooLittleHistory_JudgesNoSpike()
    {
        await using var alerts = await AlertHarness.StartAsync(cluster);
        await alerts.SpendAsync(AlertHarness.Account, AdSets, Enumerable.Range(1, 5).Select(h => (-h, 1m, 0m)).Append((0, 500m, 0m)));

        await alerts.Service.EvaluateCycleAsync(AlertHarness.Succeeded(alerts.StoreId, AdSets), AlertHarness.Ct);

        Assert.Empty(await alerts.OpenAsync());
    }

    [Theory]
    [InlineData("SameHour", true)]
    [InlineData("Trailing24Hours", false)]
    public async Task EvaluateCycleAsync_SameHourBaseline_ComparesWithTheSameHourOfTheWeek(string baseline, bool spike)
    {
        await using var alerts = await AlertHarness.StartAsync(cluster, settings: new Dictionary<string, string?> { ["Alerts:SpendSpikeBaseline"] = baseline });

        // A quiet hour of the day (10 a day at this hour, 100 at the others) jumps to 80.
        var week = Enumerable.Range(1, 7 * 24).Select(h => (-h, h % 24 == 0 ? 10m : 100m, 0m));
        await alerts.SpendAsync(AlertHarness.Account, AdSets, week.Append((0, 80m, 0m)));

        await alerts.Service.EvaluateCycleAsync(AlertHarness.Succeeded(alerts.StoreId, AdSets), AlertHarness.Ct);

        Assert.Equal(spike, (await alerts.OpenAsync()).Any(a => a.Kind == AlertKinds.SpendSpike));
    }

    [Theory]
    [InlineData(DatabaseDialect.Sqlite)]
    [InlineData(DatabaseDialect.PostgreSql)]
    public async Task EvaluateStoreAsync_LowRoasOverTheDayBefore_Raises_AndRecoversWhenRevenueReturns(DatabaseDialect dialect)
    {
        await using var alerts = await AlertHarness.StartAsync(cluster, dialect);

        // Both platforms' ad sets count; the hour just scored (0) does not.
        await alerts.SpendAsync(AlertHarness.Account, AdSets, Enumerable.Range(1, 24).Select(h => (-h, 5m, 4m)).Append((0, 1m, 1000m)));
        await alerts.SpendAsync(AlertHarness.Account with { Platform = Platform.TikTok }, ["tt1"], Enumerable.Range(1, 24).Select(h => (-h, 1m, 0.5m)));
        await alerts.Service.EvaluateStoreAsync(alerts.StoreId, AlertHarness.Hour.AddHours(1), "USD", AlertHarness.Ct);

        var low = Assert.Single(await alerts.OpenAsync());
        Assert.Equal((AlertKinds.LowRoas, AlertSeverity.Warning), (low.Kind, low.Severity));
        Assert.Contains("is 0.75 (revenue 108.00 USD on spend 144.00 USD), under 1.00", low.Message, StringComparison.Ordinal);
        await alerts.Service.EvaluateStoreAsync(alerts.StoreId, AlertHarness.Hour.AddHours(1), "USD", AlertHarness.Ct);
        Assert.Single(alerts.Webhook.Texts);

        await alerts.SpendAsync(AlertHarness.Account, AdSets, Enumerable.Range(1, 24).Select(h => (-h, 5m, 10m)));
        await alerts.Service.EvaluateStoreAsync(alerts.StoreId, AlertHarness.Hour.AddHours(1), "USD", AlertHarness.Ct);
        Assert.Empty(await alerts.OpenAsync());
        Assert.Equal(2, alerts.Webhook.Texts.Count);
    }

    [Fact]
    public async Task EvaluateStoreAsync_LowRoasOnTooLittleSpend_RaisesNothing()
    {
        await using var alerts = await AlertHarness.StartAsync(cluster);
        await alerts.SpendAsync(AlertHarness.Account, AdSets, Enumerable.Range(1, 24).Select(h => (-h, 4m, 0m)));

        await alerts.Service.EvaluateStoreAsync(alerts.StoreId, AlertHarness.Hour.AddHours(1), "USD", AlertHarness.Ct);

        Assert.Empty(await alerts.OpenAsync());
    }

    [Fact]
    public async Task EvaluateStoreAsync_QueueLagOverTheThreshold_Raises_AndRecoversWhenCaughtUp()
    {
        await using var alerts = await AlertHarness.StartAsync(cluster, settings: new Dictionary<string, string?> { ["Alerts:QueueLagMinutes"] = "10" });
        await alerts.Alerts.RaiseAsync(alerts.StoreId, AlertKinds.QueueLag, AlertSeverity.Warning, AlertKinds.QueueLag, "raised by the process that runs the queue", AlertHarness.Ct);

        // This process has not reported the queue: its lag of 0 says nothing, and the other process's alert stays open.
        await alerts.Service.EvaluateStoreAsync(alerts.StoreId, AlertHarness.Hour, "USD", AlertHarness.Ct);
        Assert.Single(await alerts.OpenAsync());
        Assert.True(await alerts.Alerts.ResolveAsync(alerts.StoreId, AlertKinds.QueueLag, AlertHarness.Ct));

        alerts.Metrics.WebhookQueue(3, 9 * 60);
        await alerts.Service.EvaluateStoreAsync(alerts.StoreId, AlertHarness.Hour, "USD", AlertHarness.Ct);
        Assert.Empty(await alerts.OpenAsync());

        alerts.Metrics.WebhookQueue(40, 11 * 60);
        await alerts.Service.EvaluateStoreAsync(alerts.StoreId, AlertHarness.Hour, "USD", AlertHarness.Ct);
        Assert.Equal(AlertKinds.QueueLag, Assert.Single(await alerts.OpenAsync()).Kind);

        alerts.Metrics.WebhookQueue(0, 0);
        await alerts.Service.EvaluateStoreAsync(alerts.StoreId, AlertHarness.Hour, "USD", AlertHarness.Ct);
        Assert.Empty(await alerts.OpenAsync());
        Assert.Equal(2, alerts.Webhook.Texts.Count);
    }

    [Fact]
    public async Task EvaluateCycleAsync_WebhookFailing_RetriesThenGivesUp_WithoutFailingOrNamingTheUrl()
    {
        await using var alerts = await AlertHarness.StartAsync(cluster);
        alerts.Webhook.Status = 503;
        var failed = new CycleAlertInput(alerts.StoreId, AlertHarness.Account, AlertHarness.Hour.AddHours(1), [], 0, "boom");

        await alerts.Service.EvaluateCycleAsync(failed, AlertHarness.Ct);

        Assert.Equal(3, alerts.Webhook.Posts);
        Assert.Single(await alerts.OpenAsync());
        var gaveUp = Assert.Single(alerts.Logs.Events, e => e.Id.Id == 8002);
        Assert.Contains("3 attempts (HTTP 503)", gaveUp.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(alerts.Logs.Events, e => e.Message.Contains("s3cr3t", StringComparison.Ordinal));

        // A refusal that retrying cannot fix (a revoked webhook) is tried once.
        alerts.Webhook.Status = 404;
        await alerts.Service.EvaluateCycleAsync(failed with { Account = AlertHarness.Account with { AccountId = "42" } }, AlertHarness.Ct);
        Assert.Equal(4, alerts.Webhook.Posts);
    }

    [Fact]
    public async Task KillSwitch_EngagedAndReleased_NotifiesEachOnce()
    {
        await using var alerts = await AlertHarness.StartAsync(cluster);
        var kill = new Runtime.Actuation.KillSwitchService(
            alerts.Alerts,
            new Storage.Actions.ActionLog(alerts.Db.Database, alerts.Clock),
            new Storage.Snapshots.BudgetSnapshotStore(alerts.Db.Database),
            alerts.Clock,
            notifier: alerts.Notifier);

        await kill.EngageAsync(alerts.StoreId, "ROAS collapsed", AlertHarness.Ct);
        await kill.EngageAsync(alerts.StoreId, "again", AlertHarness.Ct);
        Assert.Contains("kill switch engaged: ROAS collapsed", Assert.Single(alerts.Webhook.Texts), StringComparison.Ordinal);

        Assert.True(await kill.ReleaseAsync(alerts.StoreId, AlertHarness.Ct));
        Assert.False(await kill.ReleaseAsync(alerts.StoreId, AlertHarness.Ct));
        Assert.Equal(2, alerts.Webhook.Texts.Count);
        Assert.Contains("kill switch released", alerts.Webhook.Texts.Last(), StringComparison.Ordinal);
    }
}

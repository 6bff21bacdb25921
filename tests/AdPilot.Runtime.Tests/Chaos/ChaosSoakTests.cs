using AdPilot.Runtime.Chaos;
using AdPilot.Runtime.Loop;
using AdPilot.Sandbox.Faults;
using AdPilot.Web.Demo;

namespace AdPilot.Runtime.Tests.Chaos;

/// <summary>
/// The chaos soak: 30 simulated days of the production loop (real connectors, actuator, guardrails, ledger, webhook
/// receiver) against a sandbox failing on every endpoint, workers killed at random points. Nothing may be lost, doubled
/// or broken; and the chaos must really have happened, or the test proves nothing.
/// </summary>
public sealed class ChaosSoakTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunAsync_ThirtyDaysOfFaultsAndKills_LosesDoublesAndBreaksNothing()
    {
        // The issue's soak, at the CLI's defaults but for the seed: about 2.5 minutes on two cores, the one long test
        // of the suite, because the 30 days are the point (kills at every point, faults of every kind, a month of budgets).
        var report = await SoakAsync(new ChaosOptions { Days = 30, Seed = 11 });

        AssertNothingLostDoubledOrBroken(report);

        // The chaos was real: every kind of fault hit, workers died at the write points among others, and there was
        // work for them to get wrong.
        foreach (var kind in new[] { "latency", "http_429", "throttle", "server_error", "timeout", "malformed_body", "partial_batch", "expired_token" })
        {
            Assert.True(report.FaultsInjected.GetValueOrDefault(kind) > 0, $"no {kind} fault was injected");
        }

        foreach (var kind in new[] { "webhook_duplicate", "webhook_out_of_order", "webhook_failure" })
        {
            Assert.True(report.FaultsInjected.GetValueOrDefault(kind) > 0, $"no {kind} fault was injected");
        }

        Assert.True(report.WorkerKills >= 20, $"only {report.WorkerKills} workers were killed");
        Assert.True(report.KillsByPoint.Count >= 5, $"kills hit only {string.Join(", ", report.KillsByPoint.Keys)}");
        Assert.Contains("before_platform_write", report.KillsByPoint.Keys);
        Assert.Contains("after_platform_write", report.KillsByPoint.Keys);
        Assert.True(report.FailedCycles > 0, "no cycle failed: the faults did not reach the loop");
        Assert.True(report.ChangesApplied >= 20, $"only {report.ChangesApplied} changes reached the sandbox");
        Assert.True(report.WebhooksSent >= 200, $"only {report.WebhooksSent} webhooks were sent");
        Assert.True(report.Cycles >= 30 * 24 * 2, $"only {report.Cycles} cycles ran for {30 * 24 * 2} account-hours");
    }

    [Fact]
    public async Task RunAsync_AWeekWithAnotherSeedAndMoreKills_LosesDoublesAndBreaksNothing()
    {
        var report = await SoakAsync(new ChaosOptions { Days = 7, Seed = 23, AdSets = 4, KillProbability = 0.25 });

        AssertNothingLostDoubledOrBroken(report);
        Assert.True(report.WorkerKills >= 10, $"only {report.WorkerKills} workers were killed");
        Assert.True(report.FaultsInjected.Count(f => f.Value > 0) >= 8, $"few kinds of fault hit: {string.Join(", ", report.FaultsInjected.Keys)}");
    }

    [Fact]
    public async Task RunAsync_NoFaultsNoKills_CountsTheCleanRunAndPasses()
    {
        var report = await SoakAsync(new ChaosOptions { Days = 2, Seed = 5, AdSets = 2, KillProbability = 0, Faults = new SandboxFaults { Seed = 5 } });

        AssertNothingLostDoubledOrBroken(report);
        Assert.Equal(0, report.WorkerKills);
        Assert.Equal(2 * 24 * 2, report.Cycles);
        Assert.DoesNotContain(report.FaultsInjected, f => f.Value > 0);
        Assert.True(report.WebhooksSent > 0);
    }

    [Fact]
    public async Task RunAsync_BadOptions_AreRefusedNamingEachProblem()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            ChaosSoak.RunAsync(new ChaosOptions { Days = 0, KillProbability = 2 }, DemoWebHost.On(0), cancellationToken: Ct));

        Assert.Contains("--days", error.Message, StringComparison.Ordinal);
        Assert.Contains("--kill-probability", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChaosKiller_ArmedPoint_CancelsTheWorkerAndNeverLetsTheCallerGoOn()
    {
        var killer = new ChaosKiller();
        using var worker = new CancellationTokenSource();
        killer.Arm(worker, FaultPoint.AfterDecide);

        await killer.ReachedAsync(FaultPoint.AfterInsights, worker.Token);
        Assert.False(killer.Fired);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => killer.ReachedAsync(FaultPoint.AfterDecide, worker.Token).AsTask());

        Assert.True(worker.IsCancellationRequested);
        Assert.Equal([FaultPoint.AfterDecide], killer.Kills);
        Assert.True(killer.Fired);
    }

    /// <summary>The five must-be-zero counts of the issue (misattributed changes are reported, not asserted: docs/chaos.md).</summary>
    private static void AssertNothingLostDoubledOrBroken(ChaosReport report)
    {
        var problems = string.Join(Environment.NewLine, report.Problems);
        Assert.True(report.WebhooksLost == 0, problems);
        Assert.True(report.ChangesAppliedTwice == 0, problems);
        Assert.True(report.IntendedChangesLost == 0, problems);
        Assert.True(report.GuardrailViolations == 0, problems);
        Assert.True(report.BudgetMismatches == 0, problems);
        Assert.True(report.Passed, problems);
    }

    private static async Task<ChaosReport> SoakAsync(ChaosOptions options)
    {
        var folder = Path.Combine(Path.GetTempPath(), "adpilot-chaos-" + Guid.NewGuid().ToString("N"));
        try
        {
            return await ChaosSoak.RunAsync(options with { OutDirectory = folder }, DemoWebHost.On(0), cancellationToken: Ct);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}

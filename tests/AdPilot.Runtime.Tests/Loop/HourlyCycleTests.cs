using AdPilot.Core.Guardrails;
using AdPilot.Storage.Actions;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Tests.Infrastructure;

namespace AdPilot.Runtime.Tests.Loop;

public sealed class HourlyCycleTests(PostgresCluster cluster)
{
    [Theory]
    [InlineData(DatabaseDialect.Sqlite)]
    public async Task Shadow_logs_every_decision_and_never_writes(DatabaseDialect dialect)
    {
        await using var loop = await LoopHarness.StartAsync(cluster, dialect);
        var reports = await loop.RunHoursAsync(12, RolloutStage.Shadow);

        Assert.Empty(loop.Requests.PlatformWrites);
        var entries = await loop.EntriesAsync();
        Assert.All(entries, e => Assert.Equal(ActionStatus.Shadow, e.Status));
        Assert.Equal(reports.Sum(r => r.Decisions), entries.Count);
        Assert.Contains(reports, r => r.Changes > 0);
        Assert.True(reports.Count(r => r.Observed) >= reports.Count - loop.Accounts.Count);
        foreach (var (adSet, budget) in loop.InitialBudgets)
        {
            Assert.Equal(budget, loop.BudgetOf(adSet));
        }
    }
}

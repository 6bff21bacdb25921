using AdPilot.Core.Guardrails;
using AdPilot.Runtime.Evidence.Shadow;
using AdPilot.Runtime.Tests.Loop;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Tests.Infrastructure;

namespace AdPilot.Runtime.Tests.Evidence.Shadow;

/// <summary>
/// The shadow report over a real shadow run: the hourly loop against the sandbox while a person changes budgets on the
/// platforms by hand once a day, as they would in Ads Manager.
/// </summary>
public sealed class ShadowReportLoopTests(PostgresCluster cluster)
{
    [Theory]
    [InlineData(DatabaseDialect.Sqlite)]
    [InlineData(DatabaseDialect.PostgreSql)]
    public async Task Report_over_a_shadow_run_with_human_changes_counts_them_and_values_both_sides(DatabaseDialect dialect)
    {
        await using var loop = await LoopHarness.StartAsync(cluster, dialect);
        var start = loop.Hour.AddHours(1);
        var adSets = loop.World.AdSets.Take(4).ToList();
        var changes = 0;
        await loop.RunHoursAsync(72, RolloutStage.Shadow, (h, _) =>
        {
            if (h % 24 == 11)
            {
                // Even ad sets raised by a fifth, odd ones cut by a fifth, once a day.
                foreach (var adSet in adSets)
                {
                    loop.World.Change(adSet.Index, s => s with { DailyBudget = Math.Round(s.DailyBudget * (adSet.Index % 2 == 0 ? 1.2m : 0.8m), 2) });
                    changes++;
                }
            }

            return Task.CompletedTask;
        });

        var report = await ShadowReportQuery.LoadAsync(loop.Db.Database, loop.StoreId, start, loop.Hour.AddHours(1), loop.World.Clock, LoopHarness.Ct);

        Assert.Equal(loop.World.AdSets.Count * 72, report.PolicyDecisions);
        Assert.Equal(changes, report.HumanChanges);
        Assert.Equal(changes, report.Agreement.PeopleActed);
        Assert.Equal(report.Agreement.PeopleActed, report.Days.Count(d => d.Comparison.HumanChanges > 0));
        Assert.Equal(report.Days.Count(d => d.Differs), report.Differences.Count);
        var value = Assert.IsType<ShadowValue>(report.Value);
        Assert.True(value.Hours > loop.World.AdSets.Count * 48, $"{value.Hours} ad set-hours valued");
        Assert.Equal(loop.World.AdSets.Count, value.AdSetsModelled);
        Assert.NotNull(value.Ci95);
        Assert.Contains("spend-response curves fitted", report.ValueNote, StringComparison.Ordinal);

        // People's side is what happened: the rewards of the valued hours, to the cent.
        Assert.Equal(report.Days.Sum(d => d.PeopleProfit ?? 0), value.PeopleProfit);
    }
}

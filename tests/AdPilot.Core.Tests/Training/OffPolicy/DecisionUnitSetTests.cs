using AdPilot.Core.Domain;
using AdPilot.Core.Simulation;
using AdPilot.Core.Training.OffPolicy;

namespace AdPilot.Core.Tests.Training.OffPolicy;

public sealed class DecisionUnitSetTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 20, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Build_CutsEachAdSetsHoursAtTheDayStartAndAtGaps_MultiplyingPropensitiesAndAddingProfits()
    {
        // Local hours 22, 23, 0, 1, then a gap, then 4: decisions [22, 23], [0, 1] and [4].
        var history = History(
            [(22, 0), (23, 1), (0, 2), (1, 3), (4, 6)],
            (h, i) => Step(h, propensity: i == 0 ? 0.5 : 1, profit: (10 * h) + i));

        var units = DecisionUnitSet.Build(history);

        Assert.Equal(6, units.Units.Count);
        var first = units.Units.Where(u => u.AdSetIndex == 0).ToArray();
        Assert.Equal([2, 2, 1], first.Select(u => u.Hours));
        Assert.Equal([Start, Start.AddHours(2), Start.AddHours(6)], first.Select(u => u.StartUtc));
        Assert.Equal([0.25, 0.25, 0.5], first.Select(u => u.LoggingPropensity));

        // Profits 10h + i: ad set 1's first day is hours 22 and 23 → 221 + 231.
        Assert.Equal(452, units.Units.Single(u => u.AdSetIndex == 1 && u.StartUtc == Start).Reward, 1e-9);
        Assert.Equal(22, units.Units[0].State.HourOfDay);
        Assert.Equal(units.Units.ToList().IndexOf(first[1]), units.UnitOf(0, 3, 0));
        Assert.Empty(units.Skipped);
    }

    [Fact]
    public void Build_SkipsDecisionsItCannotUse_CountingEachOnceByItsFirstReason()
    {
        var history = History(
            [(22, 0), (23, 1), (0, 2), (1, 3), (2, 4), (3, 5)],
            (h, i) => (h, i) switch
            {
                (22, 0) => Step(h, skip: "shadow"),
                (23, 0) => Step(h, propensity: null),
                (0, 0) => Step(h, propensity: null),
                (1, 0) => Step(h, propensity: 0),
                (22, 1) => Step(h, skip: LoggedStep.WarmUp),
                (2, 1) => Step(h, outcome: false),
                _ => Step(h),
            },
            skippedEntries: new Dictionary<string, int> { ["human"] = 3 });

        var units = DecisionUnitSet.Build(history);

        Assert.Empty(units.Units);
        Assert.Equal(
            new Dictionary<string, int> { ["human"] = 3, ["no_propensity"] = 1, ["reward_pending"] = 1, ["shadow"] = 1 },
            units.Skipped);
        Assert.Equal(-1, units.UnitOf(0, 0, 0));
    }

    [Fact]
    public void Build_OtherDayStartHour_CutsThere()
    {
        var history = History([(5, 0), (6, 1), (7, 2)], (h, _) => Step(h));

        var units = DecisionUnitSet.Build(history, dayStartHour: 6);

        Assert.Equal([1, 2], units.Units.Where(u => u.AdSetIndex == 0).Select(u => u.Hours));
    }

    [Fact]
    public void Build_StepsDoNotMatchTheAdSets_Throws()
    {
        var history = History([(0, 0)], (h, _) => Step(h));
        var broken = history with
        {
            Episodes = [history.Episodes[0] with { Hours = [history.Episodes[0].Hours[0] with { Steps = [Step(0)] }] }],
        };

        Assert.Throws<ArgumentException>(() => DecisionUnitSet.Build(broken));
    }

    private static LoggedStep Step(int hourOfDay, double? propensity = 1, double profit = 1, string? skip = null, bool outcome = true) =>
        new(
            new AdEnvironmentState(DayOfWeek.Monday, hourOfDay, 100, AgeGroup.Age25To34, Interests.None, CreativeType.Ugc, Platform.Instagram, 0.01, 0.02, 0, 1, BidStrategy.LowestCost, AdSetStatus.Active, 100, 200, false),
            default,
            propensity,
            outcome ? new RewardMetrics(profit, 0, 0, 0) : null,
            default,
            skip);

    /// <summary>Two ad sets over hours given as (local hour, hours after <see cref="Start"/>).</summary>
    private static LoggedHistory History((int Local, int Offset)[] hours, Func<int, int, LoggedStep> step, Dictionary<string, int>? skippedEntries = null)
    {
        AdSetDescriptor[] adSets = [new(new AdSetRef(Platform.Instagram, "a"), "a", 5, 1000, 100), new(new AdSetRef(Platform.Instagram, "b"), "b", 5, 1000, 100)];
        var logged = hours.Select(h => new LoggedHour(Start.AddHours(h.Offset), [step(h.Local, 0), step(h.Local, 1)])).ToArray();
        return new LoggedHistory([new LoggedEpisode(adSets, "USD", ActionLimits.Default, logged)], skippedEntries ?? []);
    }
}

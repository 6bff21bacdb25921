using AdPilot.Core.Domain;
using AdPilot.Core.Platforms;
using AdPilot.Runtime.Experiments;
using AdPilot.Storage.Experiments;

namespace AdPilot.Runtime.Tests.Experiments;

public sealed class TargetingAdvisorTests
{
    private static readonly AdAccountRef Account = new(Platform.Instagram, "act_1", "USD");
    private static readonly DateTimeOffset Since = new(2026, 5, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly ExperimentOptions Options = new();

    private static AdSetRef Ref(string id) => new(Platform.Instagram, id);

    /// <summary>An ad set that spent 1,000 and earned <paramref name="marginPerSpend"/> per unit of it after cost of goods.</summary>
    private static TargetingPerformance Row(string id, AgeGroup age, double marginPerSpend, long orders, Interests interests = Interests.None) =>
        new(Ref(id), age, interests, 1_000 * marginPerSpend / 0.6, 1_000 * marginPerSpend / 0.6 * 0.4, 1_000, orders);

    [Fact]
    public void Propose_TheBestBandForAdSetsWhoseBandEarnsClearlyLess_KeepingTheirInterests()
    {
        TargetingPerformance[] rows =
        [
            Row("young-1", AgeGroup.Age25To34, 2.0, 40),
            Row("young-2", AgeGroup.Age25To34, 1.6, 30),
            Row("older", AgeGroup.Age45To54, 0.9, 25, Interests.Fitness),
            Row("close", AgeGroup.Age18To24, 1.5, 30),
        ];

        var proposals = TargetingAdvisor.Propose(Account, [.. rows.Select(r => r.AdSet)], rows, [], Since, Options);

        var proposal = Assert.Single(proposals);
        Assert.Equal((Ref("older"), AgeGroup.Age45To54, AgeGroup.Age25To34, Interests.Fitness, Interests.Fitness, TargetingAdvisor.ProposedBy),
            (proposal.Original, proposal.FromAgeGroup, proposal.ToAgeGroup, proposal.FromInterests, proposal.ToInterests, proposal.ProposedBy));
        Assert.Contains("25-34 earned 1.80 per unit of spend", proposal.Reason, StringComparison.Ordinal);
        Assert.Contains("45-54 0.90 (25 orders)", proposal.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Propose_Nothing_WithoutEnoughOrders_ForUnmanagedAdSets_OrWhileAnExperimentHoldsOrRecentlyHeldTheAdSet()
    {
        TargetingPerformance[] rows = [Row("young", AgeGroup.Age25To34, 2.0, 40), Row("older", AgeGroup.Age45To54, 0.5, 25)];
        TargetingPerformance[] thin = [Row("young", AgeGroup.Age25To34, 2.0, 40), Row("older", AgeGroup.Age45To54, 0.5, 5)];
        var open = new TargetingExperiment(1, Account, Ref("older"), AgeGroup.Age45To54, Interests.None, AgeGroup.Age18To24, Interests.None, Storage.Experiments.ExperimentStatus.Proposed, "cli:ana", Since, "r");
        var recent = open with { Status = Storage.Experiments.ExperimentStatus.Rejected, FinishedAt = Since.AddDays(2) };
        var old = open with { Status = Storage.Experiments.ExperimentStatus.Concluded, FinishedAt = Since.AddDays(-1) };

        Assert.Empty(TargetingAdvisor.Propose(Account, [Ref("young"), Ref("older")], thin, [], Since, Options));
        Assert.Empty(TargetingAdvisor.Propose(Account, [Ref("young")], rows, [], Since, Options));
        Assert.Empty(TargetingAdvisor.Propose(Account, [Ref("young"), Ref("older")], rows, [open], Since, Options));
        Assert.Empty(TargetingAdvisor.Propose(Account, [Ref("young"), Ref("older")], rows, [recent], Since, Options));
        Assert.Single(TargetingAdvisor.Propose(Account, [Ref("young"), Ref("older")], rows, [old], Since, Options));
    }
}

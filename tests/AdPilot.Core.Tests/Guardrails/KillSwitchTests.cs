using AdPilot.Core.Domain;
using AdPilot.Core.Guardrails;
using static AdPilot.Core.Tests.Guardrails.GuardrailFixture;

namespace AdPilot.Core.Tests.Guardrails;

/// <summary>The kill switch blocks every proposal (<c>kill_switch</c>) and restores the last human budgets.</summary>
public sealed class KillSwitchTests
{
    [Fact]
    public void Evaluate_SwitchEngaged_EveryProposalBlockedEvenNoOps()
    {
        var input = Input(AdSet("a", 100m, 110m), AdSet("b", 100m, 90m), AdSet("c", 100m, 100m), AdSet("d", 100m)) with
        {
            KillSwitchEngaged = true,
        };

        var result = Evaluate(Loose, input);

        Assert.Equal(3, result.Decisions.Count);
        Assert.All(result.Decisions, d =>
        {
            Assert.Equal(GuardrailVerdict.Block, d.Verdict);
            Assert.Null(d.Change);
            Assert.Equal([GuardrailReasonCodes.KillSwitch], d.Codes());
        });
    }

    [Fact]
    public void Evaluate_SwitchEngaged_BlocksEvenInShadowAndPilot()
    {
        foreach (var stage in Enum.GetValues<RolloutStage>())
        {
            var input = Input(AdSet("a", 100m, 110m, canary: true)) with { KillSwitchEngaged = true, Stage = stage };

            Assert.True(Single(Loose, input).HasReason(GuardrailReasonCodes.KillSwitch));
        }
    }

    [Fact]
    public void Restore_ChangedAdSets_BackToHumanBudgetAndStatusInAdSetOrder()
    {
        HumanBudgetSnapshot[] snapshots =
        [
            new(Ref("b"), Usd(80m), AdSetStatus.Active, Now.AddDays(-3)),
            new(Ref("a"), Usd(50m), AdSetStatus.Paused, Now.AddDays(-3)),
            new(Ref("same"), Usd(70m), AdSetStatus.Active, Now.AddDays(-3)),
            new(Ref("gone"), Usd(70m), AdSetStatus.Active, Now.AddDays(-3)),
        ];
        var current = new Dictionary<AdSetRef, AdSetSettings>
        {
            [Ref("a")] = Settings(50m),
            [Ref("b")] = Settings(120m),
            [Ref("same")] = Settings(70m, creative: CreativeType.Discount),
            [Ref("untouched")] = Settings(10m),
        };

        var restores = KillSwitch.Restore(snapshots, current);

        Assert.Equal(
            [
                new BudgetRestore(Ref("a"), Usd(50m), Usd(50m), AdSetStatus.Active, AdSetStatus.Paused),
                new BudgetRestore(Ref("b"), Usd(120m), Usd(80m), AdSetStatus.Active, AdSetStatus.Active),
            ],
            restores);
    }

    [Fact]
    public void Restore_SeveralSnapshotsOfOneAdSet_LatestWins()
    {
        HumanBudgetSnapshot[] snapshots =
        [
            new(Ref("a"), Usd(90m), AdSetStatus.Active, Now.AddDays(-1)),
            new(Ref("a"), Usd(40m), AdSetStatus.Active, Now.AddDays(-5)),
        ];

        var restore = Assert.Single(KillSwitch.Restore(snapshots, new Dictionary<AdSetRef, AdSetSettings> { [Ref("a")] = Settings(120m) }));

        Assert.Equal(Usd(90m), restore.ToBudget);
    }

    [Fact]
    public void Restore_SnapshotInOtherCurrency_ThrowsNamingBoth()
    {
        HumanBudgetSnapshot[] snapshots = [new(Ref("a"), new Money(90m, "EUR"), AdSetStatus.Active, Now)];

        var error = Assert.Throws<ArgumentException>(() =>
            KillSwitch.Restore(snapshots, new Dictionary<AdSetRef, AdSetSettings> { [Ref("a")] = Settings(120m) }));

        Assert.Contains("EUR", error.Message, StringComparison.Ordinal);
        Assert.Contains("USD", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SnapshotsToTake_FirstChangeOnly_OneSnapshotOfTheHumanSettings()
    {
        GuardedAdSet[] adSets = [AdSet("new", 100m, 110m), AdSet("known", 100m, 110m), AdSet("noop", 100m, 100m), AdSet("blocked", 100m, 200m)];
        var options = Loose with { MaxHourlyChange = 0.25m, MaxDailyBudget = 100m };
        var decisions = Evaluate(Loose with { MaxDailyBudget = 110m }, Input(adSets)).Decisions;
        Assert.Equal(GuardrailVerdict.Clamp, decisions[3].Verdict);
        var blockedDecisions = Evaluate(options, Input(adSets[3])).Decisions;
        Assert.Equal(GuardrailVerdict.Block, blockedDecisions[0].Verdict);

        var taken = KillSwitch.SnapshotsToTake(
            [.. decisions.Take(3), .. blockedDecisions], adSets, new HashSet<AdSetRef> { Ref("known") }, Now);

        var snapshot = Assert.Single(taken);
        Assert.Equal(new HumanBudgetSnapshot(Ref("new"), Usd(100m), AdSetStatus.Active, Now), snapshot);
    }
}

using System.Globalization;
using System.Text;
using AdPilot.Core.Domain;
using AdPilot.Core.Guardrails;
using AdPilot.Core.Simulation;
using CsCheck;

namespace AdPilot.Core.Tests.Guardrails;

/// <summary>
/// Properties over any policy output: over long runs no applied change breaks a guardrail; a compliant proposal is
/// allowed untouched; and a judgement depends only on its input, not on the order of the ad sets.
/// </summary>
public sealed class GuardrailPropertyTests
{
    private const int RunHours = 500;
    private const int Runs = 150;

    private static readonly string[] Zones = ["America/New_York", "Europe/London", "Australia/Lord_Howe", "America/Santiago", "Asia/Kolkata", "UTC"];

    // Starts near the 2026 DST changes (US, EU, Chile, Lord Howe) and Black Friday, or anywhere in the year.
    private static readonly DateTimeOffset[] Anchors =
    [
        new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero),
        new(2026, 3, 25, 0, 0, 0, TimeSpan.Zero),
        new(2026, 3, 30, 0, 0, 0, TimeSpan.Zero),
        new(2026, 8, 30, 0, 0, 0, TimeSpan.Zero),
        new(2026, 10, 20, 0, 0, 0, TimeSpan.Zero),
        new(2026, 11, 20, 0, 0, 0, TimeSpan.Zero),
    ];

    private static readonly Gen<GuardrailOptions> Limits = Gen.Select(
        Gen.OneOfConst(0.05m, 0.1m, 0.25m, 0.5m, 1m),
        Gen.Int[0, 20],
        Gen.Int[100, 3_000],
        Gen.Int[50, 2_000],
        Gen.Int[100, 4_000],
        Gen.Int[200, 8_000],
        Gen.Int[1, 6],
        Gen.Int[0, 2],
        (delta, min, max, adSetCap, campaignCap, accountCap, cooldown, rotations) => new GuardrailOptions
        {
            MaxHourlyChange = delta,
            MinDailyBudget = min,
            MaxDailyBudget = max,
            AdSetDailyCap = adSetCap,
            CampaignDailyCap = campaignCap,
            AccountDailyCap = accountCap,
            Cooldown = TimeSpan.FromHours(cooldown),
            MaxCreativeRotationsPerLocalDay = rotations,
        });

    private static readonly Gen<WeeklyFreezeWindow> Weekly =
        Gen.Select(Gen.Int[0, 6], Gen.Int[0, 23], Gen.Int[1, 8], (day, start, length) => new WeeklyFreezeWindow((DayOfWeek)day, start, Math.Min(24, start + length)));

    private static readonly Gen<GuardrailOptions> Options = Gen.Select(
        Limits,
        Weekly.Array[0, 2],
        Gen.Bool,
        Gen.OneOfConst(0.5m, 1m, 1.5m),
        Gen.Int[1, 12],
        Gen.OneOfConst(0.05m, 0.1m, 0.3m),
        Gen.Select(Gen.OneOfConst(0.1m, 0.2m, 0.5m), Gen.Int[10, 400], Gen.Int[1, 48]),
        (limits, weekly, blackFriday, roas, roasHours, canary, approval) => limits with
        {
            WeeklyFreezeWindows = weekly,
            DateFreezeWindows = blackFriday ? [DateFreezeWindow.BlackFridayCyberMonday(2026)] : [],
            RoasPauseThreshold = roas,
            RoasPauseHours = roasHours,
            CanaryShare = canary,
            ApprovalIncreaseShare = approval.Item1,
            ApprovalIncreaseAmount = approval.Item2,
            ApprovalTtl = TimeSpan.FromHours(approval.Item3),
        });

    private static readonly Gen<WorldSetup> Setups = Gen.Select(
        Gen.OneOfConst(Zones),
        Gen.OneOf(Gen.OneOfConst(Anchors), Gen.Int[0, 364].Select(d => new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddDays(d))),
        Gen.Int[0, 23],
        Gen.Int[2, 8],
        Gen.Int[0, 2],
        Gen.Int[0, 3],
        Gen.ULong,
        (zone, day, hour, count, stage, adversary, seed) =>
            new WorldSetup(zone, day.AddHours(hour), count, (RolloutStage)stage, (Adversary)adversary, seed));

    [Fact]
    public void Evaluate_AnyPolicyOverLongRuns_NoAppliedChangeBreaksAGuardrail()
    {
        var tally = new WorldTally();

        Check.Sample(
            Gen.Select(Options, Setups),
            (options, setup) => new GuardrailWorld(options, setup, tally).Run(RunHours),
            iter: Runs,
            threads: 1,
            print: t => $"{t.Item2} under {t.Item1}");

        // The runs must have exercised the guardrails, not passed by doing nothing.
        Assert.True(tally.Applied > Runs, $"only {tally.Applied} changes applied");
        Assert.True(tally.Clamped > 0 && tally.Approvals > 0 && tally.Rotations > 0 && tally.Restores > 0);
        string[] expected =
        [
            GuardrailReasonCodes.DeltaLimit, GuardrailReasonCodes.MinBudget, GuardrailReasonCodes.MaxBudget,
            GuardrailReasonCodes.DailyCapAdSet, GuardrailReasonCodes.DailyCapCampaign, GuardrailReasonCodes.DailyCapAccount,
            GuardrailReasonCodes.Cooldown, GuardrailReasonCodes.FreezeWindow, GuardrailReasonCodes.RoasPause,
            GuardrailReasonCodes.Canary, GuardrailReasonCodes.KillSwitch, GuardrailReasonCodes.ApprovalRequired,
            GuardrailReasonCodes.CreativeRotationDaily, GuardrailReasonCodes.RolloutStage, GuardrailReasonCodes.InvalidBidStrategy,
        ];
        Assert.Empty(expected.Except(tally.Codes));
    }

    [Fact]
    public void Evaluate_WhatTheGuardrailsLetThrough_IsAllowedUntouchedWhenProposedAgain()
    {
        Check.Sample(Gen.Select(Options, Hour(killSwitch: false)), (options, input) =>
        {
            var evaluator = new GuardrailEvaluator(options);
            var first = evaluator.Evaluate(input);
            var compliant = input with
            {
                AdSets = input.AdSets.Select(a =>
                {
                    var decision = first.Decisions.SingleOrDefault(d => d.AdSet == a.AdSet);
                    return decision is null ? a : a with { Proposed = decision.MayApply ? decision.Change : a.Current };
                }).ToArray(),
            };

            var second = evaluator.Evaluate(compliant);

            Assert.All(second.Decisions, d =>
            {
                Assert.True(d.Verdict == GuardrailVerdict.Allow, $"{d.AdSet}: {d.Verdict} {string.Join("; ", d.Reasons)}");
                Assert.Empty(d.Reasons);
                Assert.Equal(d.Proposed, d.Change);
            });
        }, iter: 2_000, threads: 1);
    }

    [Fact]
    public void Evaluate_SameInputAnyAdSetOrder_SameDecisions()
    {
        Check.Sample(Gen.Select(Options, Hour(killSwitch: null), Gen.ULong), (options, input, shuffleSeed) =>
        {
            var once = Describe(new GuardrailEvaluator(options).Evaluate(input));
            var again = Describe(new GuardrailEvaluator(options).Evaluate(input));
            var rng = new Rng(shuffleSeed);
            var shuffled = input with { AdSets = [.. input.AdSets.OrderBy(_ => rng.NextUInt64())] };
            var reordered = Describe(new GuardrailEvaluator(options).Evaluate(shuffled));

            Assert.Equal(once, again);
            Assert.Equal(once, reordered);
        }, iter: 1_000, threads: 1);
    }

    /// <summary>One hour of one account: a random state and random, often outrageous, proposals.</summary>
    private static Gen<GuardrailInput> Hour(bool? killSwitch)
    {
        var adSet = Gen.Select(
            Gen.Int[0, 2],
            Cents(0, 3_000),
            Gen.OneOf(
                Cents(-1_000, 10_000),
                Gen.Double[-1, 3].Select(f => (decimal)Math.Round(f, 4)).Select(f => -f),
                Gen.OneOfConst(decimal.MaxValue, decimal.MinValue, 0m)),
            Gen.Bool,
            Gen.Int[0, 3],
            Gen.Int[0, 12],
            Gen.Int[0, 1],
            Gen.Select(Gen.Int[0, 3], Gen.Bool, Gen.Int[0, 20], Gen.Int[0, 3]),
            (campaign, budget, proposal, canary, creative, lastChangeHours, status, more) =>
            {
                // A negative "proposal" between −3 and 1 is read as a relative move from the budget.
                var proposed = proposal is < 0m and >= -3m ? budget * (1m - proposal) : proposal;
                var (proposedCreative, hasProposal, rotatedHoursAgo, approval) = more;
                return new GuardedAdSet
                {
                    AdSet = new AdSetRef(Platform.Instagram, "x"),
                    CampaignId = $"c{campaign}",
                    Current = new AdSetSettings(new Money(budget, "USD"), BidStrategy.LowestCost, (CreativeType)creative, (AdSetStatus)status),
                    Proposed = hasProposal
                        ? new AdSetSettings(new Money(proposed, "USD"), BidStrategy.LowestCost, (CreativeType)proposedCreative, AdSetStatus.Active)
                        : null,
                    IsCanary = canary,
                    LastChangeAt = lastChangeHours == 0 ? null : GuardrailFixture.Now.AddHours(-lastChangeHours),
                    RecentCreativeRotations = rotatedHoursAgo == 0 ? [] : [GuardrailFixture.Now.AddHours(-rotatedHoursAgo)],
                    Approval = approval == 0 ? new AdSetApproval(new Money(budget * 1.4m, "USD"), GuardrailFixture.Now.AddHours(approval - 1)) : null,
                };
            });

        return Gen.Select(
            adSet.Array[1, 8],
            Gen.Int[0, 2],
            killSwitch is { } k ? Gen.Const(k) : Gen.Bool,
            Cents(0, 2).Array[0, 14],
            Gen.Int[-24 * 7, 24 * 300],
            Gen.OneOfConst(Zones),
            (adSets, stage, kill, roas, hours, zone) => new GuardrailInput
            {
                Now = GuardrailFixture.Now.AddHours(hours),
                TimeZone = TimeZoneInfo.FindSystemTimeZoneById(zone),
                AccountId = "act_prop",
                Currency = "USD",
                Stage = (RolloutStage)stage,
                KillSwitchEngaged = kill,
                TrailingHourlyRoas = roas,
                AdSets = [.. adSets.Select((a, i) => a with { AdSet = new AdSetRef(Platform.Instagram, $"as{i}") })],
            });
    }

    /// <summary>Amounts in whole cents between two bounds.</summary>
    private static Gen<decimal> Cents(int min, int max) => Gen.Int[min * 100, max * 100].Select(c => c / 100m);

    private static string Describe(GuardrailResult result)
    {
        var text = new StringBuilder();
        foreach (var d in result.Decisions.OrderBy(d => d.AdSet.ToString(), StringComparer.Ordinal))
        {
            text.Append(CultureInfo.InvariantCulture, $"{d.AdSet} {d.Verdict} {d.Change} {d.ApprovalExpiresAt:O} [{string.Join(" | ", d.Reasons)}]\n");
        }

        foreach (var alert in result.Alerts)
        {
            text.Append(CultureInfo.InvariantCulture, $"{alert}\n");
        }

        return text.ToString();
    }
}

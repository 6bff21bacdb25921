using AdPilot.Core.Domain;
using AdPilot.Core.Guardrails;
using AdPilot.Core.Simulation;

namespace AdPilot.Core.Tests.Guardrails;

/// <summary>
/// One ad account run hour by hour under a misbehaving policy: it applies what the guardrails allow (as the runtime
/// would: nothing in shadow, nothing pending approval), and checks every applied change against the options with its own,
/// independent reading of each rule. People act too: they change budgets, grant approvals and throw the kill switch.
/// </summary>
internal sealed class GuardrailWorld
{
    private const decimal CanaryTolerance = 0.000001m;
    private const string Currency = GuardrailFixture.Currency;

    private readonly GuardrailOptions _options;
    private readonly WorldSetup _setup;
    private readonly WorldTally _tally;
    private readonly TimeZoneInfo _zone;
    private readonly GuardrailEvaluator _evaluator;
    private readonly List<Ad> _ads = [];
    private readonly List<decimal> _roas = [];
    private Rng _rng;
    private RolloutStage _stage;
    private bool _killSwitch;
    private bool _badRegime;

    public GuardrailWorld(GuardrailOptions options, WorldSetup setup, WorldTally tally)
    {
        _options = options;
        _setup = setup;
        _tally = tally;
        _zone = TimeZoneInfo.FindSystemTimeZoneById(setup.ZoneId);
        _evaluator = new GuardrailEvaluator(options);
        _rng = new Rng(setup.Seed);
        _stage = setup.Stage;
        for (var i = 0; i < setup.AdSetCount; i++)
        {
            var budget = _rng.NextInt(5) == 0
                ? Cents(_rng.Uniform(0, 3 * (double)options.MaxDailyBudget))
                : Cents(_rng.Uniform((double)options.MinDailyBudget, (double)Math.Min(options.MaxDailyBudget, options.AdSetDailyCap)));
            _ads.Add(new Ad
            {
                Ref = new AdSetRef(i % 2 == 0 ? Platform.Instagram : Platform.TikTok, $"as{i}"),
                Campaign = $"c{_rng.NextInt(3)}",
                IsCanary = _rng.NextInt(3) == 0,
                Settings = new AdSetSettings(
                    new Money(budget, Currency), BidStrategy.LowestCost, (CreativeType)_rng.NextInt(4),
                    _rng.NextInt(5) == 0 ? AdSetStatus.Paused : AdSetStatus.Active),
            });
        }
    }

    public void Run(int hours)
    {
        for (var h = 0; h < hours; h++)
        {
            var now = _setup.Start.AddHours(h);
            PeopleAct(now);
            _roas.Add(NextRoas());
            var input = BuildInput(now);
            var result = _evaluator.Evaluate(input);
            CheckDecisions(input, result);
            Apply(input, result);
        }
    }

    private void PeopleAct(DateTimeOffset now)
    {
        if (_rng.NextInt(100) == 0)
        {
            _stage = (RolloutStage)_rng.NextInt(3);
        }

        if (_rng.NextInt(50) == 0)
        {
            _killSwitch = !_killSwitch;
            if (_killSwitch)
            {
                EngageKillSwitch(now);
            }
        }

        foreach (var ad in _ads.Where(_ => _rng.NextInt(300) == 0))
        {
            // A person sets a budget, anywhere, even outside the guardrails' range: that is theirs to do.
            ad.Settings = ad.Settings.WithBudget(new Money(Cents(_rng.Uniform(0, 2.5 * (double)_options.MaxDailyBudget)), Currency));
            ad.LastChangeAt = now.AddMinutes(-30);
            if (ad.Human is not null)
            {
                ad.Human = new HumanBudgetSnapshot(ad.Ref, ad.Settings.DailyBudget, ad.Settings.Status, now);
            }
        }
    }

    private void EngageKillSwitch(DateTimeOffset now)
    {
        var snapshots = _ads.Where(a => a.Human is not null).Select(a => a.Human!).ToList();
        var restores = KillSwitch.Restore(snapshots, _ads.ToDictionary(a => a.Ref, a => a.Settings));
        foreach (var ad in _ads)
        {
            var restore = restores.SingleOrDefault(r => r.AdSet == ad.Ref);
            var differs = ad.Human is { } human && (human.DailyBudget != ad.Settings.DailyBudget || human.Status != ad.Settings.Status);
            Assert.Equal(differs, restore is not null);
            if (restore is not null)
            {
                Assert.Equal(ad.Settings.DailyBudget, restore.FromBudget);
                ad.Settings = ad.Settings with { DailyBudget = restore.ToBudget, Status = restore.ToStatus };
                ad.LastChangeAt = now.AddMinutes(-30);
                _tally.Restore();
            }

            if (ad.Human is { } h)
            {
                Assert.Equal((h.DailyBudget, h.Status), (ad.Settings.DailyBudget, ad.Settings.Status));
            }
        }
    }

    private decimal NextRoas()
    {
        if (_rng.NextInt(20) == 0)
        {
            _badRegime = !_badRegime;
        }

        var threshold = (double)_options.RoasPauseThreshold;
        return (decimal)Math.Round(_badRegime ? _rng.Uniform(0, threshold * 0.99) : _rng.Uniform(threshold * 0.8, threshold + 3), 3);
    }

    private GuardrailInput BuildInput(DateTimeOffset now) => new()
    {
        Now = now,
        TimeZone = _zone,
        AccountId = "act_sim",
        Currency = Currency,
        Stage = _stage,
        KillSwitchEngaged = _killSwitch,
        TrailingHourlyRoas = _roas.ToArray(),
        AdSets = _ads.Select(a => new GuardedAdSet
        {
            AdSet = a.Ref,
            CampaignId = a.Campaign,
            Current = a.Settings,
            Proposed = _rng.NextInt(10) < 7 ? Propose(a, now) : null,
            IsCanary = a.IsCanary,
            LastChangeAt = a.LastChangeAt,
            RecentCreativeRotations = a.Rotations.ToArray(),
            Approval = a.Approval,
        }).ToArray(),
    };

    private AdSetSettings Propose(Ad ad, DateTimeOffset now)
    {
        var current = ad.Settings;
        var b = current.DailyBudget.Amount;
        var d = _options.MaxHourlyChange;
        decimal budget = _setup.Adversary switch
        {
            Adversary.Greedy => b * 10m + 1m,
            Adversary.Oscillating => (now.Hour % 2 == 0, _rng.NextInt(3)) switch
            {
                (true, 0) => b * (1m + d),
                (true, 1) => (b * (1m + d)) + 0.01m,
                (true, _) => b * 1.3m,
                (false, 0) => b * (1m - d),
                (false, 1) => (b * (1m - d)) - 0.01m,
                _ => b * 0.7m,
            },
            Adversary.Boundary => _rng.NextInt(8) switch
            {
                0 => _options.MinDailyBudget,
                1 => _options.MaxDailyBudget,
                2 => _options.AdSetDailyCap,
                3 => b * (1m + d),
                4 => b * (1m - d),
                5 => b * (1m + _options.ApprovalIncreaseShare),
                6 => b + _options.ApprovalIncreaseAmount,
                _ => Cents(_rng.Uniform((double)b * 0.9, (double)b * 1.1)),
            },
            _ => _rng.NextInt(6) switch
            {
                0 => decimal.MaxValue,
                1 => decimal.MinValue,
                2 => -Cents(_rng.Uniform(0, 1e6)),
                3 => Cents(_rng.Uniform(0, 1e7)),
                4 => 0m,
                _ => b * (decimal)Math.Round(_rng.Uniform(-1, 3), 6),
            },
        };

        var rotate = _setup.Adversary == Adversary.Greedy || _rng.NextInt(10) < 3;
        var creative = rotate ? (CreativeType)(((int)current.CreativeType + 1 + _rng.NextInt(3)) % 4) : current.CreativeType;
        var bid = _rng.NextInt(10) switch
        {
            0 => BidStrategy.CostCap(Cents(_rng.Uniform(1, 50))),
            1 => new BidStrategy(BidStrategyKind.BidCap),
            2 => BidStrategy.LowestCost,
            _ => current.BidStrategy,
        };
        var status = _setup.Adversary == Adversary.Greedy
            ? AdSetStatus.Active
            : _rng.NextInt(20) == 0 ? (AdSetStatus)(1 - (int)current.Status) : current.Status;
        return new AdSetSettings(new Money(budget, Currency), bid, creative, status);
    }

    private void CheckDecisions(GuardrailInput input, GuardrailResult result)
    {
        Assert.Equal(input.AdSets.Where(a => a.Proposed is not null).Select(a => a.AdSet), result.Decisions.Select(d => d.AdSet));
        foreach (var decision in result.Decisions)
        {
            _tally.Count(decision);
            var proposed = input.AdSets.Single(a => a.AdSet == decision.AdSet).Proposed!;
            Assert.Equal(proposed, decision.Proposed);
            switch (decision.Verdict)
            {
                case GuardrailVerdict.Allow:
                    Assert.Equal(proposed, decision.Change);
                    Assert.Empty(decision.Reasons);
                    break;
                case GuardrailVerdict.Clamp:
                    Assert.NotNull(decision.Change);
                    Assert.NotEqual(proposed, decision.Change);
                    Assert.NotEmpty(decision.Reasons);
                    break;
                case GuardrailVerdict.Block:
                    Assert.Null(decision.Change);
                    Assert.NotEmpty(decision.Reasons);
                    break;
                case GuardrailVerdict.RequireApproval:
                    Assert.NotNull(decision.Change);
                    Assert.True(decision.HasReason(GuardrailReasonCodes.ApprovalRequired));
                    Assert.Equal(input.Now + _options.ApprovalTtl, decision.ApprovalExpiresAt);
                    break;
            }

            Assert.All(decision.Reasons, r => Assert.False(string.IsNullOrWhiteSpace(r.Message)));
        }

        Assert.Equal(RoasPaused(), result.Alerts.Any(a => a.Code == GuardrailReasonCodes.RoasPause));
    }

    private void Apply(GuardrailInput input, GuardrailResult result)
    {
        var now = input.Now;
        var byRef = _ads.ToDictionary(a => a.Ref);

        foreach (var decision in result.Decisions.Where(d => d.Verdict == GuardrailVerdict.RequireApproval && _rng.NextInt(2) == 0))
        {
            // A person approves within the hour; the grant covers the change and lapses when the request would have.
            byRef[decision.AdSet].Approval = new AdSetApproval(decision.Change!.DailyBudget, decision.ApprovalExpiresAt!.Value);
            _tally.Approval();
        }

        if (_stage == RolloutStage.Shadow)
        {
            return;
        }

        var applied = result.Decisions.Where(d => d.MayApply && d.Change is { } c && c != byRef[d.AdSet].Settings).ToList();
        if (applied.Count == 0)
        {
            return;
        }

        var expectedSnapshots = applied.Select(d => byRef[d.AdSet]).Where(a => a.Human is null).Select(a => a.Ref).ToList();
        var snapshots = KillSwitch.SnapshotsToTake(
            result.Decisions, input.AdSets, _ads.Where(a => a.Human is not null).Select(a => a.Ref).ToHashSet(), now);
        Assert.Equal(expectedSnapshots, snapshots.Select(s => s.AdSet));

        Assert.False(_killSwitch, "a change was applied while the kill switch was engaged");
        Assert.False(RoasPaused(), "a change was applied during a ROAS pause");
        Assert.False(Frozen(now), $"a change was applied at {TimeZoneInfo.ConvertTime(now, _zone):O}, inside a freeze window");

        var spendBefore = _ads.ToDictionary(a => a.Ref, a => Spend(a.Settings));
        foreach (var decision in applied)
        {
            var ad = byRef[decision.AdSet];
            CheckChange(ad, ad.Settings, decision.Change!, now);
        }

        foreach (var decision in applied)
        {
            var ad = byRef[decision.AdSet];
            if (decision.Change!.CreativeType != ad.Settings.CreativeType)
            {
                ad.Rotations.Add(now);
                _tally.Rotation();
            }

            ad.Human ??= snapshots.Single(s => s.AdSet == ad.Ref);
            ad.Settings = decision.Change;
            ad.LastChangeAt = now;
            ad.Approval = null;
            _tally.Applied1();
        }

        CheckCaps(spendBefore, applied);
    }

    private void CheckChange(Ad ad, AdSetSettings before, AdSetSettings after, DateTimeOffset now)
    {
        var name = ad.Ref.ToString();
        if (ad.LastChangeAt is { } last)
        {
            Assert.True(now - last >= _options.Cooldown, $"{name} changed {now - last} after its last change");
        }

        if (_stage == RolloutStage.Pilot)
        {
            Assert.True(ad.IsCanary, $"{name} is not a canary but changed in pilot");
            Assert.Equal((before.BidStrategy, before.CreativeType, before.Status), (after.BidStrategy, after.CreativeType, after.Status));
        }

        var old = before.DailyBudget.Amount;
        var @new = after.DailyBudget.Amount;
        if (@new != old)
        {
            Assert.True(Math.Abs(@new - old) <= _options.MaxHourlyChange * old, $"{name}: {old} → {@new} is more than ±{_options.MaxHourlyChange}");
            if (@new > old)
            {
                Assert.True(@new <= _options.MaxDailyBudget && @new <= _options.AdSetDailyCap, $"{name}: raised to {@new} past a cap");
                var increase = @new - old;
                if (increase > _options.ApprovalIncreaseShare * old || increase > _options.ApprovalIncreaseAmount)
                {
                    Assert.True(
                        ad.Approval is { } a && now < a.ExpiresAt && @new <= a.ApprovedDailyBudget.Amount,
                        $"{name}: increase {old} → {@new} applied without a valid approval");
                }
            }
            else
            {
                Assert.True(@new >= _options.MinDailyBudget, $"{name}: cut to {@new} under the minimum");
            }
        }

        if (before.Status != AdSetStatus.Active && after.Status == AdSetStatus.Active)
        {
            Assert.True(@new <= _options.MaxDailyBudget && @new <= _options.AdSetDailyCap, $"{name}: activated at {@new}, past a cap");
        }

        if (after.CreativeType != before.CreativeType)
        {
            var today = LocalDate(now);
            var count = ad.Rotations.Count(r => LocalDate(r) == today);
            Assert.True(count < _options.MaxCreativeRotationsPerLocalDay, $"{name}: rotation {count + 1} on {today}");
        }

        if (after.BidStrategy != before.BidStrategy)
        {
            Assert.True(after.BidStrategy.IsValid);
        }
    }

    private void CheckCaps(Dictionary<AdSetRef, decimal> spendBefore, List<GuardrailDecision> applied)
    {
        void Within(string what, IEnumerable<Ad> members, decimal cap)
        {
            var list = members.ToList();
            var before = list.Sum(a => spendBefore[a.Ref]);
            var after = list.Sum(a => Spend(a.Settings));
            Assert.True(
                after <= cap || after <= before,
                $"{what}: active budgets went from {before} to {after}, cap {cap}: "
                + string.Join(", ", list.Select(a => $"{a.Ref} {spendBefore[a.Ref]} → {a.Settings.DailyBudget.Amount} {a.Settings.Status}"))
                + "; applied: " + string.Join(" / ", applied.Select(d => $"{d.AdSet} {d.Verdict} {d.Proposed} → {d.Change} [{string.Join("; ", d.Reasons)}]")));
        }

        Within("account", _ads, _options.AccountDailyCap);
        foreach (var campaign in _ads.GroupBy(a => a.Campaign))
        {
            Within($"campaign {campaign.Key}", campaign, _options.CampaignDailyCap);
        }

        if (_stage == RolloutStage.Pilot)
        {
            var canaryBefore = _ads.Where(a => a.IsCanary).Sum(a => spendBefore[a.Ref]);
            var canaryAfter = _ads.Where(a => a.IsCanary).Sum(a => Spend(a.Settings));
            var accountAfter = _ads.Sum(a => Spend(a.Settings));
            Assert.True(
                canaryAfter <= (_options.CanaryShare * accountAfter) + CanaryTolerance || canaryAfter <= canaryBefore,
                $"canary set went from {canaryBefore} to {canaryAfter} of {accountAfter}, share {_options.CanaryShare}");
        }
    }

    private bool RoasPaused() =>
        _roas.Count >= _options.RoasPauseHours && _roas.TakeLast(_options.RoasPauseHours).All(r => r < _options.RoasPauseThreshold);

    private bool Frozen(DateTimeOffset now)
    {
        var local = TimeZoneInfo.ConvertTime(now, _zone);
        var date = DateOnly.FromDateTime(local.DateTime);
        return _options.DateFreezeWindows.Any(w => date >= w.FirstDay && date <= w.LastDay)
            || _options.WeeklyFreezeWindows.Any(w => local.DayOfWeek == w.Day && local.Hour >= w.StartHour && local.Hour < w.EndHour);
    }

    private DateOnly LocalDate(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, _zone).DateTime);

    private static decimal Spend(AdSetSettings settings) => settings.Status == AdSetStatus.Active ? settings.DailyBudget.Amount : 0m;

    private static decimal Cents(double amount) => Math.Round((decimal)amount, 2);

    private sealed class Ad
    {
        public required AdSetRef Ref { get; init; }

        public required string Campaign { get; init; }

        public required bool IsCanary { get; init; }

        public required AdSetSettings Settings { get; set; }

        public DateTimeOffset? LastChangeAt { get; set; }

        public List<DateTimeOffset> Rotations { get; } = [];

        public AdSetApproval? Approval { get; set; }

        public HumanBudgetSnapshot? Human { get; set; }
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using AdPilot.Core.Agents;
using AdPilot.Core.Domain;
using AdPilot.Core.Features;
using AdPilot.Core.Guardrails;
using AdPilot.Core.Platforms;
using AdPilot.Core.Rewards;
using AdPilot.Core.Simulation;
using AdPilot.Runtime.Actuation;
using AdPilot.Runtime.Alerts;
using AdPilot.Runtime.Features;
using AdPilot.Runtime.Ingestion;
using AdPilot.Runtime.Observability;
using AdPilot.Runtime.Platforms;
using AdPilot.Runtime.Rewards;
using AdPilot.Storage.Actions;
using AdPilot.Storage.Alerts;
using AdPilot.Storage.Features;
using AdPilot.Storage.Ingestion;
using AdPilot.Storage.Rewards;
using AdPilot.Storage.Snapshots;
using AdPilot.Storage.Stores;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AdPilot.Runtime.Loop;

/// <summary>
/// One ad account's hour, end to end (guide §7–12): settle what a killed cycle left open, pull the account's ad sets and
/// 72 hours of insights and the store's new orders, log what people changed since, score the hour just completed, build
/// every ad set's state, let the policy learn from last hour and propose, judge the proposals, and log or apply them as
/// the rollout stage says. Every step is idempotent: a cycle run again for the same account-hour (a crash, a recovered
/// job) repeats no change and loses none.
/// </summary>
/// <remarks>
/// Only ad sets with a daily budget of their own are managed (one whose budget the campaign holds is read and stored,
/// but the policy proposes nothing for it). The canary set of the pilot is chosen from the budgets people set
/// (<see cref="CanarySelection"/>). Proposals that keep an ad set as it is are logged too (the shadow comparison and
/// off-policy evaluation need every decision with its propensity); they make no platform call.
/// </remarks>
public sealed class HourlyCycle
{
    private readonly IStoreDirectory _stores;
    private readonly InsightsIngestion _insights;
    private readonly OrderIngestion? _orders;
    private readonly IFeatureQueries _queries;
    private readonly RewardJob _rewards;
    private readonly FeatureStore _features;
    private readonly IRewardStore _rewardStore;
    private readonly GuardrailEvaluator _guardrails;
    private readonly Actuator _actuator;
    private readonly Creatives.CreativeRotator? _creatives;
    private readonly Experiments.ExperimentRunner? _experiments;
    private readonly KillSwitchService _killSwitch;
    private readonly AlertService _alerting;
    private readonly AdPilotMetrics? _metrics;
    private readonly IActionLog _log;
    private readonly IBudgetSnapshotStore _snapshots;
    private readonly AdPlatforms _platforms;
    private readonly AdPlatformBatches _batches;
    private readonly PolicyHost _policies;
    private readonly TimeProvider _time;
    private readonly ulong _seed;
    private readonly IFaultPoints _faultPoints;
    private readonly TimeSpan _orderPullWait;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<long, StoreOrders> _storeOrders = new();
    private readonly SemaphoreSlim _cycles;
    private readonly WeightedGate _inFlight;
    private readonly ConcurrentDictionary<(long Store, AdAccountRef Account), int> _adSetsSeen = new();

    /// <summary>Initializes a new instance of the <see cref="HourlyCycle"/> class.</summary>
    /// <param name="parts">The parts of the loop.</param>
    /// <param name="logger">The logger; none when null.</param>
    public HourlyCycle(HourlyCycleParts parts, ILogger<HourlyCycle>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(parts);
        _stores = parts.Stores;
        _insights = new InsightsIngestion(parts.Ingestion);
        _orders = parts.Orders is null ? null : new OrderIngestion(parts.Ingestion, parts.Orders, parts.OrderBulkAbove);
        _queries = parts.Queries;
        _rewards = parts.Rewards;
        _features = parts.Features;
        _rewardStore = parts.RewardStore;
        _guardrails = parts.Guardrails;
        _actuator = parts.Actuator;
        _creatives = parts.Creatives;
        _experiments = parts.Experiments;
        _killSwitch = parts.KillSwitch;
        _metrics = parts.Metrics;
        _alerting = parts.Alerting ?? new AlertService(parts.Alerts, parts.RewardStore, parts.Metrics, new AlertNotifier(null, parts.Time));
        _log = parts.Log;
        _snapshots = parts.Snapshots;
        _platforms = parts.Platforms;
        _batches = parts.Batches;
        _policies = parts.Policies;
        _time = parts.Time;
        _seed = parts.Seed;
        _faultPoints = parts.FaultPoints;
        _orderPullWait = parts.OrderPullWait;
        _cycles = new SemaphoreSlim(parts.MaxConcurrentCycles, parts.MaxConcurrentCycles);
        _inFlight = new WeightedGate(parts.MaxAdSetsInFlight);
        _logger = logger ?? NullLogger<HourlyCycle>.Instance;
    }

    /// <summary>Gets the accounts the loop drives.</summary>
    public IReadOnlyList<AdAccountRef> Accounts => _platforms.Accounts;

    /// <summary>Runs one account's cycle for one hour.</summary>
    /// <param name="storeId">The store that owns the account.</param>
    /// <param name="account">One of <see cref="Accounts"/>.</param>
    /// <param name="hourUtc">The whole UTC hour to decide for; the hour before it is scored.</param>
    /// <param name="stage">The rollout stage.</param>
    /// <param name="cancellationToken">Cancels the cycle; what was written stays consistent and the next run finishes it.</param>
    /// <returns>What the cycle did.</returns>
    /// <exception cref="ArgumentException"><paramref name="hourUtc"/> is not a whole UTC hour.</exception>
    /// <exception cref="InvalidOperationException">The store is unknown.</exception>
    /// <exception cref="PlatformException">A platform or Shopify call failed for good; the next cycle catches up.</exception>
    public async Task<CycleReport> RunAsync(
        long storeId, AdAccountRef account, DateTimeOffset hourUtc, RolloutStage stage, CancellationToken cancellationToken)
    {
        // At most Loop:MaxConcurrentCycles at once, holding at most Loop:MaxAdSetsInFlight ad sets between them (an account
        // weighs what it had last time; all of it the first time): the rest wait here, before anything is read or written.
        await _cycles.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var weight = _adSetsSeen.TryGetValue((storeId, account), out var seen) ? seen : _inFlight.Capacity;
            using var lease = await _inFlight.EnterAsync(weight, cancellationToken).ConfigureAwait(false);
            var started = _time.GetTimestamp();
            var apiErrors = ApiErrors(account);
            CycleReport report;
            try
            {
                report = await RunOneAsync(storeId, account, hourUtc, stage, apiErrors, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                _metrics?.CycleFinished(
                    _time.GetElapsedTime(started).TotalSeconds, CycleMetrics.PlatformLabel(account.Platform), CycleMetrics.StageLabel(stage), succeeded: false);
                await _alerting.EvaluateCycleAsync(
                    new CycleAlertInput(storeId, account, hourUtc, [], ApiErrors(account) - apiErrors, ex.GetBaseException().Message), cancellationToken).ConfigureAwait(false);
                throw;
            }

            _adSetsSeen[(storeId, account)] = report.AdSets;
            return report;
        }
        finally
        {
            _cycles.Release();
        }
    }

    /// <summary>The ad sets a store's rescoring holds: all its accounts' as last seen, or the whole gate when none is known yet.</summary>
    private long StoreWeight(long storeId)
    {
        long sum = 0;
        foreach (var ((store, _), count) in _adSetsSeen)
        {
            sum += store == storeId ? count : 0;
        }

        return sum > 0 ? sum : _inFlight.Capacity;
    }

    /// <summary>Failed calls to the account's API so far in this process (0 without metrics).</summary>
    private long ApiErrors(AdAccountRef account) => _metrics?.ApiErrorTotal(ApiPlatforms.Of(account.Platform)) ?? 0;

    private async Task<CycleReport> RunOneAsync(
        long storeId, AdAccountRef account, DateTimeOffset hourUtc, RolloutStage stage, long apiErrorsBefore, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        var hour = await PrepareAsync(storeId, account, hourUtc, stage, cancellationToken).ConfigureAwait(false);

        // 6. The policy learns from last hour and proposes.
        var decideStarted = _time.GetTimestamp();
        var slot = await _policies.SlotAsync(storeId, account, cancellationToken).ConfigureAwait(false);
        AdAction[] actions;
        double[] propensities;
        bool observed;
        await slot.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            (actions, propensities, observed) = await DecideAsync(slot, hour, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            slot.Gate.Release();
        }

        hour.Timings.Decide = _time.GetElapsedTime(decideStarted).TotalSeconds;
        await _faultPoints.ReachedAsync(FaultPoint.AfterDecide, cancellationToken).ConfigureAwait(false);

        // 7–8. Guardrails, then log and, outside shadow, apply.
        var applyStarted = _time.GetTimestamp();
        var applied = await ApplyAsync(hour, actions, propensities, _policies.Provenance(slot), cancellationToken).ConfigureAwait(false);
        await _faultPoints.ReachedAsync(FaultPoint.AfterApply, cancellationToken).ConfigureAwait(false);

        // 9. Targeting proposals become experiments (never applied to a running ad set), and open experiments move on.
        if (_experiments is not null)
        {
            await _experiments.ProposeAsync(storeId, account, hour.Order, hour.States, actions, _policies.Provenance(slot), cancellationToken).ConfigureAwait(false);
            await _experiments.AdviseAsync(storeId, account, hour.Order, cancellationToken).ConfigureAwait(false);
            var steps = await _experiments.AdvanceAsync(storeId, account, hour.Platform, stage, cancellationToken).ConfigureAwait(false);
            applied = applied with { Entries = [.. applied.Entries, .. steps] };
        }

        await slot.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _policies.SaveAsync(slot, hour.HourUtc, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            slot.Gate.Release();
        }

        hour.Timings.Apply = _time.GetElapsedTime(applyStarted).TotalSeconds;
        var (result, guarded, entries, kill) = applied;
        var current = guarded.ToDictionary(g => g.AdSet, g => g.Current);
        var report = new CycleReport(
            account.ToString(),
            hour.HourUtc,
            stage,
            hour.Etl.AdSets,
            hour.Managed.Count,
            hour.Etl.InsightRows,
            hour.Orders?.Orders ?? 0,
            hour.Recovered,
            hour.HumanChanges,
            hour.Rewards.Count,
            observed,
            entries.Count,
            result.Decisions.Count(d => d.Proposed != current[d.AdSet]),
            result.Decisions.Count(d => d.Verdict == Core.Guardrails.GuardrailVerdict.Allow),
            result.Decisions.Count(d => d.Verdict == Core.Guardrails.GuardrailVerdict.Clamp),
            entries.Count(e => e.Decision.Verdict == Storage.Actions.GuardrailVerdict.Block),
            entries.Count(e => e.Status == ActionStatus.PendingApproval),
            entries.Count(e => e.Status == ActionStatus.Applied && !Actuator.IsNoChange(e)),
            entries.Count(e => e.Status == ActionStatus.Failed),
            kill,
            [.. result.Alerts.Select(a => a.Message)],
            _time.GetElapsedTime(started).TotalSeconds)
        {
            Timings = hour.Timings,
            OrdersPending = hour.OrdersPending,
        };
        _logger.CycleDone(
            report.Account, hour.HourUtc, stage.ToString(), report.Managed, report.Decisions, report.Changes, report.Applied, report.Blocked, report.PendingApproval, report.Seconds);
        if (_metrics is not null)
        {
            CycleMetrics.Succeeded(_metrics, account.Platform, stage, report.Seconds, entries, hour.Rewards, hour.HourUtc.AddHours(-1));
        }

        await _alerting.EvaluateCycleAsync(
            new CycleAlertInput(storeId, account, hour.HourUtc, [.. hour.Etl.Snapshots.Select(s => s.AdSet.ExternalId)], ApiErrors(account) - apiErrorsBefore, Failure: null),
            cancellationToken).ConfigureAwait(false);
        return report;
    }

    /// <summary>
    /// The first half of a cycle, up to the states: recovery, the ETL, human changes, the rewards of the hour before and
    /// the states of the account's managed ad sets at the start of <paramref name="hourUtc"/>.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="hourUtc"/> is not a whole UTC hour.</exception>
    /// <exception cref="InvalidOperationException">The store is unknown.</exception>
    internal async Task<CycleHour> PrepareAsync(
        long storeId, AdAccountRef account, DateTimeOffset hourUtc, RolloutStage stage, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        if (!LocalHour.IsWholeUtcHour(hourUtc))
        {
            throw new ArgumentException($"{hourUtc:O} is not a whole UTC hour", nameof(hourUtc));
        }

        hourUtc = hourUtc.ToUniversalTime();
        var profile = (await _stores.GetAsync(storeId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"store {storeId} is unknown")).Profile;
        var zone = TimeZoneInfo.FindSystemTimeZoneById(profile.TimeZone);
        var platform = _platforms.For(account);
        var batch = _batches.For(account);

        var timings = new CycleTimings();
        var mark = _time.GetTimestamp();
        double Lap()
        {
            var now = _time.GetTimestamp();
            var seconds = _time.GetElapsedTime(mark, now).TotalSeconds;
            mark = now;
            return seconds;
        }

        // 2a. ETL, store side: the orders since the watermark, pulled alongside the account's own steps.
        var orderPull = IngestOrdersOnceAsync(storeId, profile, hourUtc, cancellationToken);

        // 1. Settle what an earlier cycle left open (and apply approved changes), so the reads below see it.
        var recovered = await _actuator.RecoverAsync(storeId, account, platform, batch, cancellationToken).ConfigureAwait(false);
        if (_creatives is not null)
        {
            recovered = [.. recovered, .. await _creatives.RecoverAsync(storeId, account, platform, cancellationToken).ConfigureAwait(false)];
        }
        timings.Recover = Lap();
        await _faultPoints.ReachedAsync(FaultPoint.BeforeInsights, cancellationToken).ConfigureAwait(false);

        // 2b. ETL, account side: its ad sets, and the hours of the 72-hour window that are new or changed.
        var etl = await _insights.IngestAsync(storeId, account, platform, zone, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        timings.Insights = Lap();
        await _faultPoints.ReachedAsync(FaultPoint.AfterInsights, cancellationToken).ConfigureAwait(false);

        // 3. What people changed since the last cycle.
        var human = await _actuator.DetectHumanChangesAsync(storeId, account, etl.Snapshots, stage, cancellationToken).ConfigureAwait(false);
        timings.HumanChanges = Lap();

        // 4. The hour just completed, scored (with the lag hours and late orders it reaches), once the orders are in.
        OrderIngestionResult? orders = null;
        var ordersPending = false;
        try
        {
            orders = await orderPull.WaitAsync(_orderPullWait, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Shopify paces big pulls by query cost: score with the orders stored so far; the pull goes on, and the
            // orders it brings rescore their hours at the next cycle (the reward job's watermark).
            ordersPending = true;
            _logger.OrdersPending(account.ToString(), _orderPullWait.TotalSeconds);
        }

        timings.Orders = Lap();
        var rewards = await _rewards.ScoreHourAsync(
            storeId, hourUtc.AddHours(-1), etl.Snapshots.Select(s => s.AdSet).ToHashSet(), cancellationToken).ConfigureAwait(false);

        // Late orders, refunds and cancellations rescore the older hours they reach: once per store and hour, beside the
        // cycles (it reads every ad set of each hour), after the order pull.
        RescoreLateChangesOnce(storeId, hourUtc.AddHours(-1), orderPull);
        timings.Rewards = Lap();

        // 5. States of the managed ad sets.
        // Ad sets a targeting experiment holds (its original and its copy) run untouched by the policy until it is over.
        var held = _experiments is null ? null : await _experiments.HeldAdSetsAsync(storeId, cancellationToken).ConfigureAwait(false);
        var managed = Managed(etl.Snapshots, account);
        if (held is { Count: > 0 })
        {
            managed.RemoveAll(s => held.Contains(s.AdSet));
        }

        var order = managed.Select(s => s.AdSet).ToArray();
        var byRef = (await _features.StatesAsync(storeId, hourUtc, order, cancellationToken).ConfigureAwait(false)).ToDictionary(f => f.AdSet);
        var states = order.Select(r => byRef[r].State).ToArray();
        if (_creatives is not null && platform is IAdCreativePlatform creatives)
        {
            // The creative type each ad set runs is read from its ads and their tags, so the policy and the guardrails see
            // the truth: a proposal equal to it keeps the creatives, a different one is a rotation proposal.
            var running = await _creatives.RunningTypesAsync(storeId, account, creatives, cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < order.Length; i++)
            {
                if (running.TryGetValue(order[i], out var type))
                {
                    states[i] = states[i] with { CreativeType = type };
                }
            }
        }
        var humanBudgets = (await _snapshots.LatestHumanBudgetsAsync(storeId, cancellationToken).ConfigureAwait(false)).ToDictionary(s => s.AdSet);
        timings.Features = Lap();
        return new CycleHour(
            storeId, account, hourUtc, stage, profile.Currency, zone, platform, batch, etl, orders, recovered.Count, human.Count, rewards, managed, order, states, humanBudgets)
        {
            Timings = timings,
            OrdersPending = ordersPending,
        };
    }

    /// <summary>
    /// The second half of a cycle: the guardrails judge the actions (one per managed ad set, in order), alerts are raised,
    /// and the actuator logs every decision and, outside shadow, applies what may be applied.
    /// </summary>
    internal async Task<(GuardrailResult Result, IReadOnlyList<GuardedAdSet> AdSets, IReadOnlyList<ActionLogEntry> Entries, bool KillSwitchEngaged)> ApplyAsync(
        CycleHour hour, IReadOnlyList<AdAction> actions, IReadOnlyList<double> propensities, PolicyProvenance provenance, CancellationToken cancellationToken)
    {
        var kill = await _killSwitch.GetStateAsync(hour.StoreId, cancellationToken).ConfigureAwait(false);
        var guarded = await GuardAsync(hour, actions, cancellationToken).ConfigureAwait(false);
        var result = _guardrails.Evaluate(new GuardrailInput
        {
            Now = _time.GetUtcNow(),
            TimeZone = hour.Zone,
            AccountId = hour.Account.ToString(),
            Currency = hour.Account.Currency,
            Stage = hour.Stage,
            KillSwitchEngaged = kill.Engaged,
            TrailingHourlyRoas = await TrailingRoasAsync(hour.StoreId, hour.Order, hour.HourUtc, cancellationToken).ConfigureAwait(false),
            AdSets = guarded,
        });
        await RaiseAlertsAsync(hour.StoreId, hour.Account, result.Alerts, cancellationToken).ConfigureAwait(false);

        var proposals = new Dictionary<AdSetRef, ProposalContext>(hour.Order.Length);
        for (var i = 0; i < hour.Order.Length; i++)
        {
            proposals[hour.Order[i]] = new ProposalContext(JsonSerializer.Serialize(hour.States[i], LoopJsonContext.Default.AdEnvironmentState), propensities[i]);
        }

        var entries = await _actuator.RunAsync(
            new ActuationInput
            {
                StoreId = hour.StoreId,
                Account = hour.Account,
                Hour = hour.HourUtc,
                Stage = hour.Stage,
                Decisions = result.Decisions,
                AdSets = guarded,
                Policy = provenance,
                Proposals = proposals,
            },
            hour.Platform,
            hour.Batch,
            cancellationToken).ConfigureAwait(false);
        if (_creatives is not null)
        {
            var rotations = await _creatives.RunAsync(
                new ActuationInput
                {
                    StoreId = hour.StoreId,
                    Account = hour.Account,
                    Hour = hour.HourUtc,
                    Stage = hour.Stage,
                    Decisions = result.Decisions,
                    AdSets = guarded,
                    Policy = provenance,
                    Proposals = proposals,
                },
                hour.Platform,
                cancellationToken).ConfigureAwait(false);
            entries = [.. entries, .. rotations];
        }

        return (result, guarded, entries, kill.Engaged);
    }

    /// <summary>The report as the one-line JSON the ledger keeps.</summary>
    /// <param name="report">The report.</param>
    /// <returns>The JSON.</returns>
    public static string ToJson(CycleReport report) => JsonSerializer.Serialize(report, LoopJsonContext.Default.CycleReport);

    /// <summary>Reports as a JSON array, for <c>adpilot run --once --json</c>.</summary>
    /// <param name="reports">The reports.</param>
    /// <returns>The JSON.</returns>
    public static string ToJson(IReadOnlyList<CycleReport> reports) => JsonSerializer.Serialize(reports, LoopJsonContext.Default.IReadOnlyListCycleReport);

    /// <summary>
    /// The store's order ETL, once per store and hour in this process: the accounts' cycles of one hour run side by side,
    /// and the first to ask starts the pull for all, in the background of its own ETL (the pull is store-wide and
    /// idempotent; another process may pull too). Every cycle waits for it before scoring rewards. A failed pull is not
    /// remembered: the next cycle to ask pulls again.
    /// </summary>
    private Task<OrderIngestionResult?> IngestOrdersOnceAsync(long storeId, StoreProfile profile, DateTimeOffset hourUtc, CancellationToken cancellationToken)
    {
        if (_orders is null)
        {
            return Task.FromResult<OrderIngestionResult?>(null);
        }

        var state = _storeOrders.GetOrAdd(storeId, _ => new StoreOrders());
        lock (state)
        {
            // A pull still running (this hour's, or an earlier hour's that outlived its wait) serves this cycle too.
            if (state.Pull is { } running && (!running.IsCompleted || (state.HourUtc == hourUtc && running.IsCompletedSuccessfully)))
            {
                return running.ContinueWith(_ => (OrderIngestionResult?)null, cancellationToken, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
            }

            var pull = PullAsync(_orders, storeId, profile, hourUtc, cancellationToken);
            _ = pull.ContinueWith(
                t => _logger.OrderPullFailed(profile.ShopDomain, t.Exception!.GetBaseException().Message),
                CancellationToken.None,
                TaskContinuationOptions.OnlyOnFaulted,
                TaskScheduler.Default);
            state.HourUtc = hourUtc;
            state.Pull = pull;
            return pull;
        }

        static async Task<OrderIngestionResult?> PullAsync(
            OrderIngestion orders, long storeId, StoreProfile profile, DateTimeOffset hourUtc, CancellationToken cancellationToken) =>
            await orders.IngestAsync(storeId, profile.Currency, profile.DataSince, hourUtc, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Waits for the work this process runs beside the cycles (order pulls, rescoring of late changes) to end; what fails
    /// is logged, not thrown. A host calls it before it stops, so no write is cut off.
    /// </summary>
    /// <returns>A task that completes when nothing runs in the background.</returns>
    public async Task WhenIdleAsync()
    {
        var running = new List<Task>();
        foreach (var state in _storeOrders.Values)
        {
            lock (state)
            {
                running.Add(state.Pull ?? Task.CompletedTask);
                running.Add(state.Rescore ?? Task.CompletedTask);
            }
        }

        try
        {
            await Task.WhenAll(running).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Each failure was logged where it happened; the next cycle retries.
        }
    }

    /// <summary>
    /// Rescores the hours late order changes reach, once per store and completed hour in this process, in the background
    /// once the order pull is done (a rescoring still running from an earlier hour covers this one: the job's watermark
    /// carries what it has not seen to the next).
    /// </summary>
    private void RescoreLateChangesOnce(long storeId, DateTimeOffset scoredHour, Task<OrderIngestionResult?> orderPull)
    {
        var state = _storeOrders.GetOrAdd(storeId, _ => new StoreOrders());
        lock (state)
        {
            if (state.RescoredHour == scoredHour || state.Rescore is { IsCompleted: false })
            {
                return;
            }

            state.RescoredHour = scoredHour;
            state.Rescore = Task.Run(async () =>
            {
                try
                {
                    await ((Task)orderPull).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                    using var lease = await _inFlight.EnterAsync(StoreWeight(storeId), CancellationToken.None).ConfigureAwait(false);
                    var count = await _rewards.RescoreChangesAsync(storeId, scoredHour, CancellationToken.None).ConfigureAwait(false);
                    _logger.LateChangesRescored(storeId, count, scoredHour);
                }
                catch (Exception ex)
                {
                    _logger.RescoreFailed(storeId, ex.GetBaseException().Message);
                }
            });
        }
    }

    private List<AdSetSnapshot> Managed(IReadOnlyList<AdSetSnapshot> snapshots, AdAccountRef account)
    {
        var managed = new List<AdSetSnapshot>(snapshots.Count);
        foreach (var snapshot in snapshots)
        {
            if (snapshot.DailyBudget is not { } budget)
            {
                continue;
            }

            if (!string.Equals(budget.Currency, account.Currency, StringComparison.Ordinal))
            {
                _logger.CurrencyMismatch(snapshot.AdSet.ToString(), budget.Currency, account.Currency);
                continue;
            }

            managed.Add(snapshot);
        }

        managed.Sort((a, b) => string.CompareOrdinal(a.AdSet.ToString(), b.AdSet.ToString()));
        return managed;
    }

    private async Task<(AdAction[] Actions, double[] Propensities, bool Observed)> DecideAsync(PolicySlot slot, CycleHour hour, CancellationToken cancellationToken)
    {
        var (hourUtc, order, states) = (hour.HourUtc, hour.Order, hour.States);
        if (slot.LastHour == hourUtc && slot.Order.AsSpan().SequenceEqual(order))
        {
            // The same hour again in this process (a retried cycle): the decision stands, and the log already holds it.
            return (slot.LastActions, slot.LastPropensities, false);
        }

        var observed = false;
        if (!slot.Order.AsSpan().SequenceEqual(order) || slot.LastHour is null)
        {
            slot.Policy.Reset(PolicyHost.Context(Descriptors(hour), hour.Currency, _guardrails.Options, _seed));
            slot.Order = order;
            slot.EpisodeStart = hourUtc;
            slot.LastHour = null;
            _logger.EpisodeStarted(hour.Account.ToString(), order.Length, hourUtc);
        }
        else if (slot.LastHour == hourUtc.AddHours(-1))
        {
            var previous = hourUtc.AddHours(-1);
            var (metrics, info) = await OutcomesAsync(hour.StoreId, order, slot.LastStates, previous, hour.Rewards, cancellationToken).ConfigureAwait(false);
            slot.Policy.Observe(new Transition(HourIndex(slot, previous), slot.LastStates, slot.LastActions, metrics, info, states));
            observed = true;
        }

        var actions = new AdAction[states.Length];
        for (var i = 0; i < states.Length; i++)
        {
            actions[i] = AdAction.Keep(states[i]);
        }

        var propensities = new double[states.Length];
        propensities.AsSpan().Fill(1);
        slot.Policy.Decide(new DecisionContext(HourIndex(slot, hourUtc), hourUtc, states), actions, propensities);
        slot.LastHour = hourUtc;
        slot.LastStates = states;
        slot.LastActions = actions;
        slot.LastPropensities = propensities;
        return (actions, propensities, observed);
    }

    /// <summary>The managed ad sets as a policy is reset with them: their budget range and the budget people gave them.</summary>
    internal AdSetDescriptor[] Descriptors(CycleHour hour)
    {
        var limits = _guardrails.Options;
        return [.. hour.Managed.Select(s => new AdSetDescriptor(
            s.AdSet,
            s.Name,
            (double)limits.MinDailyBudgetFor(s.AdSet.Platform),
            (double)Math.Min(limits.MaxDailyBudget, limits.AdSetDailyCap),
            (double)(hour.HumanBudgets.TryGetValue(s.AdSet, out var h) ? h.DailyBudget : s.DailyBudget!.Value.Amount)))];
    }

    private static int HourIndex(PolicySlot slot, DateTimeOffset hourUtc) => (int)(hourUtc - slot.EpisodeStart).TotalHours;

    /// <summary>Each ad set's outcome over the hour just completed, as the policy learns from it: rewards and what the platform and Shopify reported.</summary>
    internal async Task<(RewardMetrics[] Metrics, AdSetHourInfo[] Info)> OutcomesAsync(
        long storeId, AdSetRef[] order, AdEnvironmentState[] before, DateTimeOffset hourUtc, IReadOnlyList<AdSetHourReward> rewards, CancellationToken cancellationToken)
    {
        var scored = rewards.Where(r => r.HourUtc == hourUtc).ToDictionary(r => r.AdSet);
        var hourRows = new List<InsightRow>();
        foreach (var platform in order.GroupBy(a => a.Platform))
        {
            hourRows.AddRange(await _queries.AdSetInsightsAsync(
                storeId, platform.Key, [.. platform.Select(a => a.ExternalId)], hourUtc, hourUtc.AddHours(1), cancellationToken).ConfigureAwait(false));
        }

        var rows = hourRows
            .GroupBy(r => new AdSetRef(r.Platform, r.EntityExternalId))
            .ToDictionary(
                g => g.Key,
                g => (Spend: g.Sum(r => r.Spend), Impressions: g.Sum(r => r.Impressions), Clicks: g.Sum(r => r.Clicks), Purchases: g.Sum(r => (long)r.Purchases), Value: g.Sum(r => r.Revenue)));
        var metrics = new RewardMetrics[order.Length];
        var info = new AdSetHourInfo[order.Length];
        for (var i = 0; i < order.Length; i++)
        {
            var reward = scored.GetValueOrDefault(order[i]);
            metrics[i] = reward?.ToMetrics() ?? default;
            var row = rows.GetValueOrDefault(order[i]);
            var orders = (long)Math.Round(reward?.Utm.Conversions ?? 0m);
            var revenue = (double)(reward?.Utm.Revenue ?? 0m);
            info[i] = new AdSetHourInfo(
                before[i].CurrentBudget,
                (double)row.Spend,
                row.Impressions,
                row.Clicks,
                row.Purchases,
                (double)row.Value,
                orders,
                revenue,
                0,
                0,
                orders,
                revenue,
                before[i].InLearningPhase,
                0);
        }

        return (metrics, info);
    }

    private async Task<IReadOnlyList<GuardedAdSet>> GuardAsync(CycleHour hour, IReadOnlyList<AdAction> actions, CancellationToken cancellationToken)
    {
        var (storeId, hourUtc, managed, states, humanBudgets) = (hour.StoreId, hour.HourUtc, hour.Managed, hour.States, hour.HumanBudgets);
        var options = _guardrails.Options;
        var canary = hour.Stage == RolloutStage.Pilot
            ? CanarySelection.Choose(
                managed.Where(s => s.Status == AdSetStatus.Active).Select(s => KeyValuePair.Create(
                    s.AdSet, humanBudgets.TryGetValue(s.AdSet, out var h) ? h.DailyBudget : s.DailyBudget!.Value.Amount)),
                options.CanaryShare)
            : new HashSet<AdSetRef>();

        // Changes applied (by AdPilot or a person) within the cool-down start it again.
        var since = hourUtc - options.Cooldown - TimeSpan.FromHours(1);
        var lastChange = new Dictionary<AdSetRef, DateTimeOffset>(
            await _log.LastAppliedChangesAsync(storeId, since, hourUtc.AddHours(1), Actuator.NoChangeResponse, cancellationToken).ConfigureAwait(false));

        // An intent still open after recovery is in doubt: its write may have gone through with the answer lost (a
        // timeout, an unreadable body, a crash after the call), and the platform may show it already. It counts as a
        // change made when it was attempted, so no second change is stacked on it within the cool-down (found by the
        // chaos soak: a recovered write in doubt, then a fresh decision on top, moved an ad set twice in one hour).
        foreach (var open in await _log.ListOpenIntentsAsync(storeId, cancellationToken).ConfigureAwait(false))
        {
            var attempted = open.AttemptedAt ?? open.DecidedAt;
            if (!lastChange.TryGetValue(open.Decision.AdSet, out var changed) || attempted > changed)
            {
                lastChange[open.Decision.AdSet] = attempted;
            }
        }

        // AdPilot's increases within the approval window add up: small steps cannot get around the approval rule.
        var windowStart = hourUtc - options.ApprovalWindow;
        var increases = options.ApprovalWindow > TimeSpan.Zero
            ? RecentIncreases.Sum(await _log.ListAsync(storeId, ActionKeys.HourOf(windowStart), hourUtc.AddHours(1), cancellationToken).ConfigureAwait(false), windowStart)
            : [];
        var rotations = _creatives is null
            ? new Dictionary<AdSetRef, IReadOnlyList<DateTimeOffset>>()
            : await _creatives.RecentRotationsAsync(storeId, cancellationToken).ConfigureAwait(false);

        var guarded = new GuardedAdSet[managed.Count];
        for (var i = 0; i < managed.Count; i++)
        {
            var snapshot = managed[i];
            var state = states[i];
            var action = actions[i];
            var current = new AdSetSettings(snapshot.DailyBudget!.Value, snapshot.BidStrategy ?? state.BidStrategy, state.CreativeType, snapshot.Status);
            var budget = current.DailyBudget.Amount;
            if (double.IsFinite(action.BudgetAdjustment) && action.BudgetAdjustment != 0)
            {
                var target = (double)budget * (1 + action.BudgetAdjustment);
                budget = target is > 0 and < (double)decimal.MaxValue ? decimal.Round((decimal)target, 2, MidpointRounding.ToEven) : 0m;
            }

            var proposed = new AdSetSettings(
                new Money(budget, current.DailyBudget.Currency),
                action.BidStrategy == state.BidStrategy ? current.BidStrategy : action.BidStrategy,
                action.CreativeType,
                action.Status);
            guarded[i] = new GuardedAdSet
            {
                AdSet = snapshot.AdSet,
                CampaignId = snapshot.CampaignId,
                Current = current,
                Proposed = proposed,
                IsCanary = canary.Contains(snapshot.AdSet),
                LastChangeAt = lastChange.TryGetValue(snapshot.AdSet, out var changed) ? changed : null,
                RecentIncrease = increases.GetValueOrDefault(snapshot.AdSet),
                RecentCreativeRotations = rotations.GetValueOrDefault(snapshot.AdSet) ?? [],
            };
        }

        return guarded;
    }

    /// <summary>The account's ROAS per hour over the pause window (hours without spend left out), from the stored rewards.</summary>
    private async Task<IReadOnlyList<decimal>> TrailingRoasAsync(long storeId, AdSetRef[] order, DateTimeOffset hourUtc, CancellationToken cancellationToken)
    {
        var window = _guardrails.Options.RoasPauseHours;
        var hours = new List<RewardHourTotals>();
        foreach (var platform in order.GroupBy(a => a.Platform))
        {
            hours.AddRange(await _rewardStore.HourlyTotalsAsync(
                storeId, platform.Key, [.. platform.Select(a => a.ExternalId)], hourUtc.AddHours(-window), hourUtc, cancellationToken).ConfigureAwait(false));
        }

        return [.. hours
            .GroupBy(h => h.Hour)
            .OrderBy(g => g.Key)
            .Select(g => (Revenue: g.Sum(h => h.Revenue), Spend: g.Sum(h => h.Spend)))
            .Where(h => h.Spend > 0)
            .Select(h => h.Revenue / h.Spend)];
    }

    private async Task RaiseAlertsAsync(long storeId, AdAccountRef account, IReadOnlyList<GuardrailAlert> alerts, CancellationToken cancellationToken)
    {
        var raised = new HashSet<string>(StringComparer.Ordinal);
        foreach (var alert in alerts)
        {
            var key = $"{alert.Code}:{account}";
            raised.Add(key);
            await _alerting.RaiseAsync(storeId, alert.Code, AlertSeverity.Warning, key, $"Guardrail alert for {account}: {alert.Message}", cancellationToken).ConfigureAwait(false);
        }

        var roas = $"{GuardrailReasonCodes.RoasPause}:{account}";
        if (!raised.Contains(roas))
        {
            await _alerting.ResolveAsync(
                storeId, GuardrailReasonCodes.RoasPause, roas, $"{account}'s ROAS is back above the pause threshold", cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The hour this process last pulled a store's orders for, and the pull; the hour it last rescored late changes up to, and the run.</summary>
    private sealed class StoreOrders
    {
        public DateTimeOffset? HourUtc { get; set; }

        public Task<OrderIngestionResult?>? Pull { get; set; }

        public DateTimeOffset? RescoredHour { get; set; }

        public Task? Rescore { get; set; }
    }
}

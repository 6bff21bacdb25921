using System.Collections.Concurrent;
using System.Globalization;
using AdPilot.Core.Domain;
using AdPilot.Core.Experiments;
using AdPilot.Core.Guardrails;
using AdPilot.Core.Platforms;
using AdPilot.Runtime.Actuation;
using AdPilot.Runtime.Loop;
using AdPilot.Storage.Actions;
using AdPilot.Storage.Experiments;
using AdPilot.Storage.Rewards;
using AdPilot.Storage.Snapshots;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StoredVerdict = AdPilot.Storage.Actions.GuardrailVerdict;

namespace AdPilot.Runtime.Experiments;

/// <summary>
/// Targeting tests through A/B copies (guide §10, §12, §16 step 11). A policy's targeting proposal is never applied to a
/// running ad set: it becomes a proposed experiment that a person approves or rejects. In the expand stage an approved
/// experiment starts: the original's daily budget is cut by the test budget (<see cref="ExperimentOptions.TestShare"/> of
/// it, at most <see cref="ExperimentOptions.MaxTestBudget"/>), then a copy with the new targeting is made on that budget, so
/// the two together never spend more than the original did. Both run for <see cref="ExperimentOptions.DurationHours"/>,
/// untouched by the policy; then <see cref="ExperimentAnalysis"/> compares their Shopify-attributed profit. The winner keeps
/// the whole budget and the loser is paused. The kill switch, a person, or a change made outside AdPilot ends it early:
/// the copy is paused and (unless a person set the budgets) the original gets its budget back.
/// </summary>
/// <remarks>
/// Every step is an action-log entry (policy <see cref="ActionPolicies.AbTest"/>, key <c>ab:{id}:{step}</c>) written before
/// its platform call and settled through the actuator's one write path, whose approval gate lets an experiment move only
/// the budget it recorded at its start. The experiment's status is written before each stage (starting, concluding), and
/// the copy's name is unique per experiment, so a crash at any point resumes at the next cycle without a second copy or a
/// budget moved twice.
/// </remarks>
public sealed class ExperimentRunner
{
    private readonly ExperimentStore _store;
    private readonly IActionLog _log;
    private readonly IRewardStore _rewards;
    private readonly KillSwitchService _killSwitch;
    private readonly TimeProvider _time;
    private readonly ExperimentOptions _options;
    private readonly GuardrailOptions _guardrails;
    private readonly ILogger _logger;
    private readonly ActionWriter _writer;
    private readonly ConcurrentDictionary<(long Store, AdAccountRef Account), DateOnly> _advised = new();

    /// <summary>Initializes a new instance of the <see cref="ExperimentRunner"/> class.</summary>
    /// <param name="store">The experiments.</param>
    /// <param name="log">The action log.</param>
    /// <param name="snapshots">The human budget snapshots.</param>
    /// <param name="rewards">The rewards, read for the verdict.</param>
    /// <param name="killSwitch">The kill switch, read at every run.</param>
    /// <param name="time">The clock.</param>
    /// <param name="options">The experiment settings; the defaults when null.</param>
    /// <param name="actuator">The actuator settings; the defaults when null.</param>
    /// <param name="guardrails">The guardrails (platform minimum budgets, approval thresholds); the defaults when null.</param>
    /// <param name="logger">The logger; none when null.</param>
    /// <exception cref="ArgumentException">The options have problems.</exception>
    public ExperimentRunner(
        ExperimentStore store,
        IActionLog log,
        IBudgetSnapshotStore snapshots,
        IRewardStore rewards,
        KillSwitchService killSwitch,
        TimeProvider time,
        ExperimentOptions? options = null,
        ActuatorOptions? actuator = null,
        GuardrailOptions? guardrails = null,
        ILogger<ExperimentRunner>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(snapshots);
        ArgumentNullException.ThrowIfNull(rewards);
        ArgumentNullException.ThrowIfNull(killSwitch);
        ArgumentNullException.ThrowIfNull(time);
        options ??= new ExperimentOptions();
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException($"invalid experiment options: {string.Join("; ", errors)}", nameof(options));
        }

        _store = store;
        _log = log;
        _rewards = rewards;
        _killSwitch = killSwitch;
        _time = time;
        _options = options;
        _guardrails = guardrails ?? GuardrailOptions.Default;
        _logger = logger ?? NullLogger<ExperimentRunner>.Instance;
        _writer = new ActionWriter(
            log, snapshots, time, ActuatorOptions.Checked(actuator), _logger, new ApprovalGate(null, snapshots, _guardrails, store), FaultPoints.None);
    }

    /// <summary>Gets the experiment settings.</summary>
    public ExperimentOptions Options => _options;

    /// <summary>The ad sets experiments hold now (originals and copies of started experiments): the policy leaves them alone.</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The held ad sets.</returns>
    public async Task<IReadOnlySet<AdSetRef>> HeldAdSetsAsync(long storeId, CancellationToken cancellationToken) =>
        (await _store.HeldAdSetsAsync(storeId, cancellationToken).ConfigureAwait(false)).Keys.ToHashSet();

    /// <summary>
    /// Records the policy's targeting proposals (an action whose age band or interests differ from the ad set's) as proposed
    /// experiments, in any stage; an ad set with an open experiment keeps it, and at most <see cref="ExperimentOptions.MaxOpen"/>
    /// are open per store.
    /// </summary>
    /// <param name="storeId">The store.</param>
    /// <param name="account">The ad account.</param>
    /// <param name="adSets">The managed ad sets, in decision order.</param>
    /// <param name="states">Their states.</param>
    /// <param name="actions">The policy's actions.</param>
    /// <param name="policy">The policy that proposed them.</param>
    /// <param name="cancellationToken">Cancels the writes.</param>
    /// <returns>The experiments newly proposed.</returns>
    public async Task<IReadOnlyList<TargetingExperiment>> ProposeAsync(
        long storeId,
        AdAccountRef account,
        IReadOnlyList<AdSetRef> adSets,
        IReadOnlyList<AdEnvironmentState> states,
        IReadOnlyList<AdAction> actions,
        PolicyProvenance policy,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(adSets);
        ArgumentNullException.ThrowIfNull(states);
        ArgumentNullException.ThrowIfNull(actions);
        ArgumentNullException.ThrowIfNull(policy);
        if (!_options.Enabled)
        {
            return [];
        }

        var proposals = new List<ExperimentProposal>();
        for (var i = 0; i < adSets.Count; i++)
        {
            var (state, action) = (states[i], actions[i]);
            if (action.TargetAgeGroup != state.TargetAgeGroup || action.TargetInterests != state.TargetInterests)
            {
                proposals.Add(new ExperimentProposal(
                    account,
                    adSets[i],
                    state.TargetAgeGroup,
                    state.TargetInterests,
                    action.TargetAgeGroup,
                    action.TargetInterests,
                    $"policy:{policy.Name}@{policy.Version}",
                    $"the policy proposed {TargetingText.Describe(action.TargetAgeGroup, action.TargetInterests)} instead of {TargetingText.Describe(state.TargetAgeGroup, state.TargetInterests)}"));
            }
        }

        return proposals.Count == 0 ? [] : await RecordProposalsAsync(storeId, proposals, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Once a day per account (in this process), the <see cref="TargetingAdvisor"/>'s proposals from the store's own
    /// attributed figures, recorded as proposed experiments like a policy's.
    /// </summary>
    /// <param name="storeId">The store.</param>
    /// <param name="account">The ad account.</param>
    /// <param name="managed">The ad sets the loop manages this hour.</param>
    /// <param name="cancellationToken">Cancels the reads and writes.</param>
    /// <returns>The experiments newly proposed.</returns>
    public async Task<IReadOnlyList<TargetingExperiment>> AdviseAsync(
        long storeId, AdAccountRef account, IReadOnlyCollection<AdSetRef> managed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(managed);
        var now = _time.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        if (!_options.Enabled || !_options.AdvisorEnabled || managed.Count == 0
            || (_advised.TryGetValue((storeId, account), out var last) && last == today))
        {
            return [];
        }

        var since = now.AddDays(-_options.AdvisorLookbackDays);
        var performance = await _store.TargetingPerformanceAsync(storeId, account, since, cancellationToken).ConfigureAwait(false);
        var recent = await _store.ListAsync(storeId, cancellationToken).ConfigureAwait(false);
        var proposals = TargetingAdvisor.Propose(account, managed, performance, recent, since, _options);
        var created = proposals.Count == 0 ? [] : await RecordProposalsAsync(storeId, proposals, cancellationToken).ConfigureAwait(false);
        _advised[(storeId, account)] = today;
        return created;
    }

    /// <summary>
    /// Moves the account's open experiments on, once per cycle, after the hour's decisions: an approved one starts (expand
    /// stage only, kill switch released), a running one ends early (kill switch, a person's request, a change made outside
    /// AdPilot) or is judged once its period is over, and a started stage left open by a crash is finished.
    /// </summary>
    /// <param name="storeId">The store.</param>
    /// <param name="account">The ad account.</param>
    /// <param name="platform">The platform that serves it.</param>
    /// <param name="stage">The rollout stage.</param>
    /// <param name="cancellationToken">Cancels the run; what was written stays consistent and the next cycle finishes it.</param>
    /// <returns>The action-log entries written or settled.</returns>
    public async Task<IReadOnlyList<ActionLogEntry>> AdvanceAsync(
        long storeId, AdAccountRef account, IAdPlatform platform, RolloutStage stage, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(platform);
        var open = await _store.ListOpenAsync(storeId, account, cancellationToken).ConfigureAwait(false);
        if (!open.Any(e => e.Status != ExperimentStatus.Proposed))
        {
            return [];
        }

        var kill = (await _killSwitch.GetStateAsync(storeId, cancellationToken).ConfigureAwait(false)).Engaged;
        var run = new Run(storeId, account, platform, stage, kill);
        var entries = new List<ActionLogEntry>();
        foreach (var experiment in open)
        {
            try
            {
                entries.AddRange(await StepAsync(run, experiment, cancellationToken).ConfigureAwait(false));
            }
            catch (PlatformException ex) when (ex.IsTransient)
            {
                _logger.ExperimentWaits(experiment.Id, ex.Message);
            }
            catch (InvalidOperationException ex) when (ex.Message.Contains("moved on since it was read", StringComparison.Ordinal))
            {
                // Another worker moved it first; it carries on from where that one left it.
                _logger.ExperimentWaits(experiment.Id, ex.Message);
            }
        }

        return entries;
    }

    private async Task<IReadOnlyList<ActionLogEntry>> StepAsync(Run run, TargetingExperiment experiment, CancellationToken cancellationToken)
    {
        switch (experiment.Status)
        {
            case ExperimentStatus.Approved when run.KillSwitchEngaged || run.Stage != RolloutStage.Expand:
                return [];
            case ExperimentStatus.Approved:
                return await StartAsync(run, experiment, cancellationToken).ConfigureAwait(false);
            case ExperimentStatus.Starting or ExperimentStatus.Running or ExperimentStatus.Concluding when run.KillSwitchEngaged:
                return await EndAsync(run, experiment, "ended by the kill switch", restoreOriginal: false, cancellationToken).ConfigureAwait(false);
            case ExperimentStatus.Starting or ExperimentStatus.Running when experiment.EndRequestedBy is { } who:
                return await EndAsync(run, experiment, $"ended early by {who}", restoreOriginal: true, cancellationToken).ConfigureAwait(false);
            case ExperimentStatus.Starting:
                return await ContinueStartAsync(run, experiment, cancellationToken).ConfigureAwait(false);
            case ExperimentStatus.Running:
                return await WatchAsync(run, experiment, cancellationToken).ConfigureAwait(false);
            case ExperimentStatus.Concluding:
                return await ContinueConcludeAsync(run, experiment, cancellationToken).ConfigureAwait(false);
            default:
                return [];
        }
    }

    private async Task<IReadOnlyList<ActionLogEntry>> StartAsync(Run run, TargetingExperiment experiment, CancellationToken cancellationToken)
    {
        var shown = await run.AdSetsAsync(cancellationToken).ConfigureAwait(false);
        var original = shown.FirstOrDefault(a => a.AdSet == experiment.Original);
        var problem = original switch
        {
            null => "the original ad set is no longer in the account",
            { DailyBudget: null } => "the original has no daily budget of its own (its campaign holds it), so no test budget can be taken from it",
            { Status: not AdSetStatus.Active } => "the original is not active",
            _ when run.Platform is not IAdSetCloner => $"{run.Account.Platform} cannot copy ad sets here",
            _ => null,
        };
        if (problem is not null)
        {
            return await FailAsync(run, experiment, problem, cancellationToken).ConfigureAwait(false);
        }

        var budget = original!.DailyBudget!.Value.Amount;
        var test = Math.Round(Math.Min(budget * (decimal)_options.TestShare, _options.MaxTestBudget), 2, MidpointRounding.ToZero);
        var minimum = _guardrails.MinDailyBudgetFor(run.Account.Platform);
        if (test < minimum || budget - test < minimum)
        {
            return await FailAsync(
                run,
                experiment,
                string.Create(CultureInfo.InvariantCulture, $"the original's daily budget of {budget} {experiment.Currency} is too small to split: the copy would get {test} and the original {budget - test}, and {run.Account.Platform} needs at least {minimum} each"),
                cancellationToken).ConfigureAwait(false);
        }

        var starting = await _store.MarkStartingAsync(run.StoreId, experiment, budget, test, CopyName(original.Name, experiment), cancellationToken).ConfigureAwait(false);
        return await ContinueStartAsync(run, starting, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The cut, then the copy (found by name when an earlier try made it), then running.</summary>
    private async Task<IReadOnlyList<ActionLogEntry>> ContinueStartAsync(Run run, TargetingExperiment experiment, CancellationToken cancellationToken)
    {
        var budget = experiment.OriginalBudget!.Value;
        var test = experiment.TestBudget!.Value;
        var entries = new List<ActionLogEntry>();
        var cut = await StepEntryAsync(
            run,
            experiment,
            "cut",
            experiment.Original,
            new ActionSettings(budget - test, experiment.Currency, AdSetStatus.Active, null, null, null),
            string.Create(CultureInfo.InvariantCulture, $"take the test budget of {test} {experiment.Currency} from the original's {budget} for the copy"),
            cancellationToken).ConfigureAwait(false);
        entries.Add(cut);
        if (cut.Status == ActionStatus.Intended)
        {
            return entries;
        }

        if (cut.Status != ActionStatus.Applied)
        {
            entries.AddRange(await FailAsync(run, experiment, $"the original's budget could not be cut: {cut.Error}", cancellationToken).ConfigureAwait(false));
            return entries;
        }

        var shown = await run.AdSetsAsync(cancellationToken, fresh: true).ConfigureAwait(false);
        var copy = shown.FirstOrDefault(a => string.Equals(a.Name, experiment.CopyName, StringComparison.Ordinal))?.AdSet;
        if (copy is null && shown.FirstOrDefault(a => a.Name.EndsWith(" - " + experiment.CopyName, StringComparison.Ordinal)) is { } partial)
        {
            // Meta made the copy (paused, under its copy name) but the update that gives it its targeting, budget and name
            // never went through: it would run the old targeting, so it is left paused and the test is over.
            var end = await EndAsync(
                run,
                experiment,
                $"the platform made the copy {partial.AdSet.ExternalId} only in part (its targeting was never set); it is left {partial.Status.ToString().ToLowerInvariant()}",
                restoreOriginal: true,
                cancellationToken,
                failed: true).ConfigureAwait(false);
            entries.AddRange(end);
            return entries;
        }

        if (copy is null)
        {
            try
            {
                copy = await ((IAdSetCloner)run.Platform).CloneAdSetAsync(
                    run.Account,
                    new AdSetCloneRequest(experiment.Original, experiment.CopyName!, experiment.ToAgeGroup, experiment.ToInterests, new Money(test, experiment.Currency), AdSetStatus.Active),
                    cancellationToken).ConfigureAwait(false);
            }
            catch (PlatformException ex) when (!ex.IsTransient)
            {
                // The platform refused the copy: the original gets its budget back, and the experiment is over.
                var end = await EndAsync(run, experiment, $"the platform refused the copy: {ex.Message}", restoreOriginal: true, cancellationToken, failed: true).ConfigureAwait(false);
                entries.AddRange(end);
                return entries;
            }
        }

        var made = await _log.RecordAsync(run.StoreId, Decision(run, experiment, "copy", copy.Value, new ActionSettings(test, experiment.Currency, AdSetStatus.Active, null, null, null), $"copy of {experiment.Original} with targeting {TargetingText.Describe(experiment.ToAgeGroup, experiment.ToInterests)}"), cancellationToken).ConfigureAwait(false);
        if (made.Status == ActionStatus.Intended)
        {
            made = await _log.CompleteAsync(run.StoreId, made.Id, true, $"copied {experiment.Original} as {copy.Value.ExternalId} ({experiment.CopyName})", null, cancellationToken).ConfigureAwait(false);
        }

        entries.Add(made);
        var now = _time.GetUtcNow();
        var running = await _store.MarkRunningAsync(run.StoreId, experiment, copy.Value, now, now.AddHours(_options.DurationHours), cancellationToken).ConfigureAwait(false);
        _logger.ExperimentStarted(running.Id, copy.Value.ToString(), running.Original.ToString(), running.EndsAt!.Value);
        return entries;
    }

    /// <summary>A running experiment: ended when someone changed its ad sets, judged once its period is over.</summary>
    private async Task<IReadOnlyList<ActionLogEntry>> WatchAsync(Run run, TargetingExperiment experiment, CancellationToken cancellationToken)
    {
        var shown = (await run.AdSetsAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(a => a.AdSet);
        var budget = experiment.OriginalBudget!.Value;
        var test = experiment.TestBudget!.Value;
        var outside = (shown.GetValueOrDefault(experiment.Original), shown.GetValueOrDefault(experiment.Copy!.Value)) switch
        {
            (null, _) => "the original ad set is gone",
            (_, null) => "the copy is gone",
            ({ } o, _) when o.DailyBudget?.Amount != budget - test || o.Status != AdSetStatus.Active =>
                $"the original was changed outside AdPilot during the test (daily budget {o.DailyBudget?.ToString() ?? "none"}, {o.Status})",
            (_, { } c) when c.DailyBudget?.Amount != test || c.Status != AdSetStatus.Active =>
                $"the copy was changed outside AdPilot during the test (daily budget {c.DailyBudget?.ToString() ?? "none"}, {c.Status})",
            _ => null,
        };
        if (outside is not null)
        {
            // A person's budgets stand: only the copy is paused.
            return await EndAsync(run, experiment, outside, restoreOriginal: false, cancellationToken).ConfigureAwait(false);
        }

        if (_time.GetUtcNow() < experiment.EndsAt!.Value)
        {
            return [];
        }

        var verdict = await JudgeAsync(run.StoreId, experiment, cancellationToken).ConfigureAwait(false);
        var concluding = await _store.MarkConcludingAsync(
            run.StoreId, experiment, verdict.Winner, verdict.PValue, verdict.OriginalProfit, verdict.CopyProfit, verdict.Explanation, cancellationToken).ConfigureAwait(false);
        return await ContinueConcludeAsync(run, concluding, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The verdict of an experiment from the rewards of both arms over its period.</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="experiment">A running (or later) experiment.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The verdict.</returns>
    public async Task<ExperimentVerdict> JudgeAsync(long storeId, TargetingExperiment experiment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        if (experiment is not { StartedAt: { } from, EndsAt: { } to, Copy: { } copy, OriginalBudget: { } budget, TestBudget: { } test })
        {
            throw new InvalidOperationException($"experiment {experiment.Id} has not started; there is nothing to judge");
        }

        var original = (await _rewards.ListAsync(storeId, experiment.Original, from, to, cancellationToken).ConfigureAwait(false)).ToDictionary(r => r.Hour);
        var copied = await _rewards.ListAsync(storeId, copy, from, to, cancellationToken).ConfigureAwait(false);
        var hours = copied
            .Where(c => original.ContainsKey(c.Hour))
            .Select(c => new ArmHour(c.Hour, original[c.Hour].Profit, c.Profit));
        var start = from.AddTicks(-(from.Ticks % TimeSpan.TicksPerHour));
        return ExperimentAnalysis.Decide(hours, start, budget - test, test, _options.Test);
    }

    /// <summary>The loser paused first, then the winner given the whole budget; then concluded.</summary>
    private async Task<IReadOnlyList<ActionLogEntry>> ContinueConcludeAsync(Run run, TargetingExperiment experiment, CancellationToken cancellationToken)
    {
        var budget = experiment.OriginalBudget!.Value;
        var (loser, winner) = experiment.Winner == ExperimentArm.Copy
            ? (experiment.Original, experiment.Copy!.Value)
            : (experiment.Copy!.Value, experiment.Original);
        var entries = new List<ActionLogEntry>();
        var pause = await StepEntryAsync(
            run, experiment, "pause-loser", loser, Paused(experiment), $"the {(loser == experiment.Original ? "original" : "copy")} lost: {experiment.Outcome}", cancellationToken).ConfigureAwait(false);
        entries.Add(pause);
        if (pause.Status == ActionStatus.Intended)
        {
            return entries;
        }

        var give = await StepEntryAsync(
            run,
            experiment,
            "keep-winner",
            winner,
            new ActionSettings(budget, experiment.Currency, AdSetStatus.Active, null, null, null),
            string.Create(CultureInfo.InvariantCulture, $"the {(winner == experiment.Original ? "original" : "copy")} won and runs on the whole daily budget of {budget} {experiment.Currency}"),
            cancellationToken).ConfigureAwait(false);
        entries.Add(give);
        if (give.Status == ActionStatus.Intended)
        {
            return entries;
        }

        var done = await _store.FinishAsync(
            run.StoreId, experiment, ExperimentStatus.Concluded, NotAllApplied(experiment.Outcome!, [pause, give]), cancellationToken).ConfigureAwait(false);
        _logger.ExperimentConcluded(done.Id, done.Outcome ?? string.Empty);
        return entries;
    }

    /// <summary>Ends an experiment early: the copy paused and, when asked and the original still runs on the cut budget, the original's budget given back.</summary>
    private async Task<IReadOnlyList<ActionLogEntry>> EndAsync(
        Run run, TargetingExperiment experiment, string why, bool restoreOriginal, CancellationToken cancellationToken, bool failed = false)
    {
        var entries = new List<ActionLogEntry>();
        var shown = (await run.AdSetsAsync(cancellationToken, fresh: true).ConfigureAwait(false)).ToDictionary(a => a.AdSet);
        var copy = experiment.Copy ?? shown.Values.FirstOrDefault(a => string.Equals(a.Name, experiment.CopyName, StringComparison.Ordinal))?.AdSet;
        if (copy is { } made && shown.TryGetValue(made, out var copyShown) && copyShown.Status == AdSetStatus.Active)
        {
            var pause = await StepEntryAsync(run, experiment, "end-pause-copy", made, Paused(experiment), $"end the experiment: {why}", cancellationToken).ConfigureAwait(false);
            entries.Add(pause);
            if (pause.Status == ActionStatus.Intended)
            {
                return entries;
            }
        }

        if (restoreOriginal
            && experiment is { OriginalBudget: { } budget, TestBudget: { } test }
            && shown.TryGetValue(experiment.Original, out var original)
            && original.DailyBudget?.Amount == budget - test)
        {
            var restore = await StepEntryAsync(
                run,
                experiment,
                "end-restore",
                experiment.Original,
                new ActionSettings(budget, experiment.Currency, original.Status, null, null, null),
                string.Create(CultureInfo.InvariantCulture, $"end the experiment: give the original back its daily budget of {budget} {experiment.Currency}"),
                cancellationToken).ConfigureAwait(false);
            entries.Add(restore);
            if (restore.Status == ActionStatus.Intended)
            {
                return entries;
            }
        }

        var outcome = NotAllApplied(why, entries) ?? why;
        var done = await _store.FinishAsync(run.StoreId, experiment, failed ? ExperimentStatus.Failed : ExperimentStatus.Ended, outcome, cancellationToken).ConfigureAwait(false);
        if (failed)
        {
            _logger.ExperimentFailed(done.Id, outcome);
        }
        else
        {
            _logger.ExperimentEnded(done.Id, outcome);
        }

        return entries;
    }

    private async Task<IReadOnlyList<ActionLogEntry>> FailAsync(Run run, TargetingExperiment experiment, string why, CancellationToken cancellationToken)
    {
        if (experiment.HoldsAdSets)
        {
            return await EndAsync(run, experiment, why, restoreOriginal: true, cancellationToken, failed: true).ConfigureAwait(false);
        }

        var done = await _store.FinishAsync(run.StoreId, experiment, ExperimentStatus.Failed, why, cancellationToken).ConfigureAwait(false);
        _logger.ExperimentFailed(done.Id, why);
        return [];
    }

    /// <summary>One step as an action: logged (once per key), then settled through the write path unless already settled.</summary>
    private async Task<ActionLogEntry> StepEntryAsync(
        Run run, TargetingExperiment experiment, string step, AdSetRef adSet, ActionSettings to, string why, CancellationToken cancellationToken)
    {
        var entry = await _log.RecordAsync(run.StoreId, Decision(run, experiment, step, adSet, to, why), cancellationToken).ConfigureAwait(false);
        if (entry.Status != ActionStatus.Intended)
        {
            return entry;
        }

        var settled = await _writer.SettleAsync(run.StoreId, run.Account, run.Platform, null, [entry], run.KillSwitchEngaged, cancellationToken).ConfigureAwait(false);
        run.Invalidate();
        return settled.FirstOrDefault(e => e.Id == entry.Id) ?? entry;
    }

    private ActionDecision Decision(Run run, TargetingExperiment experiment, string step, AdSetRef adSet, ActionSettings to, string why)
    {
        var json = to.ToJson();
        return new ActionDecision
        {
            IdempotencyKey = string.Create(CultureInfo.InvariantCulture, $"{run.Account.Platform}:{run.Account.AccountId}:ab:{experiment.Id}:{step}"),
            AdSet = adSet,
            Hour = ActionKeys.HourOf(_time.GetUtcNow()),
            Mode = Actuator.ToMode(run.Stage),
            StateJson = "{}",
            PolicyName = run.KillSwitchEngaged ? ActionPolicies.KillSwitch : ActionPolicies.AbTest,
            PolicyVersion = ActionPolicies.Version,
            ProposedActionJson = json,
            FinalActionJson = json,
            Verdict = StoredVerdict.Allow,
            GuardrailReasons = [$"ab_test: experiment {experiment.Id} ({TargetingText.Describe(experiment.ToAgeGroup, experiment.ToInterests)}): {why}"],
            Status = ActionStatus.Intended,
        };
    }

    /// <summary>The outcome with the steps that failed named, or null when every step was applied.</summary>
    private static string? NotAllApplied(string outcome, IEnumerable<ActionLogEntry> steps)
    {
        var problems = string.Join("; ", steps.Where(e => e.Status == ActionStatus.Failed).Select(e => $"action {e.Id}: {e.Error}"));
        return problems.Length == 0 ? null : $"{outcome} (not all applied: {problems})";
    }

    private static ActionSettings Paused(TargetingExperiment experiment) => new(null, experiment.Currency, AdSetStatus.Paused, null, null, null);

    /// <summary>The copy's name: the original's, marked as experiment <c>id</c>'s A/B copy (unique, so a lost answer is found by name).</summary>
    private static string CopyName(string originalName, TargetingExperiment experiment)
    {
        var suffix = string.Create(CultureInfo.InvariantCulture, $" · A/B #{experiment.Id} {TargetingText.Describe(experiment.ToAgeGroup, experiment.ToInterests)}");
        var head = originalName.Length + suffix.Length > 200 ? originalName[..Math.Max(0, 200 - suffix.Length)] : originalName;
        return head + suffix;
    }

    private async Task<IReadOnlyList<TargetingExperiment>> RecordProposalsAsync(long storeId, IReadOnlyList<ExperimentProposal> proposals, CancellationToken cancellationToken)
    {
        var open = (await _store.ListAsync(storeId, cancellationToken).ConfigureAwait(false)).Where(e => e.IsOpen).ToList();
        var created = new List<TargetingExperiment>();
        foreach (var proposal in proposals)
        {
            if (open.Any(e => e.Original == proposal.Original || e.Copy == proposal.Original))
            {
                continue;
            }

            if (open.Count >= _options.MaxOpen)
            {
                _logger.ExperimentProposalDeferred(proposal.Original.ToString(), open.Count);
                continue;
            }

            TargetingExperiment experiment;
            bool isNew;
            try
            {
                (experiment, isNew) = await _store.ProposeAsync(storeId, proposal, cancellationToken, maxOpen: _options.MaxOpen).ConfigureAwait(false);
            }
            catch (InvalidOperationException)
            {
                // Another worker filled the store's open experiments since the list above was read.
                _logger.ExperimentProposalDeferred(proposal.Original.ToString(), open.Count);
                break;
            }
            open.Add(experiment);
            if (isNew)
            {
                created.Add(experiment);
                _logger.ExperimentProposed(experiment.Id, experiment.Original.ToString(), TargetingText.Describe(experiment.ToAgeGroup, experiment.ToInterests), experiment.ProposedBy);
            }
        }

        return created;
    }

    /// <summary>One account's run: its ad sets read once, again after a write.</summary>
    private sealed class Run(long storeId, AdAccountRef account, IAdPlatform platform, RolloutStage stage, bool killSwitchEngaged)
    {
        private IReadOnlyList<AdSetSnapshot>? _adSets;

        public long StoreId => storeId;

        public AdAccountRef Account => account;

        public IAdPlatform Platform => platform;

        public RolloutStage Stage => stage;

        public bool KillSwitchEngaged => killSwitchEngaged;

        public async Task<IReadOnlyList<AdSetSnapshot>> AdSetsAsync(CancellationToken cancellationToken, bool fresh = false)
        {
            if (fresh || _adSets is null)
            {
                _adSets = await platform.GetAdSetsAsync(account, cancellationToken).ConfigureAwait(false);
            }

            return _adSets;
        }

        public void Invalidate() => _adSets = null;
    }
}

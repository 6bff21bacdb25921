using System.Globalization;
using AdPilot.Core.Agents;
using AdPilot.Core.Agents.Checkpoints;
using AdPilot.Core.Simulation;
using AdPilot.Core.Training;
using AdPilot.Runtime.Alerts;
using AdPilot.Runtime.Evidence;
using AdPilot.Runtime.Scheduling;
using AdPilot.Storage.Alerts;
using AdPilot.Storage.Checkpoints;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Features;
using AdPilot.Storage.Retraining;
using AdPilot.Storage.Rewards;
using AdPilot.Storage.Stores;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AdPilot.Runtime.Retraining;

/// <summary>
/// Retrains a store's policy from its accumulated data: gathers the range's ad set insights, attributed orders, scored
/// hours and logged decisions; calibrates a scenario family on them (<see cref="StoreScenarioFamily"/>); goes on training
/// the serving checkpoint (or a fresh agent of the configured kind when none serves) in the simulator with
/// <see cref="AgentTrainer"/>; writes the checkpoint atomically; asks the promotion gate; registers it as a candidate with
/// its data range, counts, training figures and verdict; and promotes it only when the gate says so.
/// </summary>
/// <remarks>
/// <para>One version per store and night: the version is <c>nightly-yyyy-MM-dd</c>, the store-local date the data end on.
/// A run for a night that has its version already trains nothing and reports it (and finishes a promotion the gate had
/// approved if the run that made it stopped before promoting, provided the version judged against still serves). A lock
/// file beside the checkpoint keeps two runs of one night on one folder apart.</para>
/// <para>A failure is logged and raised as a <see cref="AlertKinds.RetrainingFailed"/> alert (resolved by the next
/// success), then thrown; the serving checkpoint is never touched by a failed run.</para>
/// </remarks>
public sealed class RetrainingJob : IRetrainingRunner
{
    /// <summary>Who the promotion history names when the gate promotes a retrained version.</summary>
    public const string DecidedBy = "retraining";

    /// <summary>The distinct calibrated scenarios one run draws at most; episodes beyond them go round again with fresh random streams.</summary>
    public const int MaxScenarios = 16;

    private const string VersionPrefix = "nightly-";

    private readonly RetrainingSettings _settings;
    private readonly IStoreDirectory _stores;
    private readonly RetrainingDataReader _reader;
    private readonly ICheckpointStore _checkpoints;
    private readonly IPromotionGate _gate;
    private readonly TimeProvider _time;
    private readonly AlertService? _alerts;
    private readonly ILogger _logger;

    /// <summary>Initializes a new instance of the <see cref="RetrainingJob"/> class.</summary>
    /// <param name="settings">The settings in force.</param>
    /// <param name="stores">The stores.</param>
    /// <param name="features">Ad sets, insights and orders.</param>
    /// <param name="rewards">The scored hours.</param>
    /// <param name="queries">The decisions' count.</param>
    /// <param name="checkpoints">The checkpoint registry.</param>
    /// <param name="gate">Decides whether a retrained checkpoint may serve.</param>
    /// <param name="time">The clock: the default range, checkpoint times, the promotion history.</param>
    /// <param name="alerts">Raises an alert when a run fails; none when null.</param>
    /// <param name="logger">The logger; none when null.</param>
    public RetrainingJob(
        RetrainingSettings settings,
        IStoreDirectory stores,
        IFeatureQueries features,
        IRewardStore rewards,
        IRetrainingQueries queries,
        ICheckpointStore checkpoints,
        IPromotionGate gate,
        TimeProvider time,
        AlertService? alerts = null,
        ILogger<RetrainingJob>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(stores);
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(rewards);
        ArgumentNullException.ThrowIfNull(queries);
        ArgumentNullException.ThrowIfNull(checkpoints);
        ArgumentNullException.ThrowIfNull(gate);
        ArgumentNullException.ThrowIfNull(time);
        _settings = settings;
        _stores = stores;
        _reader = new RetrainingDataReader(stores, features, rewards, queries);
        _checkpoints = checkpoints;
        _gate = gate;
        _time = time;
        _alerts = alerts;
        _logger = logger ?? NullLogger<RetrainingJob>.Instance;
    }

    /// <summary>Gets the settings in force.</summary>
    public RetrainingSettings Settings => _settings;

    /// <summary>A job over one database's stores and registry.</summary>
    /// <param name="database">The database.</param>
    /// <param name="settings">The settings in force.</param>
    /// <param name="gate">The promotion gate.</param>
    /// <param name="time">The clock.</param>
    /// <param name="alerts">Raises failures; none when null.</param>
    /// <param name="loggerFactory">Logging; none when null.</param>
    /// <returns>The job.</returns>
    public static RetrainingJob Create(
        StorageDatabase database, RetrainingSettings settings, IPromotionGate gate, TimeProvider time, AlertService? alerts, ILoggerFactory? loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(database);
        return new RetrainingJob(
            settings,
            new StoreDirectory(database, time),
            new FeatureQueries(database),
            new RewardStore(database, time),
            new RetrainingQueries(database),
            new CheckpointStore(database, time),
            gate,
            time,
            alerts,
            loggerFactory?.CreateLogger<RetrainingJob>());
    }

    /// <summary>The version of the night whose data end at <paramref name="toUtc"/>: <c>nightly-</c> and that instant's store-local date.</summary>
    /// <param name="toUtc">The end of the data (exclusive).</param>
    /// <param name="zone">The store's time zone.</param>
    /// <returns>The version, e.g. <c>nightly-2026-03-15</c>.</returns>
    public static string VersionFor(DateTimeOffset toUtc, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return VersionPrefix + TimeZoneInfo.ConvertTime(toUtc, zone).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    /// <summary>The start of the UTC hour an instant falls in.</summary>
    /// <param name="instant">The instant.</param>
    /// <returns>The hour.</returns>
    public static DateTimeOffset HourOf(DateTimeOffset instant)
    {
        var utc = instant.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerHour), TimeSpan.Zero);
    }

    /// <inheritdoc />
    public async Task RunNightAsync(long storeId, DateTimeOffset scheduledUtc, CancellationToken cancellationToken)
    {
        var to = HourOf(scheduledUtc);
        await RunAsync(new RetrainingRequest(storeId, to.AddDays(-_settings.WindowDays), to), null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs one retraining (or reports the night's version when it exists).</summary>
    /// <param name="request">The store, and the range and episodes when not the settings'.</param>
    /// <param name="onEpisode">Called after each training episode (for progress); none when null.</param>
    /// <param name="cancellationToken">Cancels the run; nothing is registered then.</param>
    /// <returns>What the run did.</returns>
    /// <exception cref="ArgumentException">The range is not whole hours, empty, or reaches past the current hour.</exception>
    /// <exception cref="RetrainingException">The run could not train (no data, another run of the night); logged and, but for another run, alerted.</exception>
    public async Task<RetrainingResult> RunAsync(RetrainingRequest request, Action<EpisodeMetrics>? onEpisode, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var store = await _stores.GetAsync(request.StoreId, cancellationToken).ConfigureAwait(false)
            ?? throw new RetrainingException($"store {request.StoreId} is not in this database");
        var zone = TimeZoneInfo.FindSystemTimeZoneById(store.Profile.TimeZone);
        var (from, to) = Range(request);
        var episodes = request.Episodes ?? _settings.Episodes;
        ArgumentOutOfRangeException.ThrowIfLessThan(episodes, 1);
        var version = VersionFor(to, zone);
        try
        {
            var existing = await _checkpoints.GetAsync(store.Id, version, cancellationToken).ConfigureAwait(false);
            if (existing is not null)
            {
                return await ReuseAsync(store.Id, existing, cancellationToken).ConfigureAwait(false);
            }

            var folder = Path.Combine(_settings.Directory, string.Create(CultureInfo.InvariantCulture, $"store-{store.Id}"));
            System.IO.Directory.CreateDirectory(folder);
            using var held = Lock(folder, version, store.Id);

            // The run that held the lock before may have registered the version since this one looked.
            existing = await _checkpoints.GetAsync(store.Id, version, cancellationToken).ConfigureAwait(false);
            if (existing is not null)
            {
                return await ReuseAsync(store.Id, existing, cancellationToken).ConfigureAwait(false);
            }

            var result = await TrainAsync(store, zone, version, folder, from, to, episodes, onEpisode, cancellationToken).ConfigureAwait(false);
            if (_alerts is not null)
            {
                await _alerts.ResolveAsync(store.Id, AlertKinds.RetrainingFailed, AlertKinds.RetrainingFailed, $"Retraining {version} succeeded.", cancellationToken).ConfigureAwait(false);
            }

            return result;
        }
        catch (RetrainingException ex) when (ex.AlreadyRunning)
        {
            _logger.AlreadyRunning(version, store.Id);
            throw;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var message = ex.GetBaseException().Message;
            _logger.Failed(version, store.Id, message);
            if (_alerts is not null)
            {
                await _alerts.RaiseAsync(
                    store.Id,
                    AlertKinds.RetrainingFailed,
                    AlertSeverity.Warning,
                    AlertKinds.RetrainingFailed,
                    $"Retraining {version} failed; the serving checkpoint is unchanged: {message}",
                    CancellationToken.None).ConfigureAwait(false);
            }

            throw;
        }
    }

    private static async Task WriteAtomicallyAsync(string path, Checkpoint checkpoint, CancellationToken cancellationToken)
    {
        var temporary = path + ".tmp";
        var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true);
        await using (stream.ConfigureAwait(false))
        {
            await CheckpointFormat.WriteAsync(stream, checkpoint, cancellationToken).ConfigureAwait(false);
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }

    private static async Task<ILearningAgent> LoadAsync(StoredCheckpoint serving, CancellationToken cancellationToken)
    {
        try
        {
            var stream = File.OpenRead(serving.Checkpoint.ModelBlobLocation);
            await using (stream.ConfigureAwait(false))
            {
                return LearningAgents.FromCheckpoint(await CheckpointFormat.ReadAsync(stream, serving.Checkpoint.AgentKind, cancellationToken).ConfigureAwait(false));
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CheckpointException)
        {
            throw new RetrainingException(
                $"the serving checkpoint {serving.Checkpoint.Version} ({serving.Checkpoint.ModelBlobLocation}) cannot be loaded to train on: {ex.Message}", ex);
        }
    }

    private static FileStream Lock(string folder, string version, long storeId)
    {
        var path = Path.Combine(folder, version + ".lock");
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
        }
        catch (IOException ex)
        {
            throw new RetrainingException($"retraining {version} of store {storeId} is already running (it holds {path})", ex) { AlreadyRunning = true };
        }
    }

    private (DateTimeOffset From, DateTimeOffset To) Range(RetrainingRequest request)
    {
        var current = HourOf(_time.GetUtcNow());
        var to = request.To ?? current;
        var from = request.From ?? to.AddDays(-_settings.WindowDays);
        if (HourOf(to) != to || HourOf(from) != from)
        {
            throw new ArgumentException($"the range {from:O} – {to:O} must start and end on whole UTC hours", nameof(request));
        }

        if (from >= to)
        {
            throw new ArgumentException($"the range must end after it starts, got {from:u} – {to:u}", nameof(request));
        }

        return to > current
            ? throw new ArgumentException($"the range ends at {to:u}, after the last complete hour (which ends at {current:u})", nameof(request))
            : (from.ToUniversalTime(), to.ToUniversalTime());
    }

    private async Task<RetrainingResult> TrainAsync(
        StoredStore store,
        TimeZoneInfo zone,
        string version,
        string folder,
        DateTimeOffset from,
        DateTimeOffset to,
        int episodes,
        Action<EpisodeMetrics>? onEpisode,
        CancellationToken cancellationToken)
    {
        var data = await _reader.ReadAsync(store.Id, from, to, cancellationToken).ConfigureAwait(false);
        StoreScenarioFamily family;
        try
        {
            family = new StoreScenarioFamily(data, _settings.AdSetsPerScenario, string.Create(CultureInfo.InvariantCulture, $"store{store.Id}-{version}"));
        }
        catch (ArgumentException ex)
        {
            throw new RetrainingException(ex.Message, ex);
        }

        var serving = await _checkpoints.GetActiveAsync(store.Id, cancellationToken).ConfigureAwait(false);
        var night = (ulong)DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(to, zone).DateTime).DayNumber;
        var seed = Rng.ForStream(_settings.Seed, (ulong)store.Id, night).NextUInt64();
        var agent = serving is null ? LearningAgents.Create(_settings.AgentKind, seed) : await LoadAsync(serving, cancellationToken).ConfigureAwait(false);
        _logger.Started(
            version, store.Id, family.AdSets.Count, data.InsightHours, data.Decisions, data.Orders, from, to, agent.Kind, serving?.Checkpoint.Version ?? "a fresh agent", episodes);

        var scenarios = Enumerable.Range(0, Math.Min(episodes, MaxScenarios))
            .Select(k => family.Sample(Rng.ForStream(seed, 0x5CE7, (ulong)k).NextUInt64()))
            .ToList();
        var work = Path.Combine(folder, $".{version}.training");
        if (System.IO.Directory.Exists(work))
        {
            // What a stopped run left: its episodes run again.
            System.IO.Directory.Delete(work, recursive: true);
        }

        var run = new TrainingRun
        {
            Scenarios = TrainingScenarios.FromList(scenarios),
            Episodes = episodes,
            DaysPerEpisode = _settings.EpisodeDays,
            Seed = seed,
            RunId = version,
            OutputDirectory = work,
            CheckpointEvery = episodes,
        };
        var started = _time.GetTimestamp();
        var summary = await new AgentTrainer(_time).TrainAsync(agent, run, onEpisode, cancellationToken: cancellationToken).ConfigureAwait(false);
        var seconds = _time.GetElapsedTime(started).TotalSeconds;

        var metadata = new Dictionary<string, string>(AgentTrainer.Metadata(run, summary.EpisodesDone, summary.Last), StringComparer.Ordinal)
        {
            ["retraining.store"] = store.Profile.ShopDomain,
            ["retraining.from"] = from.ToString("O", CultureInfo.InvariantCulture),
            ["retraining.to"] = to.ToString("O", CultureInfo.InvariantCulture),
            ["retraining.startedFrom"] = serving?.Checkpoint.Version ?? "untrained",
        };
        var path = Path.Combine(folder, version + ".ckpt");
        await WriteAtomicallyAsync(path, agent.ToCheckpoint(version, _time.GetUtcNow(), metadata), cancellationToken).ConfigureAwait(false);
        File.Move(summary.MetricsPath, Path.Combine(folder, version + ".metrics.jsonl"), overwrite: true);
        System.IO.Directory.Delete(work, recursive: true);

        var verdict = await _gate.JudgeAsync(new PromotionRequest(store.Id, path, serving?.Checkpoint.ModelBlobLocation, from, to), cancellationToken).ConfigureAwait(false);
        var last = summary.Last;
        var meta = new CheckpointMeta
        {
            Source = CheckpointMeta.RetrainingSource,
            RunId = version,
            CreatedAt = _time.GetUtcNow(),
            Data = new CheckpointDataMeta(
                from,
                to,
                data.InsightHours,
                data.RewardHours,
                family.AdSets.Count,
                data.Decisions,
                data.Orders,
                data.AttributedOrders,
                data.Spend,
                data.Revenue,
                store.Profile.Currency),
            Training = new CheckpointTrainingMeta(
                summary.EpisodesRun,
                run.DaysPerEpisode,
                seed,
                scenarios.Count,
                serving?.Checkpoint.Version,
                last?.ProfitPerDay,
                last?.RewardTrend,
                last?.Roas,
                last?.Epsilon,
                last?.Updates,
                last?.TableSize,
                Math.Round(seconds, 3)),
            Verdict = CheckpointVerdictMeta.From(verdict, serving?.Checkpoint.Version),
        };
        await _checkpoints.RegisterAsync(store.Id, new CheckpointRecord(version, agent.Kind, path, meta.ToJson()), cancellationToken).ConfigureAwait(false);
        _logger.Judged(version, store.Id, path, verdict.Method, verdict.Promote ? "promote" : "hold", verdict.Reason);

        var promoted = verdict.Promote && await PromoteAsync(store.Id, version, meta.Verdict, cancellationToken).ConfigureAwait(false);
        var active = await _checkpoints.GetActiveAsync(store.Id, cancellationToken).ConfigureAwait(false);
        return new RetrainingResult(version, agent.Kind, path, meta, promoted, Reused: false, active?.Checkpoint.Version);
    }

    /// <summary>Promotes an approved version, unless another version has come to serve since the gate judged.</summary>
    private async Task<bool> PromoteAsync(long storeId, string version, CheckpointVerdictMeta verdict, CancellationToken cancellationToken)
    {
        var active = await _checkpoints.GetActiveAsync(storeId, cancellationToken).ConfigureAwait(false);
        if (!string.Equals(active?.Checkpoint.Version, verdict.JudgedAgainst, StringComparison.Ordinal))
        {
            _logger.ActiveChanged(version, storeId, verdict.JudgedAgainst ?? "none", active?.Checkpoint.Version ?? "none");
            return false;
        }

        var change = await _checkpoints.PromoteAsync(storeId, version, new CheckpointDecision(DecidedBy, verdict.Reason), cancellationToken).ConfigureAwait(false);
        _logger.Promoted(version, storeId, change.Previous ?? "none");
        return true;
    }

    private async Task<RetrainingResult> ReuseAsync(long storeId, StoredCheckpoint existing, CancellationToken cancellationToken)
    {
        var version = existing.Checkpoint.Version;
        var meta = CheckpointMeta.TryParse(existing.Checkpoint.MetaJson) ?? new CheckpointMeta { Source = CheckpointMeta.RetrainingSource };
        var promoted = existing.Status != CheckpointStatus.Candidate
            && (await _checkpoints.HistoryAsync(storeId, cancellationToken).ConfigureAwait(false))
                .Any(h => h.Version == version && string.Equals(h.DecidedBy, DecidedBy, StringComparison.Ordinal));
        if (existing.Status == CheckpointStatus.Candidate && meta.Verdict is { Promote: true } verdict)
        {
            // The run that made it stopped between registering and promoting: finish what the gate approved.
            promoted = await PromoteAsync(storeId, version, verdict, cancellationToken).ConfigureAwait(false);
        }

        _logger.Reused(version, storeId, promoted ? "promoted" : existing.Status.ToString().ToLowerInvariant());
        var active = await _checkpoints.GetActiveAsync(storeId, cancellationToken).ConfigureAwait(false);
        return new RetrainingResult(version, existing.Checkpoint.AgentKind, existing.Checkpoint.ModelBlobLocation, meta, promoted, Reused: true, active?.Checkpoint.Version);
    }
}

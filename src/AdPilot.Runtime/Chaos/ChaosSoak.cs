using System.Globalization;
using AdPilot.Core.Guardrails;
using AdPilot.Core.Simulation;
using AdPilot.Runtime.Actuation;
using AdPilot.Runtime.Demo;
using AdPilot.Runtime.Logging;
using AdPilot.Runtime.Loop;
using AdPilot.Runtime.Platforms;
using AdPilot.Runtime.Scheduling;
using AdPilot.Sandbox;
using AdPilot.Sandbox.Faults;
using AdPilot.Storage.Actions;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Cycles;
using AdPilot.Storage.Stores;
using AdPilot.Storage.Webhooks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AdPilot.Runtime.Chaos;

/// <summary>
/// <c>adpilot chaos</c>: the production hourly loop, through the real connectors, actuator, guardrails, cycle ledger and
/// webhook receiver, for simulated days against an in-process sandbox that injects faults on every endpoint, with workers
/// killed at random <see cref="FaultPoint"/>s. A killed worker is thrown away with everything it held in memory; a fresh
/// one starts on the same database and runs the hour again, as the scheduler's recovery would. At the end the faults are
/// lifted, open intents get their recovery, the webhooks settle, and <see cref="ChaosAccounting"/> counts what was lost,
/// doubled or broken from records independent of each other.
/// </summary>
public static class ChaosSoak
{
    /// <summary>The soak's database file in the out folder; a run replaces the last one's.</summary>
    public const string DatabaseFile = "chaos.db";

    /// <summary>The soak's JSON-lines log in the out folder.</summary>
    public const string LogFile = "chaos.log";

    /// <summary>The most times one hour is run when its workers keep being killed; the next hour catches up after that.</summary>
    private const int MaxAttemptsPerHour = 3;

    private const ulong KillStream = 0xC4A06;

    /// <summary>The longest the soak waits at its end for the webhooks to be delivered and processed.</summary>
    private static readonly TimeSpan WebhookSettleTimeout = TimeSpan.FromSeconds(60);

    private static readonly FaultPoint[] Points = Enum.GetValues<FaultPoint>();

    /// <summary>Runs a soak.</summary>
    /// <param name="options">The soak.</param>
    /// <param name="host">Builds and starts a worker: the loop and, when it has one, the Shopify webhook receiver (the web application's host).</param>
    /// <param name="progress">Told after each simulated hour.</param>
    /// <param name="cancellationToken">Stops the soak between hours.</param>
    /// <returns>The report.</returns>
    /// <exception cref="ArgumentException">The options are invalid; the message names every problem.</exception>
    public static async Task<ChaosReport> RunAsync(
        ChaosOptions options,
        Func<DemoHostSetup, CancellationToken, Task<IDemoHost>> host,
        IProgress<ChaosProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(host);
        if (options.Validate() is { Count: > 0 } errors)
        {
            throw new ArgumentException(string.Join("; ", errors), nameof(options));
        }

        var started = TimeProvider.System.GetTimestamp();
        var outDirectory = Path.GetFullPath(options.OutDirectory);
        Directory.CreateDirectory(outDirectory);
        foreach (var file in new[] { DatabaseFile, DatabaseFile + "-wal", DatabaseFile + "-shm", DatabaseFile + "-journal", LogFile })
        {
            File.Delete(Path.Combine(outDirectory, file));
        }

        var checkpoints = Path.Combine(outDirectory, "chaos-checkpoints");
        if (Directory.Exists(checkpoints))
        {
            Directory.Delete(checkpoints, recursive: true);
        }

        var scenario = DefaultFamily.Sample(options.Seed, options.AdSets);
        string? pretrained = null;
        if (options.TrainingEpisodes > 0 && Core.Agents.LearningAgents.IsKnown(options.Policy))
        {
            var training = new DemoOptions { Seed = options.Seed, TrainingEpisodes = options.TrainingEpisodes };
            pretrained = await DemoRunner.PretrainAsync(training, TimeProvider.System, Path.Combine(checkpoints, "pretrained"), cancellationToken).ConfigureAwait(false);
        }

        var faults = options.Faults ?? ChaosFaultPlan.Create(options.Seed);
        using var log = new JsonLinesFileLoggerProvider(Path.Combine(outDirectory, LogFile), TimeProvider.System);
        var sandbox = await SandboxServer.StartAsync(
            scenario, 0, cancellationToken, serverTime: new ScaledTime(TimeProvider.System, options.SandboxTimeSpeed), faults: faults).ConfigureAwait(false);
        await using (sandbox.ConfigureAwait(false))
        {
            sandbox.World.Advance(options.HistoryHours);
            var database = await StorageDatabase.OpenMigratedAsync(DatabaseTarget.Sqlite(Path.Combine(outDirectory, DatabaseFile)), cancellationToken).ConfigureAwait(false);
            await using (database.ConfigureAwait(false))
            {
                var run = new Run(options, sandbox, database, log, host, checkpoints, pretrained);
                var report = await run.ExecuteAsync(progress, cancellationToken).ConfigureAwait(false);
                return report with { Seconds = TimeProvider.System.GetElapsedTime(started).TotalSeconds };
            }
        }
    }

    private static Dictionary<string, string?> Settings(ChaosOptions options)
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase) { ["Loop:Policy"] = options.Policy };
        foreach (var (key, value) in options.Settings)
        {
            settings[key] = value;
        }

        return settings;
    }

    private static string SnakeCase(string name) => string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    /// <summary>One soak's state: the sandbox, the database, the current worker and the tallies.</summary>
    private sealed class Run(
        ChaosOptions options, SandboxServer sandbox, StorageDatabase database, ILoggerProvider log, Func<DemoHostSetup, CancellationToken, Task<IDemoHost>> hostFactory, string checkpoints, string? pretrained)
    {
        private readonly ChaosKiller _killer = new();
        private readonly TimeProvider _workerTime = new ScaledTime(sandbox.World.Clock, options.WorkerTimeSpeed);
        private Worker? _worker;
        private int _workers;
        private int _cycles;
        private int _failedCycles;

        public async Task<ChaosReport> ExecuteAsync(IProgress<ChaosProgress>? progress, CancellationToken cancellationToken)
        {
            var world = sandbox.World;
            var profile = new StoreProfile
            {
                ShopDomain = sandbox.ShopDomain,
                Currency = world.Currency,
                TimeZone = world.Scenario.Store.TimeZone,
                GrossMargin = (decimal)world.Scenario.Store.GrossMargin,
                DataSince = world.StartUtc,
            };
            var storeId = await new StoreDirectory(database, world.Clock).UpsertAsync(profile, cancellationToken).ConfigureAwait(false);
            var configuration = new ConfigurationBuilder()
                .AddInMemoryCollection(DemoRunner.Settings(new DemoOptions { Seed = options.Seed, Settings = Settings(options) }, sandbox, checkpoints, pretrained))
                .Build();
            var setup = new DemoHostSetup(configuration, database, _workerTime, log)
            {
                ConfigureServices = services => services.AddSingleton<IFaultPoints>(_killer),
            };

            var kills = Rng.ForStream(options.Seed, KillStream);
            var hours = options.Days * 24;
            var loopStart = world.Clock.GetUtcNow();
            await StartWorkerAsync(setup, cancellationToken).ConfigureAwait(false);
            try
            {
                for (var h = 0; h < hours; h++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var stage = StageAt(h);
                    var hour = world.Clock.GetUtcNow();
                    for (var attempt = 1; attempt <= MaxAttemptsPerHour; attempt++)
                    {
                        if (_worker!.Life.IsCancellationRequested)
                        {
                            // Killed between hours (the webhook processor runs on its own).
                            await RestartWorkerAsync(setup, cancellationToken).ConfigureAwait(false);
                        }

                        // A point the hour does not reach (no write to make, no webhook to process) stays armed for
                        // the next hours until it is reached: every kill drawn happens, at the point drawn.
                        if (_killer.Armed is null)
                        {
                            _killer.Arm(_worker!.Life, kills.NextDouble() < options.KillProbability ? Points[kills.NextInt(Points.Length)] : null);
                        }
                        else
                        {
                            _killer.Follow(_worker!.Life);
                        }

                        await RunHourAsync(storeId, hour, stage, attempt > 1, cancellationToken).ConfigureAwait(false);
                        if (!_worker!.Life.IsCancellationRequested)
                        {
                            break;
                        }

                        await RestartWorkerAsync(setup, cancellationToken).ConfigureAwait(false);
                    }

                    world.Advance(1);
                    progress?.Report(new ChaosProgress(h + 1, hours, _cycles, _killer.Kills.Count));
                }

                _killer.Disarm();
                if (_worker!.Life.IsCancellationRequested)
                {
                    await RestartWorkerAsync(setup, cancellationToken).ConfigureAwait(false);
                }

                var loopEnd = world.Clock.GetUtcNow();
                var injected = FaultsInjected();
                await SettleAsync(storeId, cancellationToken).ConfigureAwait(false);
                var guardrails = _worker!.Host.Services.GetRequiredService<HourlyCycleParts>().Guardrails.Options;
                var counts = await ChaosAccounting.CountAsync(
                    new ChaosRecords(sandbox, database, storeId, guardrails, loopStart, loopEnd, at => StageAt((int)((at - loopStart).Ticks / TimeSpan.TicksPerHour))),
                    cancellationToken).ConfigureAwait(false);
                return new ChaosReport
                {
                    Days = options.Days,
                    Seed = options.Seed,
                    AdSets = world.AdSets.Count,
                    Cycles = _cycles,
                    FailedCycles = _failedCycles,
                    WorkerKills = _killer.Kills.Count,
                    KillsByPoint = _killer.Kills.GroupBy(p => SnakeCase(p.ToString())).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal),
                    FaultsInjected = injected,
                    WebhooksSent = counts.WebhooksSent,
                    WebhooksLost = counts.WebhooksLost,
                    ChangesApplied = counts.ChangesApplied,
                    ChangesAppliedTwice = counts.ChangesAppliedTwice,
                    IntendedChangesLost = counts.IntendedChangesLost,
                    GuardrailViolations = counts.GuardrailViolations,
                    BudgetMismatches = counts.BudgetMismatches,
                    MisattributedChanges = counts.MisattributedChanges,
                    Problems = counts.Problems,
                };
            }
            finally
            {
                _killer.Disarm();
                if (_worker is not null)
                {
                    await StopWorkerAsync(_worker).ConfigureAwait(false);
                }
            }
        }

        private RolloutStage StageAt(int hour) => hour / 24 < options.PilotDays ? RolloutStage.Pilot : RolloutStage.Expand;

        /// <summary>Every account's cycle for the hour, side by side, each through the ledger as the scheduler runs it.</summary>
        private async Task RunHourAsync(long storeId, DateTimeOffset hour, RolloutStage stage, bool recovering, CancellationToken cancellationToken)
        {
            var worker = _worker!;
            var cycle = worker.Host.Services.GetRequiredService<HourlyCycle>();
            var logger = worker.Host.Services.GetService<ILoggerFactory>()?.CreateLogger("AdPilot.Runtime.Chaos") ?? NullLogger.Instance;
            var executor = new AccountHourExecutor(new CycleRunner(cycle, stage), new CycleRunStore(database, _workerTime), worker.Id, logger, worker.Life.Token);
            var runs = cycle.Accounts.Select(a => RunOneAsync(executor, new AccountHour(storeId, a, hour), recovering, worker, cancellationToken)).ToArray();
            await Task.WhenAll(runs).ConfigureAwait(false);
        }

        private async Task RunOneAsync(AccountHourExecutor executor, AccountHour work, bool recovering, Worker worker, CancellationToken cancellationToken)
        {
            try
            {
                var result = await executor.RunAsync(work, recovering, cancellationToken).ConfigureAwait(false);
                if (result.Outcome != AccountHourOutcome.AlreadySucceeded)
                {
                    Interlocked.Increment(ref _cycles);
                }

                if (result.Outcome == AccountHourOutcome.Failed)
                {
                    Interlocked.Increment(ref _failedCycles);
                }
            }
            catch (OperationCanceledException) when (worker.Life.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                // The worker was killed under this cycle.
                Interlocked.Increment(ref _cycles);
            }
        }

        private async Task StartWorkerAsync(DemoHostSetup setup, CancellationToken cancellationToken)
        {
            var host = await hostFactory(setup, cancellationToken).ConfigureAwait(false);
            _workers++;
#pragma warning disable CA2000 // the worker owns its token source; StopWorkerAsync disposes of it
            _worker = new Worker(host, new CancellationTokenSource(), string.Create(CultureInfo.InvariantCulture, $"chaos-worker-{_workers}"));
#pragma warning restore CA2000
            if (host.WebhookUrl is { } url)
            {
                // The receiver of the fresh worker; deliveries in flight to the dead one's address are retried here.
                sandbox.DeliverWebhooksTo(url);
            }
        }

        /// <summary>Throws the killed worker away (its memory, its half-done work) and starts a fresh one on the same database.</summary>
        private async Task RestartWorkerAsync(DemoHostSetup setup, CancellationToken cancellationToken)
        {
            var dead = _worker!;
            _worker = null;
            await StopWorkerAsync(dead).ConfigureAwait(false);
            await StartWorkerAsync(setup, cancellationToken).ConfigureAwait(false);
        }

        private static async Task StopWorkerAsync(Worker worker)
        {
            await worker.Life.CancelAsync().ConfigureAwait(false);

            // Background writes of the dead worker (order pulls, rescoring) end before the next one starts, as a dead
            // process's would: nothing of it runs beside the new worker.
            try
            {
                await worker.Host.Services.GetRequiredService<HourlyCycle>().WhenIdleAsync().ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // An order pull the kill cancelled: the next worker pulls again from the watermark.
            }

            await worker.Host.DisposeAsync().ConfigureAwait(false);
            worker.Life.Dispose();
        }

        /// <summary>The faults that hit: the HTTP kinds from the sandbox's counters, the webhook kinds from its sender's.</summary>
        private Dictionary<string, long> FaultsInjected()
        {
            var counts = sandbox.FaultsInjected()
                .Where(c => c.Value > 0)
                .ToDictionary(c => SnakeCase(c.Key.ToString()).Replace("http429", "http_429", StringComparison.Ordinal), c => c.Value, StringComparer.Ordinal);
            var (failed, duplicated, reordered) = sandbox.WebhookFaultsInjected;
            counts["webhook_failure"] = failed;
            counts["webhook_duplicate"] = duplicated;
            counts["webhook_out_of_order"] = reordered;
            return counts;
        }

        /// <summary>
        /// The end of the soak: the faults stop, each account's open intents get the recovery the next cycle would give
        /// them, and the webhooks in flight are delivered and processed (bounded by <see cref="WebhookSettleTimeout"/>).
        /// </summary>
        private async Task SettleAsync(long storeId, CancellationToken cancellationToken)
        {
            sandbox.ReplaceFaults(new SandboxFaults { Seed = options.Seed });
            var services = _worker!.Host.Services;
            var actuator = services.GetRequiredService<Actuator>();
            var platforms = services.GetRequiredService<AdPlatforms>();
            var batches = services.GetRequiredService<AdPlatformBatches>();
            foreach (var account in platforms.Accounts)
            {
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        await actuator.RecoverAsync(storeId, account, platforms.For(account), batches.For(account), cancellationToken).ConfigureAwait(false);
                        break;
                    }
                    catch (Core.Platforms.PlatformException) when (attempt < MaxAttemptsPerHour)
                    {
                        // A slow answer on a busy machine can still time out with the faults lifted: as the next cycle would, try again.
                    }
                }
            }

            if (_worker.Host.WebhookUrl is null)
            {
                return;
            }

            var queue = new WebhookQueueStore(database, _workerTime);
            var waited = TimeProvider.System.GetTimestamp();
            while (sandbox.WebhooksInFlight > 0 || (await queue.BacklogAsync(cancellationToken).ConfigureAwait(false)).Depth > 0)
            {
                if (TimeProvider.System.GetElapsedTime(waited) >= WebhookSettleTimeout)
                {
                    return;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(50), TimeProvider.System, cancellationToken).ConfigureAwait(false);
            }
        }

        private sealed record Worker(IDemoHost Host, CancellationTokenSource Life, string Id);
    }
}

using System.Globalization;
using AdPilot.Core.Domain;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Cycles;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Quartz;
using Quartz.Impl;

namespace AdPilot.Runtime.Scheduling;

/// <summary>
/// Runs every account's hourly cycle with Quartz.NET: one durable job per account, fired at a minute past each UTC hour,
/// never two fires of one account at once, each fire running the account-hour of its scheduled time through the ledger
/// (<see cref="ICycleRunStore"/>), so an account-hour that already succeeded is not run again. On SQLite the jobs live in
/// Quartz's in-memory store; on PostgreSQL in its clustered job store, where several workers share the jobs, each fire
/// runs on one of them, and a fire whose worker stops checking in is recovered by another for the same account-hour.
/// </summary>
/// <remarks>
/// <para>A failed account-hour is not retried by a later fire: the next fire is the next hour's, which runs normally. The
/// ledger keeps the failure (and its attempts) for a person or <see cref="RunOnceAsync"/> within the same hour.</para>
/// <para>With a <see cref="NightlyRetrainingPlan"/>, the same scheduler (and, on PostgreSQL, the same cluster) also runs
/// each store's nightly retraining, one job per store in <see cref="RetrainingJobGroup"/>; without one, retraining jobs
/// left in the persistent store by an earlier start are deleted.</para>
/// </remarks>
public sealed class CycleScheduler : IAsyncDisposable
{
    /// <summary>The Quartz job group of the cycles.</summary>
    public const string JobGroup = "adpilot-cycles";

    /// <summary>The Quartz job group of the nightly retraining.</summary>
    public const string RetrainingJobGroup = "adpilot-retraining";

    /// <summary>The Quartz group of the stores' token refresh jobs.</summary>
    public const string TokenRefreshJobGroup = "adpilot-tokens";

    /// <summary>The Quartz scheduler name every worker shares, so the clustered ones see the same jobs.</summary>
    public const string SchedulerName = "AdPilot";

    private readonly IReadOnlyList<ScheduledAccount> _accounts;
    private readonly DatabaseTarget _database;
    private readonly CycleSchedulerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly CycleSchedule _schedule;
    private readonly AccountHourExecutor _executor;
    private readonly NightlyRetrainingPlan? _retraining;
    private readonly CancellationTokenSource _stopping = new();
    private StandaloneSchedulerFactory? _factory;
    private IScheduler? _scheduler;
    private bool _disposed;

    /// <summary>Initializes a new instance of the <see cref="CycleScheduler"/> class.</summary>
    /// <param name="runner">Runs one account-hour.</param>
    /// <param name="ledger">The ledger of account-hours.</param>
    /// <param name="accounts">The accounts to run every hour.</param>
    /// <param name="database">
    /// The database: SQLite uses Quartz's in-memory store; PostgreSQL the clustered job store on the same connection
    /// string (its qrtz_ tables come with migration 0005).
    /// </param>
    /// <param name="options">The settings, or null for the defaults.</param>
    /// <param name="time">The clock, for Quartz and for <see cref="RunOnceAsync"/>'s current hour.</param>
    /// <param name="loggerFactory">Logging, or null for none.</param>
    /// <exception cref="ArgumentException">The options are invalid, or two accounts are the same.</exception>
    public CycleScheduler(
        IAccountHourRunner runner,
        ICycleRunStore ledger,
        IReadOnlyList<ScheduledAccount> accounts,
        DatabaseTarget database,
        CycleSchedulerOptions? options,
        TimeProvider time,
        ILoggerFactory? loggerFactory)
        : this(runner, ledger, accounts, database, options, time, loggerFactory, null, null)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="CycleScheduler"/> class that also runs the nightly retraining.</summary>
    /// <param name="runner">Runs one account-hour.</param>
    /// <param name="ledger">The ledger of account-hours.</param>
    /// <param name="accounts">The accounts to run every hour.</param>
    /// <param name="database">The database (see the other constructor).</param>
    /// <param name="options">The settings, or null for the defaults.</param>
    /// <param name="time">The clock, for Quartz and for <see cref="RunOnceAsync"/>'s current hour.</param>
    /// <param name="loggerFactory">Logging, or null for none.</param>
    /// <param name="retraining">The stores to retrain every night, or null for none.</param>
    /// <exception cref="ArgumentException">The options are invalid, two accounts are the same, or the plan's hour or a time zone is invalid.</exception>
    public CycleScheduler(
        IAccountHourRunner runner,
        ICycleRunStore ledger,
        IReadOnlyList<ScheduledAccount> accounts,
        DatabaseTarget database,
        CycleSchedulerOptions? options,
        TimeProvider time,
        ILoggerFactory? loggerFactory,
        NightlyRetrainingPlan? retraining)
        : this(runner, ledger, accounts, database, options, time, loggerFactory, null, retraining)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="CycleScheduler"/> class with another schedule, for tests.</summary>
    internal CycleScheduler(
        IAccountHourRunner runner,
        ICycleRunStore ledger,
        IReadOnlyList<ScheduledAccount> accounts,
        DatabaseTarget database,
        CycleSchedulerOptions? options,
        TimeProvider time,
        ILoggerFactory? loggerFactory,
        CycleSchedule? schedule,
        NightlyRetrainingPlan? retraining = null)
    {
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(accounts);
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(time);
        _options = CycleSchedulerOptions.Checked(options);
        var duplicate = accounts.GroupBy(JobKeyOf).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"the account {duplicate.Key.Name} is listed twice", nameof(accounts));
        }

        if (retraining is not null)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(retraining.LocalHour, nameof(retraining));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(retraining.LocalHour, 23, nameof(retraining));
            foreach (var store in retraining.Stores)
            {
                if (!TimeZoneInfo.TryFindSystemTimeZoneById(store.TimeZone, out _))
                {
                    throw new ArgumentException($"store {store.StoreId}'s time zone '{store.TimeZone}' is unknown", nameof(retraining));
                }
            }
        }

        _retraining = retraining;
        _accounts = [.. accounts];
        _database = database;
        _time = time;
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = _loggerFactory.CreateLogger<CycleScheduler>();
        _schedule = schedule ?? CycleSchedule.Hourly(_options.MinutePastHour);
        _executor = new AccountHourExecutor(runner, ledger, _options.EffectiveWorkerId, _logger, _stopping.Token);
    }

    /// <summary>Gets this worker's instance id, as recorded in the ledger.</summary>
    public string WorkerId => _executor.Worker;

    /// <summary>Gets the accounts this scheduler runs.</summary>
    public IReadOnlyList<ScheduledAccount> Accounts => _accounts;

    /// <summary>Gets or sets the stores whose platform tokens are looked after (refreshed before expiry), or null for none; set before <see cref="StartAsync"/>.</summary>
    public TokenRefreshPlan? TokenRefresh { get; init; }

    /// <summary>Gets the stores this scheduler retrains every night (empty when retraining is not enabled).</summary>
    public IReadOnlyList<ScheduledRetraining> RetrainedStores => _retraining?.Stores ?? [];

    /// <summary>The Quartz job key of a store's nightly retraining: <c>adpilot-retraining.store-{id}</c>.</summary>
    /// <param name="storeId">The store.</param>
    /// <returns>The key.</returns>
    public static JobKey RetrainingJobKeyOf(long storeId) => new(string.Create(CultureInfo.InvariantCulture, $"store-{storeId}"), RetrainingJobGroup);

    /// <summary>The Quartz job key of an account's cycle: <c>adpilot-cycles.store-{id}.{platform}.{account id}</c>.</summary>
    /// <param name="account">The account.</param>
    /// <returns>The key.</returns>
    public static JobKey JobKeyOf(ScheduledAccount account)
    {
        ArgumentNullException.ThrowIfNull(account);
        var platform = account.Account.Platform == Platform.Instagram ? "instagram" : "tiktok";
        return new JobKey(string.Create(CultureInfo.InvariantCulture, $"store-{account.StoreId}.{platform}.{account.Account.AccountId}"), JobGroup);
    }

    /// <summary>
    /// Builds the Quartz scheduler, makes sure every account's job and trigger are stored (a trigger already stored with
    /// the same schedule is left alone, so a worker joining a cluster changes nothing), and starts firing.
    /// </summary>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>A task that completes once the scheduler fires.</returns>
    /// <exception cref="InvalidOperationException">It was started before.</exception>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_factory is not null)
        {
            throw new InvalidOperationException("the cycle scheduler was already started; make a new one");
        }

        _factory = Build();
        _scheduler = await _factory.GetScheduler(cancellationToken).ConfigureAwait(false);
        foreach (var account in _accounts)
        {
            await EnsureScheduledAsync(_scheduler, account, cancellationToken).ConfigureAwait(false);
        }

        await UnscheduleOthersAsync(_scheduler, cancellationToken).ConfigureAwait(false);
        await ScheduleRetrainingAsync(_scheduler, cancellationToken).ConfigureAwait(false);
        await ScheduleTokenRefreshAsync(_scheduler, cancellationToken).ConfigureAwait(false);

        await _scheduler.Start(cancellationToken).ConfigureAwait(false);
        _logger.Started(WorkerId, _accounts.Count, _database.Dialect == DatabaseDialect.PostgreSql ? "clustered PostgreSQL" : "in-memory", _schedule.Description);
    }

    /// <summary>
    /// Stops firing and waits for the cycles running on this worker to finish (graceful shutdown). Cancelling gives up the
    /// wait and cancels the running cycles: their ledger rows say failed (cancelled), so the next claim of those
    /// account-hours runs them again.
    /// </summary>
    /// <param name="cancellationToken">Gives up waiting for running cycles.</param>
    /// <returns>A task that completes once the scheduler is down.</returns>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var scheduler = _scheduler;
        if (scheduler is null || scheduler.Status is SchedulerStatus.Shutdown or SchedulerStatus.ShuttingDown)
        {
            return;
        }

        try
        {
            await using (cancellationToken.Register(_stopping.Cancel).ConfigureAwait(false))
            {
                await scheduler.Shutdown(waitForJobsToComplete: true, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            // Quartz's own registration on the token can end the wait and dispose ours before ours has run (a token runs
            // its callbacks one by one), so a stop that was given up cancels the cycles here as well.
            if (cancellationToken.IsCancellationRequested)
            {
                await _stopping.CancelAsync().ConfigureAwait(false);
            }
        }

        _logger.Stopped(WorkerId);
    }

    /// <summary>
    /// Runs the current UTC hour for every account, one after another, without Quartz (<c>--once</c>): the same ledger path
    /// as a fire, so an account-hour that already succeeded is skipped and a failed one is run again.
    /// </summary>
    /// <param name="cancellationToken">Cancels the run; the account running then is recorded failed.</param>
    /// <returns>What happened to each account, in order.</returns>
    public async Task<IReadOnlyList<AccountHourResult>> RunOnceAsync(CancellationToken cancellationToken)
    {
        var hour = AccountHourJob.HourOf(_time.GetUtcNow());
        var results = new List<AccountHourResult>(_accounts.Count);
        foreach (var account in _accounts)
        {
            cancellationToken.ThrowIfCancellationRequested();
            results.Add(await _executor.RunAsync(new AccountHour(account.StoreId, account.Account, hour), recovering: false, cancellationToken).ConfigureAwait(false));
        }

        return results;
    }

    /// <summary>
    /// Cancels the cycles still running and shuts the scheduler down without waiting for them (use <see cref="StopAsync"/>
    /// first to wait).
    /// </summary>
    /// <returns>A task that completes once it is down.</returns>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        // Quartz first: a cycle cancelled while the scheduler still runs would have its completion retried against the
        // job store, which a worker cut off from its database never gets past.
        if (_factory is not null)
        {
            await _factory.DisposeAsync().ConfigureAwait(false);
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    private StandaloneSchedulerFactory Build()
    {
        return QuartzSchedulerBuilder.Create(q =>
        {
            q.Services.AddSingleton(_loggerFactory);
            q.Services.AddSingleton<ILoggerProvider>(new ForwardingLoggerProvider(_loggerFactory));
            q.Services.AddSingleton(_executor);
            if (_retraining is not null)
            {
                q.Services.AddSingleton(_retraining.Runner);
            }

            if (TokenRefresh is not null)
            {
                q.Services.AddSingleton(TokenRefresh.Runner);
            }

            q.UseTimeProvider(_time);
            q.UseDefaultThreadPool(_options.MaxConcurrency);
            q.ConfigureScheduler(s =>
            {
                s.InstanceName = SchedulerName;
                s.InstanceId = WorkerId;
                s.ShutdownJobInterruption = ShutdownJobInterruption.WhenNotWaitingForJobs;
            });
            if (_database.Dialect == DatabaseDialect.PostgreSql)
            {
                q.UsePersistentStore(store =>
                {
                    store.UsePostgres(_database.ConnectionString);
                    // The job data are four strings (store, platform, account, currency): kept as readable name/value
                    // pairs, and anything else Quartz stores goes through System.Text.Json.
                    store.UseSerializer<SystemTextJsonObjectSerializer>();
                    store.ConfigureStore(o => o.StoreJobDataAsStrings = true);
                    store.UseClustering(c =>
                    {
                        c.CheckinInterval = _options.ClusterCheckinInterval;
                        c.CheckinMisfireThreshold = _options.ClusterCheckinMisfireThreshold;
                    });
                });
            }
            else
            {
                q.UseInMemoryStore();
            }
        }).Build();
    }

    /// <summary>
    /// Deletes the cycle jobs of accounts no longer configured: in the persistent store they would otherwise go on firing
    /// for accounts AdPilot was told to leave alone.
    /// </summary>
    private async Task UnscheduleOthersAsync(IScheduler scheduler, CancellationToken cancellationToken)
    {
        var wanted = _accounts.Select(JobKeyOf).ToHashSet();
        var page = await scheduler.QueryJobs(new JobQuery { Group = GroupMatcher<JobKey>.GroupEquals(JobGroup), Take = 10_000 }, cancellationToken).ConfigureAwait(false);
        var stale = page.Items.Select(j => j.Key).Where(k => !wanted.Contains(k)).ToList();
        if (stale.Count > 0)
        {
            await scheduler.DeleteJobs(stale, cancellationToken).ConfigureAwait(false);
            _logger.Unscheduled(stale.Count, string.Join(", ", stale));
        }
    }

    private async Task EnsureScheduledAsync(IScheduler scheduler, ScheduledAccount account, CancellationToken cancellationToken)
    {
        var jobKey = JobKeyOf(account);
        var job = JobBuilder.Create<AccountHourJob>()
            .WithIdentity(jobKey)
            .WithDescription($"the hourly cycle of {account.Account} (store {account.StoreId})")
            .StoreDurably()
            .RequestRecovery()
            .UsingJobData(AccountHourJob.StoreIdKey, account.StoreId.ToString(CultureInfo.InvariantCulture))
            .UsingJobData(AccountHourJob.PlatformKey, account.Account.Platform.ToString())
            .UsingJobData(AccountHourJob.AccountIdKey, account.Account.AccountId)
            .UsingJobData(AccountHourJob.CurrencyKey, account.Account.Currency)
            .Build();
        await EnsureAsync(scheduler, job, _schedule, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Makes sure each retrained store's nightly job and trigger are stored (rescheduled when the schedule changed) and
    /// deletes the retraining jobs of stores not retrained by this start (all of them when retraining is not enabled).
    /// </summary>
    private async Task ScheduleRetrainingAsync(IScheduler scheduler, CancellationToken cancellationToken)
    {
        var wanted = new HashSet<JobKey>();
        foreach (var store in _retraining?.Stores ?? [])
        {
            var jobKey = RetrainingJobKeyOf(store.StoreId);
            wanted.Add(jobKey);
            var schedule = _retraining!.ScheduleFor(store);
            var job = JobBuilder.Create<NightlyRetrainingJob>()
                .WithIdentity(jobKey)
                .WithDescription($"the nightly retraining of store {store.StoreId}")
                .StoreDurably()
                .RequestRecovery()
                .UsingJobData(NightlyRetrainingJob.StoreIdKey, store.StoreId.ToString(CultureInfo.InvariantCulture))
                .Build();
            await EnsureAsync(scheduler, job, schedule, cancellationToken).ConfigureAwait(false);
            _logger.RetrainingScheduled(store.StoreId, schedule.Description);
        }

        var page = await scheduler.QueryJobs(new JobQuery { Group = GroupMatcher<JobKey>.GroupEquals(RetrainingJobGroup), Take = 10_000 }, cancellationToken).ConfigureAwait(false);
        var stale = page.Items.Select(j => j.Key).Where(k => !wanted.Contains(k)).ToList();
        if (stale.Count > 0)
        {
            await scheduler.DeleteJobs(stale, cancellationToken).ConfigureAwait(false);
            _logger.RetrainingUnscheduled(stale.Count, string.Join(", ", stale));
        }
    }

    /// <summary>Stores each looked-after store's token refresh job; deletes those of stores no longer looked after.</summary>
    private async Task ScheduleTokenRefreshAsync(IScheduler scheduler, CancellationToken cancellationToken)
    {
        var wanted = new HashSet<JobKey>();
        foreach (var storeId in TokenRefresh?.StoreIds ?? [])
        {
            var jobKey = new JobKey(string.Create(CultureInfo.InvariantCulture, $"store-{storeId}"), TokenRefreshJobGroup);
            wanted.Add(jobKey);
            var job = JobBuilder.Create<TokenRefreshJob>()
                .WithIdentity(jobKey)
                .WithDescription($"the token refresh of store {storeId}")
                .StoreDurably()
                .RequestRecovery()
                .UsingJobData(TokenRefreshJob.StoreIdKey, storeId.ToString(CultureInfo.InvariantCulture))
                .Build();
            await EnsureAsync(scheduler, job, TokenRefresh!.Schedule(), cancellationToken).ConfigureAwait(false);
        }

        var page = await scheduler.QueryJobs(new JobQuery { Group = GroupMatcher<JobKey>.GroupEquals(TokenRefreshJobGroup), Take = 10_000 }, cancellationToken).ConfigureAwait(false);
        var stale = page.Items.Select(j => j.Key).Where(k => !wanted.Contains(k)).ToList();
        if (stale.Count > 0)
        {
            await scheduler.DeleteJobs(stale, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Stores a job and its trigger; a trigger already stored with the same schedule is left alone, another one is replaced.</summary>
    private async Task EnsureAsync(IScheduler scheduler, IJobDetail job, CycleSchedule schedule, CancellationToken cancellationToken)
    {
        var jobKey = job.Key;
        var trigger = TriggerBuilder.Create(_time)
            .WithIdentity(new TriggerKey(jobKey.Name, jobKey.Group))
            .ForJob(jobKey)
            .WithDescription(schedule.Description)
            .StartNow()
            .WithSchedule(schedule.Build())
            .WithMisfireThreshold(_options.MisfireThreshold)
            .Build();

        var existing = await scheduler.GetTrigger(trigger.Key, cancellationToken).ConfigureAwait(false);
        if (existing is null)
        {
            try
            {
                await scheduler.ScheduleJob(job, [trigger], default, cancellationToken).ConfigureAwait(false);
            }
            catch (ObjectAlreadyExistsException)
            {
                // Another worker of the cluster stored it between our look and our write: theirs is the same job.
            }

            return;
        }

        await scheduler.AddJob(job, new AddJobOptions { Replace = true }, cancellationToken).ConfigureAwait(false);
        if (!string.Equals(existing.Description, schedule.Description, StringComparison.Ordinal))
        {
            await scheduler.RescheduleJob(trigger.Key, trigger, cancellationToken).ConfigureAwait(false);
            _logger.Rescheduled(jobKey.ToString(), schedule.Description);
        }
    }
}

using System.Collections.Concurrent;
using System.Globalization;
using AdPilot.Core.Agents;
using AdPilot.Core.Agents.Checkpoints;
using AdPilot.Core.Domain;
using AdPilot.Core.Platforms;
using AdPilot.Core.Simulation;
using AdPilot.Runtime.Actuation;
using AdPilot.Storage.Checkpoints;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AdPilot.Runtime.Loop;

/// <summary>
/// Keeps one live policy per store and ad account across cycles, with what it decided last hour, so the next cycle can
/// hand it the hour's outcome (<see cref="IPolicy.Observe"/>) before it decides again. A learning agent is saved after
/// every cycle to <see cref="LoopOptions.CheckpointDirectory"/>.
/// </summary>
/// <remarks>
/// <para>Where a learning policy starts: when the store has an active checkpoint in the registry
/// (<see cref="ICheckpointStore"/>, changed by <c>adpilot checkpoints promote|rollback</c> and the nightly retraining),
/// that version, of whatever agent kind it holds; a new process goes on from the account's online file when that file
/// grew from the same registered version. Every cycle asks the registry which version is active: when it has changed, the
/// account's next cycle loads the new one and starts a new episode, and the switch is logged with both versions. A
/// store with no active registered checkpoint keeps the fallbacks: the account's online file, else
/// <see cref="LoopOptions.Checkpoint"/>, else untrained. A baseline policy (rules, proportional, fixed) ignores the
/// registry.</para>
/// <para>A checkpoint holds what carries from one set of ad sets to the next (the agents' own contract); what a policy
/// knows only about this account's ad sets this episode, and last hour's decision, live in memory. A restarted worker
/// therefore starts a new episode on the account: it decides from its first cycle on and learns again from the
/// second.</para>
/// </remarks>
public sealed class PolicyHost
{
    /// <summary>The online checkpoint's metadata key naming the registered version it grew from.</summary>
    internal const string RegistryVersionKey = "registry.version";

    private readonly LoopOptions _options;
    private readonly ICheckpointStore? _registry;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, PolicySlot> _slots = new(StringComparer.Ordinal);

    /// <summary>Initializes a new instance of the <see cref="PolicyHost"/> class.</summary>
    /// <param name="options">The loop settings.</param>
    /// <param name="logger">The logger; none when null.</param>
    /// <param name="registry">The checkpoint registry a store's active version comes from; without one only the fallbacks serve.</param>
    /// <exception cref="ArgumentException">The options have problems.</exception>
    public PolicyHost(LoopOptions options, ILogger<PolicyHost>? logger = null, ICheckpointStore? registry = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException($"invalid loop options: {string.Join("; ", errors)}", nameof(options));
        }

        _options = options;
        _registry = registry;
        _logger = logger ?? NullLogger<PolicyHost>.Instance;
    }

    /// <summary>Gets the policy's name.</summary>
    public string PolicyName => _options.Policy;

    /// <summary>The online checkpoint file of one account.</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="account">The ad account.</param>
    /// <returns>The path.</returns>
    public string CheckpointPath(long storeId, AdAccountRef account)
    {
        ArgumentNullException.ThrowIfNull(account);
        return Path.Combine(
            _options.CheckpointDirectory,
            string.Create(CultureInfo.InvariantCulture, $"{_options.Policy}-store{storeId}-{account.Platform}-{account.AccountId}.ckpt").ToLowerInvariant());
    }

    /// <summary>
    /// What the account's live policy is and has learned, for people (the dashboard); read-only. Null before the account's
    /// first cycle in this process. While a cycle holds the policy its figures are not read (<see cref="LivePolicyInfo.Busy"/>).
    /// </summary>
    /// <param name="storeId">The store.</param>
    /// <param name="account">The ad account.</param>
    /// <returns>The description, or null.</returns>
    public LivePolicyInfo? Describe(long storeId, AdAccountRef account)
    {
        if (!_slots.TryGetValue(CheckpointPath(storeId, account), out var slot))
        {
            return null;
        }

        if (!slot.Gate.Wait(0))
        {
            return new LivePolicyInfo(_options.Policy, (slot.Policy as ILearningAgent)?.Kind, slot.CheckpointVersion, null, Busy: true);
        }

        try
        {
            var agent = slot.Policy as ILearningAgent;
            return new LivePolicyInfo(_options.Policy, agent?.Kind, slot.CheckpointVersion, agent?.Metrics, Busy: false);
        }
        finally
        {
            slot.Gate.Release();
        }
    }

    /// <summary>
    /// The account's slot, created (and its policy loaded) on first use, and replaced by a new one (a new episode) when the
    /// store's active registered checkpoint is not the one the slot runs.
    /// </summary>
    internal async Task<PolicySlot> SlotAsync(long storeId, AdAccountRef account, CancellationToken cancellationToken)
    {
        var key = CheckpointPath(storeId, account);
        var registered = _registry is not null && LearningAgents.IsKnown(_options.Policy)
            ? await _registry.GetActiveAsync(storeId, cancellationToken).ConfigureAwait(false)
            : null;
        if (_slots.TryGetValue(key, out var slot)
            && (registered is null || string.Equals(slot.RegistryVersion, registered.Checkpoint.Version, StringComparison.Ordinal)))
        {
            return slot;
        }

        PolicySlot next;
        try
        {
            next = registered is null
                ? await CreateAsync(key, cancellationToken).ConfigureAwait(false)
                : await LoadRegisteredAsync(key, registered.Checkpoint, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (registered is not null && ex is CheckpointException or IOException or UnauthorizedAccessException)
        {
            // The registered file is missing or unreadable on this worker: keep deciding with what serves now (or the
            // fallbacks), say so every cycle, and try the registered version again at the next one.
            _logger.RegisteredCheckpointUnusable(account.ToString(), registered.Checkpoint.Version, registered.Checkpoint.ModelBlobLocation, ex.Message);
            return slot ?? _slots.GetOrAdd(key, await CreateAsync(key, cancellationToken).ConfigureAwait(false));
        }

        if (slot is null)
        {
            return _slots.GetOrAdd(key, next);
        }

        _slots[key] = next;
        _logger.CheckpointSwitched(account.ToString(), slot.RegistryVersion ?? slot.CheckpointVersion ?? "untrained", next.RegistryVersion!);
        return next;
    }

    /// <summary>Saves a learning agent's checkpoint atomically (a temporary file renamed over the last one).</summary>
    internal async Task SaveAsync(PolicySlot slot, DateTimeOffset hourUtc, CancellationToken cancellationToken)
    {
        if (slot.Policy is not ILearningAgent agent)
        {
            return;
        }

        var runId = "online-" + Path.GetFileNameWithoutExtension(slot.Path);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["online.hour"] = hourUtc.ToString("O", CultureInfo.InvariantCulture),
            ["online.startedFrom"] = slot.CheckpointVersion ?? "untrained",
        };
        if (slot.RegistryVersion is { } registered)
        {
            metadata[RegistryVersionKey] = registered;
        }

        var checkpoint = agent.ToCheckpoint(runId, hourUtc, metadata);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(slot.Path))!);
        var temporary = slot.Path + ".tmp";
        var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true);
        await using (stream.ConfigureAwait(false))
        {
            await CheckpointFormat.WriteAsync(stream, checkpoint, cancellationToken).ConfigureAwait(false);
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, slot.Path, overwrite: true);

        // A registered version keeps its name while it learns online, so every decision names the version that serves.
        if (slot.RegistryVersion is null)
        {
            slot.CheckpointVersion = $"{runId}@{hourUtc:yyyy-MM-ddTHH}Z";
        }
    }

    /// <summary>The provenance logged with the slot's decisions.</summary>
    internal PolicyProvenance Provenance(PolicySlot slot) =>
        new(slot.RegistryVersion is not null && slot.Policy is ILearningAgent agent ? agent.Kind : _options.Policy, _options.PolicyVersion, slot.CheckpointVersion);

    /// <summary>The context a policy is reset with for an account's ad sets.</summary>
    internal static PolicyContext Context(IReadOnlyList<AdSetDescriptor> adSets, string currency, Core.Guardrails.GuardrailOptions guardrails, ulong seed) => new(
        adSets,
        currency,
        new ActionLimits
        {
            MaxHourlyBudgetChange = (double)guardrails.MaxHourlyChange,
            MinHoursBetweenCreativeRotations = 24 / Math.Max(1, guardrails.MaxCreativeRotationsPerLocalDay),
        },
        seed);

    /// <summary>The slot of a store without an active registered checkpoint: the online file, else the configured checkpoint, else untrained.</summary>
    private async Task<PolicySlot> CreateAsync(string onlinePath, CancellationToken cancellationToken)
    {
        if (!LearningAgents.IsKnown(_options.Policy))
        {
            IPolicy baseline = _options.Policy switch
            {
                "rules" => new RulesPolicy(),
                "proportional" => new ProportionalPolicy(),
                _ => new FixedBudgetPolicy(),
            };
            return new PolicySlot(baseline, null, onlinePath);
        }

        var source = File.Exists(onlinePath) ? onlinePath : string.IsNullOrWhiteSpace(_options.Checkpoint) ? null : _options.Checkpoint;
        if (source is null)
        {
            return new PolicySlot(Serving(LearningAgents.Create(_options.Policy, _options.Seed)), null, onlinePath);
        }

        var checkpoint = await ReadAsync(source, _options.Policy, cancellationToken).ConfigureAwait(false);
        _logger.PolicyLoaded(_options.Policy, source);
        return new PolicySlot(Serving(LearningAgents.FromCheckpoint(checkpoint)), VersionOf(checkpoint), onlinePath);
    }

    /// <summary>
    /// The slot of a registered version: the account's online file when it grew from this version (a restarted worker goes
    /// on where it was), else the registered file itself.
    /// </summary>
    private async Task<PolicySlot> LoadRegisteredAsync(string onlinePath, CheckpointRecord registered, CancellationToken cancellationToken)
    {
        if (File.Exists(onlinePath))
        {
            try
            {
                var online = await ReadAsync(onlinePath, null, cancellationToken).ConfigureAwait(false);
                if (online.Metadata.TryGetValue(RegistryVersionKey, out var grewFrom) && string.Equals(grewFrom, registered.Version, StringComparison.Ordinal))
                {
                    _logger.PolicyLoaded(online.AgentKind, onlinePath);
                    return new PolicySlot(Serving(LearningAgents.FromCheckpoint(online)), registered.Version, onlinePath) { RegistryVersion = registered.Version };
                }
            }
            catch (CheckpointException)
            {
                // An online file cut short or of an older build: the registered file serves instead, and the next save replaces it.
            }
        }

        var checkpoint = await ReadAsync(registered.ModelBlobLocation, null, cancellationToken).ConfigureAwait(false);
        _logger.PolicyLoaded(checkpoint.AgentKind, registered.ModelBlobLocation);
        return new PolicySlot(Serving(LearningAgents.FromCheckpoint(checkpoint)), registered.Version, onlinePath) { RegistryVersion = registered.Version };
    }

    private static async Task<Checkpoint> ReadAsync(string path, string? expectedKind, CancellationToken cancellationToken)
    {
        var stream = File.OpenRead(path);
        await using (stream.ConfigureAwait(false))
        {
            return await CheckpointFormat.ReadAsync(stream, expectedKind, cancellationToken).ConfigureAwait(false);
        }
    }

    private static string VersionOf(Checkpoint checkpoint) => $"{checkpoint.RunId}@{checkpoint.CreatedAt:yyyy-MM-ddTHH}Z";

    private static ILearningAgent Serving(ILearningAgent agent)
    {
        agent.Training = false;
        return agent;
    }
}

/// <summary>One account's live policy and what it decided last.</summary>
internal sealed class PolicySlot(IPolicy policy, string? checkpointVersion, string path)
{
    public SemaphoreSlim Gate { get; } = new(1, 1);

    public IPolicy Policy { get; } = policy;

    public string Path { get; } = path;

    public string? CheckpointVersion { get; set; } = checkpointVersion;

    /// <summary>Gets the registered version the policy runs, or null when it came from the fallbacks.</summary>
    public string? RegistryVersion { get; init; }

    /// <summary>Gets or sets the ad sets of the running episode, in the order of every span.</summary>
    public AdSetRef[] Order { get; set; } = [];

    /// <summary>Gets or sets the hour the episode started.</summary>
    public DateTimeOffset EpisodeStart { get; set; }

    /// <summary>Gets or sets the last hour decided, if any.</summary>
    public DateTimeOffset? LastHour { get; set; }

    public AdEnvironmentState[] LastStates { get; set; } = [];

    public AdAction[] LastActions { get; set; } = [];

    public double[] LastPropensities { get; set; } = [];
}

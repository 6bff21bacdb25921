using System.Collections.Concurrent;
using System.Globalization;
using AdPilot.Core.Agents;
using AdPilot.Core.Agents.Checkpoints;
using AdPilot.Core.Domain;
using AdPilot.Core.Platforms;
using AdPilot.Core.Simulation;
using AdPilot.Runtime.Actuation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AdPilot.Runtime.Loop;

/// <summary>
/// Keeps one live policy per store and ad account across cycles, with what it decided last hour, so the next cycle can
/// hand it the hour's outcome (<see cref="IPolicy.Observe"/>) before it decides again. A learning agent is saved after
/// every cycle to <see cref="LoopOptions.CheckpointDirectory"/> and a new process starts from that file, else from
/// <see cref="LoopOptions.Checkpoint"/>, else untrained.
/// </summary>
/// <remarks>
/// A checkpoint holds what carries from one set of ad sets to the next (the agents' own contract); what a policy knows
/// only about this account's ad sets this episode, and last hour's decision, live in memory. A restarted worker
/// therefore starts a new episode on the account: it decides from its first cycle on and learns again from the second.
/// </remarks>
public sealed class PolicyHost
{
    private readonly LoopOptions _options;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, PolicySlot> _slots = new(StringComparer.Ordinal);

    /// <summary>Initializes a new instance of the <see cref="PolicyHost"/> class.</summary>
    /// <param name="options">The loop settings.</param>
    /// <param name="logger">The logger; none when null.</param>
    /// <exception cref="ArgumentException">The options have problems.</exception>
    public PolicyHost(LoopOptions options, ILogger<PolicyHost>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException($"invalid loop options: {string.Join("; ", errors)}", nameof(options));
        }

        _options = options;
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

    /// <summary>The account's slot, created (and its policy loaded) on first use.</summary>
    internal async Task<PolicySlot> SlotAsync(long storeId, AdAccountRef account, CancellationToken cancellationToken)
    {
        var key = CheckpointPath(storeId, account);
        if (_slots.TryGetValue(key, out var slot))
        {
            return slot;
        }

        var (policy, version) = await CreateAsync(key, cancellationToken).ConfigureAwait(false);
        return _slots.GetOrAdd(key, new PolicySlot(policy, version, key));
    }

    /// <summary>Saves a learning agent's checkpoint atomically (a temporary file renamed over the last one).</summary>
    internal async Task SaveAsync(PolicySlot slot, DateTimeOffset hourUtc, CancellationToken cancellationToken)
    {
        if (slot.Policy is not ILearningAgent agent)
        {
            return;
        }

        var runId = "online-" + Path.GetFileNameWithoutExtension(slot.Path);
        var checkpoint = agent.ToCheckpoint(runId, hourUtc, new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["online.hour"] = hourUtc.ToString("O", CultureInfo.InvariantCulture),
            ["online.startedFrom"] = slot.CheckpointVersion ?? "untrained",
        });
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
        slot.CheckpointVersion = $"{runId}@{hourUtc:yyyy-MM-ddTHH}Z";
    }

    /// <summary>The provenance logged with the slot's decisions.</summary>
    internal PolicyProvenance Provenance(PolicySlot slot) => new(_options.Policy, _options.PolicyVersion, slot.CheckpointVersion);

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

    private async Task<(IPolicy Policy, string? Version)> CreateAsync(string onlinePath, CancellationToken cancellationToken)
    {
        IPolicy policy;
        string? version = null;
        if (!LearningAgents.IsKnown(_options.Policy))
        {
            policy = _options.Policy switch
            {
                "rules" => new RulesPolicy(),
                "proportional" => new ProportionalPolicy(),
                _ => new FixedBudgetPolicy(),
            };
            return (policy, null);
        }

        var source = File.Exists(onlinePath) ? onlinePath : string.IsNullOrWhiteSpace(_options.Checkpoint) ? null : _options.Checkpoint;
        ILearningAgent agent;
        if (source is null)
        {
            agent = LearningAgents.Create(_options.Policy, _options.Seed);
        }
        else
        {
            var stream = File.OpenRead(source);
            await using (stream.ConfigureAwait(false))
            {
                var checkpoint = await CheckpointFormat.ReadAsync(stream, _options.Policy, cancellationToken).ConfigureAwait(false);
                agent = LearningAgents.FromCheckpoint(checkpoint);
                version = $"{checkpoint.RunId}@{checkpoint.CreatedAt:yyyy-MM-ddTHH}Z";
            }

            _logger.PolicyLoaded(_options.Policy, source);
        }

        agent.Training = false;
        return (agent, version);
    }
}

/// <summary>One account's live policy and what it decided last.</summary>
internal sealed class PolicySlot(IPolicy policy, string? checkpointVersion, string path)
{
    public SemaphoreSlim Gate { get; } = new(1, 1);

    public IPolicy Policy { get; } = policy;

    public string Path { get; } = path;

    public string? CheckpointVersion { get; set; } = checkpointVersion;

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

using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using AdPilot.Core.Agents.Checkpoints;

namespace AdPilot.Core.Agents;

/// <summary>The checks every learning agent makes before it trusts a checkpoint, with messages that name the problem.</summary>
internal static class LearningAgentCheckpoint
{
    /// <summary>Refuses a checkpoint of another kind or another schema version of the agent.</summary>
    public static void EnsureAgent(Checkpoint checkpoint, string kind, int version)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        if (!string.Equals(checkpoint.AgentKind, kind, StringComparison.Ordinal))
        {
            throw new CheckpointException(
                CheckpointError.AgentKindMismatch,
                $"the checkpoint of run '{checkpoint.RunId}' holds an agent of kind '{checkpoint.AgentKind}', not '{kind}'");
        }

        if (checkpoint.AgentVersion != version)
        {
            throw new CheckpointException(
                CheckpointError.UnsupportedVersion,
                $"the checkpoint of run '{checkpoint.RunId}' holds a '{kind}' agent of version {checkpoint.AgentVersion}; this build reads version {version} only");
        }
    }

    /// <summary>Reads and validates the agent's options.</summary>
    public static T ReadOptions<T>(Checkpoint checkpoint, JsonTypeInfo<T> typeInfo, Action<T> validate)
        where T : class
    {
        T? options;
        try
        {
            options = JsonSerializer.Deserialize(checkpoint.OptionsJson, typeInfo);
        }
        catch (JsonException ex)
        {
            throw new CheckpointException(
                CheckpointError.InvalidManifest,
                $"the '{checkpoint.AgentKind}' checkpoint of run '{checkpoint.RunId}' has options that do not read as {typeof(T).Name}: {ex.Message}",
                ex);
        }

        if (options is null)
        {
            throw new CheckpointException(
                CheckpointError.InvalidManifest, $"the '{checkpoint.AgentKind}' checkpoint of run '{checkpoint.RunId}' has null options");
        }

        try
        {
            validate(options);
        }
        catch (ArgumentException ex)
        {
            throw new CheckpointException(
                CheckpointError.InvalidManifest,
                $"the '{checkpoint.AgentKind}' checkpoint of run '{checkpoint.RunId}' has invalid options: {ex.Message}",
                ex);
        }

        return options;
    }

    /// <summary>The caller's metadata with the agent's own facts added under <c>agent.</c> keys.</summary>
    public static Dictionary<string, string> Metadata(IReadOnlyDictionary<string, string> metadata, params ReadOnlySpan<(string Key, long Value)> facts)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var merged = new Dictionary<string, string>(metadata, StringComparer.Ordinal);
        foreach (var (key, value) in facts)
        {
            merged["agent." + key] = value.ToString(CultureInfo.InvariantCulture);
        }

        return merged;
    }

    /// <summary>Refuses a tensor of counts that holds a negative number.</summary>
    public static ReadOnlySpan<long> NonNegative(Checkpoint checkpoint, CheckpointTensor tensor)
    {
        var values = tensor.AsInt64();
        foreach (var value in values)
        {
            if (value < 0)
            {
                throw new CheckpointException(
                    CheckpointError.TensorMismatch,
                    $"the '{checkpoint.AgentKind}' checkpoint of run '{checkpoint.RunId}' has a negative count {value} in tensor '{tensor.Name}'");
            }
        }

        return values;
    }
}

using System.Collections.Immutable;
using System.Text.Json;

namespace AdPilot.Core.Agents.Checkpoints;

/// <summary>
/// A learning agent's saved state: who it is, which run made it, its options, and its tensors.
/// Metadata is kept in ordinal key order and tensors in ordinal name order, so equal checkpoints write equal bytes.
/// </summary>
/// <remarks><see cref="CheckpointFormat"/> writes and reads it.</remarks>
public sealed record Checkpoint
{
    /// <summary>Gets the file format version the checkpoint was read from, or is written in.</summary>
    /// <value>The default value is <see cref="CheckpointFormat.CurrentVersion"/>.</value>
    public byte FormatVersion { get; init; } = CheckpointFormat.CurrentVersion;

    /// <summary>Gets the kind of agent, such as <c>qlearning</c>, <c>dqn</c> or <c>bandit</c>.</summary>
    /// <exception cref="ArgumentException">Set to an empty or white-space name.</exception>
    public required string AgentKind
    {
        get;
        init
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(value);
            CheckpointText.EnsureWellFormed(value, "The agent kind", nameof(AgentKind));
            field = value;
        }
    }

    /// <summary>Gets the agent's own schema number, raised when the meaning of its tensors changes.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to a negative number.</exception>
    public required int AgentVersion
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            field = value;
        }
    }

    /// <summary>Gets when the checkpoint was taken, as the caller's clock told it; the offset is kept.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Gets the training run that produced the checkpoint.</summary>
    public required string RunId
    {
        get;
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            CheckpointText.EnsureWellFormed(value, "The run ID", nameof(RunId));
            field = value;
        }
    }

    /// <summary>Gets free-form facts about the run (seed, scenario family, episodes trained, metrics), in ordinal key order.</summary>
    /// <value>The default value is empty.</value>
    /// <exception cref="ArgumentException">Set with an empty key or a <see langword="null"/> value.</exception>
    public IReadOnlyDictionary<string, string> Metadata
    {
        get;
        init => field = SortMetadata(value);
    } = ImmutableSortedDictionary.Create<string, string>(StringComparer.Ordinal);

    /// <summary>Gets the agent's options as JSON text, kept exactly as given.</summary>
    /// <value>The default value is <c>{}</c>.</value>
    /// <exception cref="ArgumentException">Set to text that is not valid JSON.</exception>
    public string OptionsJson
    {
        get;
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            CheckpointText.EnsureWellFormed(value, "The agent options", nameof(OptionsJson));
            EnsureJson(value);
            field = value;
        }
    } = "{}";

    /// <summary>Gets the tensors, in ordinal name order.</summary>
    /// <value>The default value is empty.</value>
    /// <exception cref="ArgumentException">Set with two tensors of the same name.</exception>
    public IReadOnlyList<CheckpointTensor> Tensors
    {
        get;
        init => field = SortTensors(value);
    } = ImmutableArray<CheckpointTensor>.Empty;

    /// <summary>Looks up a tensor by name.</summary>
    /// <param name="name">The tensor's name.</param>
    /// <param name="tensor">The tensor when found.</param>
    /// <returns><see langword="true"/> when the checkpoint has the tensor.</returns>
    public bool TryGetTensor(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out CheckpointTensor? tensor)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (var candidate in Tensors)
        {
            if (string.Equals(candidate.Name, name, StringComparison.Ordinal))
            {
                tensor = candidate;
                return true;
            }
        }

        tensor = null;
        return false;
    }

    /// <summary>Gets a tensor the caller requires.</summary>
    /// <param name="name">The tensor's name.</param>
    /// <returns>The tensor.</returns>
    /// <exception cref="CheckpointException">The checkpoint has no such tensor (<see cref="CheckpointError.MissingTensor"/>).</exception>
    public CheckpointTensor GetTensor(string name)
    {
        if (TryGetTensor(name, out var tensor))
        {
            return tensor;
        }

        var present = Tensors.Count == 0 ? "none" : string.Join(", ", Tensors.Select(t => $"'{t.Name}'"));
        throw new CheckpointException(
            CheckpointError.MissingTensor,
            $"Checkpoint of agent '{AgentKind}' (run '{RunId}') has no tensor '{name}'; it has {present}.");
    }

    /// <summary>Gets a tensor the caller requires, of a given element type and shape.</summary>
    /// <param name="name">The tensor's name.</param>
    /// <param name="elementType">The element type the caller expects.</param>
    /// <param name="shape">The shape the caller expects.</param>
    /// <returns>The tensor.</returns>
    /// <exception cref="CheckpointException">
    /// The checkpoint has no such tensor (<see cref="CheckpointError.MissingTensor"/>), or it has another type or shape
    /// (<see cref="CheckpointError.TensorMismatch"/>).
    /// </exception>
    public CheckpointTensor GetTensor(string name, CheckpointTensorType elementType, ReadOnlySpan<int> shape)
    {
        var tensor = GetTensor(name);
        if (tensor.ElementType != elementType || !tensor.HasShape(shape))
        {
            throw new CheckpointException(
                CheckpointError.TensorMismatch,
                $"Checkpoint of agent '{AgentKind}' (run '{RunId}') has tensor '{name}' as "
                + $"{CheckpointTensor.TypeName(tensor.ElementType)} {CheckpointTensor.FormatShape(tensor.Shape.AsSpan())}, "
                + $"but {CheckpointTensor.TypeName(elementType)} {CheckpointTensor.FormatShape(shape)} is required.");
        }

        return tensor;
    }

    /// <summary>Compares every field; the creation time must match to the tick and in its offset, and tensors bit for bit.</summary>
    /// <param name="other">The checkpoint to compare with.</param>
    /// <returns><see langword="true"/> when both would write the same bytes.</returns>
    public bool Equals(Checkpoint? other) =>
        other is not null
        && FormatVersion == other.FormatVersion
        && string.Equals(AgentKind, other.AgentKind, StringComparison.Ordinal)
        && AgentVersion == other.AgentVersion
        && CreatedAt.EqualsExact(other.CreatedAt)
        && string.Equals(RunId, other.RunId, StringComparison.Ordinal)
        && string.Equals(OptionsJson, other.OptionsJson, StringComparison.Ordinal)
        && Metadata.Count == other.Metadata.Count
        && Metadata.All(pair =>
            other.Metadata.TryGetValue(pair.Key, out var value) && string.Equals(pair.Value, value, StringComparison.Ordinal))
        && Tensors.SequenceEqual(other.Tensors);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(
        StringComparer.Ordinal.GetHashCode(AgentKind),
        AgentVersion,
        CreatedAt,
        StringComparer.Ordinal.GetHashCode(RunId),
        Metadata.Count,
        Tensors.Count);

    private static ImmutableSortedDictionary<string, string> SortMetadata(IReadOnlyDictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var builder = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in metadata)
        {
            if (string.IsNullOrEmpty(key))
            {
                throw new ArgumentException("A metadata key is empty.", nameof(metadata));
            }

            if (value is null)
            {
                throw new ArgumentException($"Metadata '{key}' has a null value.", nameof(metadata));
            }

            CheckpointText.EnsureWellFormed(key, "A metadata key", nameof(metadata));
            CheckpointText.EnsureWellFormed(value, $"Metadata '{key}'", nameof(metadata));
            builder.Add(key, value);
        }

        return builder.ToImmutable();
    }

    private static ImmutableArray<CheckpointTensor> SortTensors(IReadOnlyList<CheckpointTensor> tensors)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        var sorted = tensors.ToArray();
        foreach (var tensor in sorted)
        {
            ArgumentNullException.ThrowIfNull(tensor, nameof(tensors));
        }

        Array.Sort(sorted, static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        for (var i = 1; i < sorted.Length; i++)
        {
            if (string.Equals(sorted[i - 1].Name, sorted[i].Name, StringComparison.Ordinal))
            {
                throw new ArgumentException($"Two tensors are named '{sorted[i].Name}'.", nameof(tensors));
            }
        }

        return ImmutableArray.Create(sorted);
    }

    private static void EnsureJson(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new ArgumentException($"The agent options are not valid JSON: {ex.Message}", nameof(json), ex);
        }
    }
}

using System.Text.Json;

namespace AdPilot.Runtime.Retraining;

/// <summary>
/// What the registry keeps about a checkpoint (the <c>checkpoints.meta</c> JSON): where it came from, the data it learned
/// from, its training figures and the promotion gate's verdict. Every part is optional; a part a writer did not know is
/// left out.
/// </summary>
public sealed record CheckpointMeta
{
    /// <summary>The <see cref="Source"/> of a checkpoint the nightly retraining (or <c>adpilot retrain</c>) made.</summary>
    public const string RetrainingSource = "retraining";

    /// <summary>The <see cref="Source"/> of a checkpoint file trained elsewhere and added with <c>adpilot checkpoints add</c>.</summary>
    public const string FileSource = "file";

    /// <summary>Gets where the checkpoint came from: <see cref="RetrainingSource"/> or <see cref="FileSource"/>.</summary>
    public required string Source { get; init; }

    /// <summary>Gets the training run written in the checkpoint file.</summary>
    public string? RunId { get; init; }

    /// <summary>Gets when the checkpoint file was taken, as written in it.</summary>
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>Gets the data range and counts it learned from (retraining only).</summary>
    public CheckpointDataMeta? Data { get; init; }

    /// <summary>Gets the training's figures.</summary>
    public CheckpointTrainingMeta? Training { get; init; }

    /// <summary>Gets the promotion gate's verdict, when one was asked for.</summary>
    public CheckpointVerdictMeta? Verdict { get; init; }

    /// <summary>Gets the checkpoint file's own metadata (added files only).</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    /// <summary>Reads a registry row's meta; null when it is not this shape (written by hand or by an older version).</summary>
    /// <param name="json">The JSON.</param>
    /// <returns>The meta, or null.</returns>
    public static CheckpointMeta? TryParse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        try
        {
            var meta = JsonSerializer.Deserialize(json, RetrainingJsonContext.Default.CheckpointMeta);
            return meta is { Source: not null } ? meta : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The meta as the registry stores it.</summary>
    /// <returns>The JSON.</returns>
    public string ToJson() => JsonSerializer.Serialize(this, RetrainingJsonContext.Default.CheckpointMeta);
}

using AdPilot.Core.Platforms;

namespace AdPilot.Runtime.Actuation;

/// <summary>The outcome of one update of a batch.</summary>
/// <param name="Update">The update.</param>
/// <param name="Error"><see langword="null"/> when the platform applied it; otherwise why not.</param>
public sealed record BatchUpdateResult(BatchUpdate Update, PlatformException? Error);

using AdPilot.Core.Platforms;

namespace AdPilot.Connectors.Meta;

/// <summary>The outcome of one update of a batch.</summary>
/// <param name="Update">The update.</param>
/// <param name="Error">
/// <see langword="null"/> when Meta applied it; otherwise why not (a request Meta did not execute is a transient
/// <see cref="PlatformUnavailableException"/>).
/// </param>
public sealed record MetaBatchResult(MetaBatchUpdate Update, PlatformException? Error)
{
    /// <summary>Gets a value indicating whether Meta applied the update.</summary>
    public bool Succeeded => Error is null;
}

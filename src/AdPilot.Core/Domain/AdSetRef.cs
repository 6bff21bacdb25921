namespace AdPilot.Core.Domain;

/// <summary>Identifies an ad set (a Meta ad set or a TikTok ad group) across platforms.</summary>
/// <param name="Platform">The platform.</param>
/// <param name="ExternalId">The platform's id for it.</param>
public readonly record struct AdSetRef(Platform Platform, string ExternalId)
{
    /// <inheritdoc />
    public override string ToString() => $"{Platform}:{ExternalId}";
}

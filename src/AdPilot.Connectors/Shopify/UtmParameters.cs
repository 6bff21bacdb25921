namespace AdPilot.Connectors.Shopify;

/// <summary>The UTM parameters of a visit; each is <see langword="null"/> when absent.</summary>
/// <param name="Source"><c>utm_source</c>.</param>
/// <param name="Medium"><c>utm_medium</c>.</param>
/// <param name="Campaign"><c>utm_campaign</c>.</param>
/// <param name="Content"><c>utm_content</c>.</param>
/// <param name="Term"><c>utm_term</c>.</param>
public sealed record UtmParameters(string? Source, string? Medium, string? Campaign, string? Content, string? Term)
{
    /// <summary>Gets UTM parameters that are all absent.</summary>
    public static UtmParameters None { get; } = new(null, null, null, null, null);
}

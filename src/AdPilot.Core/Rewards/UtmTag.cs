namespace AdPilot.Core.Rewards;

/// <summary>The UTM parameters an order's landing page carried; each is null when absent.</summary>
/// <param name="Source"><c>utm_source</c>.</param>
/// <param name="Medium"><c>utm_medium</c>.</param>
/// <param name="Campaign"><c>utm_campaign</c>.</param>
/// <param name="Content"><c>utm_content</c>.</param>
public sealed record UtmTag(string? Source, string? Medium, string? Campaign, string? Content)
{
    /// <summary>Gets a tag with every parameter absent.</summary>
    public static UtmTag None { get; } = new(null, null, null, null);
}

namespace AdPilot.Cli.Commands;

/// <summary>The JSON of <c>adpilot creatives tag|list --json</c>.</summary>
/// <param name="Ads">The ads shown.</param>
/// <param name="Tagged">How many of them have a creative type.</param>
/// <param name="Untagged">How many have none (never rotated).</param>
/// <param name="Failures">Accounts whose ads could not be read (tag only), each with the reason.</param>
internal sealed record CreativesReport(IReadOnlyList<CreativeRow> Ads, int Tagged, int Untagged, IReadOnlyList<string> Failures);

/// <summary>One ad in <see cref="CreativesReport"/>.</summary>
/// <param name="Platform">The platform (<c>instagram</c>, <c>tiktok</c>).</param>
/// <param name="AdSetId">The ad set's id.</param>
/// <param name="AdId">The ad's id.</param>
/// <param name="Name">The ad's name.</param>
/// <param name="Type">The creative type, or null when untagged.</param>
/// <param name="Source">What gave it: <c>mapping</c>, <c>convention</c> or <c>none</c>.</param>
/// <param name="Note">Why.</param>
/// <param name="Status">The ad's status when read: <c>active</c> or <c>paused</c>.</param>
/// <param name="PlatformStatus">The platform's word when read.</param>
/// <param name="TaggedAt">When it was tagged.</param>
internal sealed record CreativeRow(
    string Platform, string AdSetId, string AdId, string Name, string? Type, string Source, string Note, string Status, string PlatformStatus, DateTimeOffset TaggedAt);

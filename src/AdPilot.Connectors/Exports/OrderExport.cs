namespace AdPilot.Connectors.Exports;

/// <summary>A Shopify orders export, read.</summary>
/// <param name="File">The file.</param>
/// <param name="Orders">The orders, in file order.</param>
/// <param name="Currencies">The currencies its orders are in.</param>
/// <param name="HasAttributionKey">
/// Whether the export carries what attribution reads (a landing-site column or UTM note attributes on some order); without
/// it no order can be tied to an ad set by its UTM tags.
/// </param>
/// <param name="Warnings">What was ignored or assumed, one sentence each.</param>
public sealed record OrderExport(
    string File,
    IReadOnlyList<ExportedOrder> Orders,
    IReadOnlyList<string> Currencies,
    bool HasAttributionKey,
    IReadOnlyList<string> Warnings);

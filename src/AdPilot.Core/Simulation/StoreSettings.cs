using System.ComponentModel;

namespace AdPilot.Core.Simulation;

/// <summary>The Shopify store a scenario simulates.</summary>
public sealed record StoreSettings
{
    /// <summary>Gets the shop's domain, e.g. <c>example.myshopify.com</c>.</summary>
    [Description("The shop's domain, e.g. example.myshopify.com.")]
    public required string Domain { get; init; }

    /// <summary>Gets the store currency (ISO 4217), in which every amount of the scenario is given.</summary>
    [Description("ISO 4217 currency of every amount in the scenario, e.g. USD.")]
    public required string Currency { get; init; }

    /// <summary>Gets the store's IANA time zone; days, hours and budgets follow it.</summary>
    [Description("IANA time zone of the store, e.g. America/New_York; days, hours and daily budgets follow it.")]
    public required string TimeZone { get; init; }

    /// <summary>Gets the gross margin, (price − cost of goods) ÷ price, in (0, 1).</summary>
    [Description("Gross margin: (price - cost of goods) / price, in (0, 1).")]
    public required double GrossMargin { get; init; }

    /// <summary>Gets the mean number of orders per hour that come without any ad (organic, email, search).</summary>
    [Description("Mean orders per average hour that no ad caused (organic, email, search); they carry no UTM of a managed ad set.")]
    public required double OrganicOrdersPerHour { get; init; }
}

using AdPilot.Core.Domain;

namespace AdPilot.Storage.Ingestion;

/// <summary>An ad set (a Meta ad set or a TikTok ad group) and its configuration, normalised across platforms.</summary>
public sealed record AdSetRecord
{
    /// <summary>Gets the platform.</summary>
    public required Platform Platform { get; init; }

    /// <summary>Gets the platform's id.</summary>
    public required string ExternalId { get; init; }

    /// <summary>Gets the campaign it belongs to (must be stored first).</summary>
    public required string CampaignExternalId { get; init; }

    /// <summary>Gets the name.</summary>
    public required string Name { get; init; }

    /// <summary>Gets the platform's status, e.g. ACTIVE.</summary>
    public required string Status { get; init; }

    /// <summary>Gets the daily budget in major units of <see cref="Currency"/>, or null when the campaign holds the budget.</summary>
    public decimal? DailyBudget { get; init; }

    /// <summary>Gets the currency of the budget (ISO 4217).</summary>
    public required string Currency { get; init; }

    /// <summary>Gets the bid strategy, e.g. lowest_cost.</summary>
    public string? BidStrategy { get; init; }

    /// <summary>Gets the target age group label, e.g. 25-34.</summary>
    public string? TargetAgeGroup { get; init; }

    /// <summary>Gets the targeted interests.</summary>
    public IReadOnlyList<string> Interests { get; init; } = [];

    /// <summary>
    /// Gets a value indicating whether an upsert keeps the stored <see cref="TargetAgeGroup"/> and <see cref="Interests"/>
    /// (an ad set already stored) instead of writing these: true when the platform did not report the targeting.
    /// </summary>
    public bool KeepStoredTargeting { get; init; }

    /// <summary>Gets the creative group (ugc, lifestyle, product, discount).</summary>
    public string? CreativeGroup { get; init; }
}

using System.Text.Json;
using AdPilot.Core.Domain;
using AdPilot.Core.Guardrails;
using AdPilot.Core.Platforms;

namespace AdPilot.Runtime.Actuation;

/// <summary>
/// An ad set's settings as the action log stores them (proposed and final actions): what the actuator compares with the
/// platform at recovery and at human-change detection. Parts the platform did not report are <see langword="null"/>.
/// </summary>
/// <param name="DailyBudget">The daily budget, major units; null when the ad set has none of its own.</param>
/// <param name="Currency">The budget's currency.</param>
/// <param name="Status">The status.</param>
/// <param name="BidStrategy">The bid strategy kind, when known.</param>
/// <param name="BidCap">The bid strategy's cap per result, if it has one.</param>
/// <param name="CreativeType">The creative group, when known.</param>
internal sealed record ActionSettings(
    decimal? DailyBudget, string Currency, AdSetStatus Status, BidStrategyKind? BidStrategy, decimal? BidCap, CreativeType? CreativeType)
{
    public static ActionSettings From(AdSetSettings settings) => new(
        settings.DailyBudget.Amount,
        settings.DailyBudget.Currency,
        settings.Status,
        settings.BidStrategy.Kind,
        settings.BidStrategy.CapPerResult,
        settings.CreativeType);

    public static ActionSettings From(AdSetSnapshot snapshot, string currency) => new(
        snapshot.DailyBudget?.Amount,
        snapshot.DailyBudget?.Currency ?? currency,
        snapshot.Status,
        snapshot.BidStrategy?.Kind,
        snapshot.BidStrategy?.CapPerResult,
        null);

    public static ActionSettings? Parse(string? json) =>
        string.IsNullOrWhiteSpace(json) ? null : JsonSerializer.Deserialize(json, ActuationJsonContext.Default.ActionSettings);

    public string ToJson() => JsonSerializer.Serialize(this, ActuationJsonContext.Default.ActionSettings);

    /// <summary>Whether the platform shows every part of these settings that it reports.</summary>
    public bool IsShownBy(AdSetSnapshot now) =>
        (DailyBudget is not { } budget || now.DailyBudget?.Amount == budget)
        && now.Status == Status
        && (Bid is not { } bid || now.BidStrategy is not { } shown || shown == bid);

    /// <summary>The update that takes the platform's ad set to these settings (budget, status, bid strategy).</summary>
    public AdSetUpdate UpdateFrom(AdSetSnapshot now) => new(
        now.AdSet,
        DailyBudget is { } budget && now.DailyBudget?.Amount != budget ? new Money(budget, Currency) : null,
        Bid is { } bid && now.BidStrategy is { } shown && shown != bid ? bid : null,
        now.Status != Status ? Status : null);

    private BidStrategy? Bid => BidStrategy is { } kind ? new BidStrategy(kind, BidCap) : null;
}

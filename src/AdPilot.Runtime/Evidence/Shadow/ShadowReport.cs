using AdPilot.Core.Domain;

namespace AdPilot.Runtime.Evidence.Shadow;

/// <summary>
/// The shadow report: what the policy suggested beside what people did over a range — how often they agree, where they
/// differ, and what each side is estimated to have earned.
/// </summary>
/// <param name="Store">The shop's domain.</param>
/// <param name="From">The first UTC hour of the range.</param>
/// <param name="To">The end of the range (exclusive).</param>
/// <param name="Currency">The store currency of every amount.</param>
/// <param name="TimeZone">The store's IANA time zone, in which days are cut.</param>
/// <param name="PolicyDecisions">The policy's logged decisions in the range (shadow, pilot and expand).</param>
/// <param name="HumanChanges">The changes people made on the platforms, as logged by change detection.</param>
/// <param name="Agreement">How often the two agreed.</param>
/// <param name="Value">The estimated value of each side; null when it cannot be estimated (see <see cref="ValueNote"/>).</param>
/// <param name="ValueNote">Why there is no estimate, or what it rests on.</param>
/// <param name="Differences">The ad set-days where the two differ, the largest estimated gap first.</param>
/// <param name="Days">Every ad set-day, newest first.</param>
public sealed record ShadowReport(
    string Store,
    DateTimeOffset From,
    DateTimeOffset To,
    string Currency,
    string TimeZone,
    int PolicyDecisions,
    int HumanChanges,
    ShadowAgreement Agreement,
    ShadowValue? Value,
    string ValueNote,
    IReadOnlyList<ShadowDayRow> Differences,
    IReadOnlyList<ShadowDayRow> Days);

/// <summary>How often the policy's suggestions and people's changes agree in direction (up, down or hold).</summary>
/// <param name="AdSetDays">Ad set-days with at least one policy decision.</param>
/// <param name="Agreed">Of those, the days both went the same way; a day without a human change counts as people holding.</param>
/// <param name="PeopleActed">Ad set-days where people changed the ad set and the policy decided too.</param>
/// <param name="AgreedWhenPeopleActed">Of those, the days the policy suggested the same direction.</param>
/// <param name="PolicyOnly">Days the policy would have moved the budget and people left it.</param>
/// <param name="PeopleOnly">Days people moved the budget and the policy would have held it.</param>
/// <param name="Opposite">Days the two went opposite ways.</param>
public sealed record ShadowAgreement(int AdSetDays, int Agreed, int PeopleActed, int AgreedWhenPeopleActed, int PolicyOnly, int PeopleOnly, int Opposite)
{
    /// <summary>Gets the share of ad set-days on which the two agreed; null without days.</summary>
    public double? Rate => AdSetDays == 0 ? null : (double)Agreed / AdSetDays;

    /// <summary>Gets the share of the days people acted on which the policy agreed; null when people never acted.</summary>
    public double? RateWhenPeopleActed => PeopleActed == 0 ? null : (double)AgreedWhenPeopleActed / PeopleActed;
}

/// <summary>
/// The estimated profit of each side over the hours both can be valued: what ran (the budgets people set, or left) and
/// what the policy asked for, valued with each ad set's fitted spend-response curve.
/// </summary>
/// <param name="Hours">The ad set-hours valued.</param>
/// <param name="PeopleProfit">The profit that really happened in those hours (Shopify revenue − cost of goods − spend).</param>
/// <param name="PolicyProfit">The profit estimated for the policy's budgets: what happened plus the modelled difference.</param>
/// <param name="PeopleSpend">The spend that really happened.</param>
/// <param name="PolicySpend">The spend the policy's budgets would have paced to.</param>
/// <param name="Difference">Policy minus people.</param>
/// <param name="Ci95">A 95% interval for the difference: a percentile bootstrap over the valued ad set-days (null with fewer than 5).</param>
/// <param name="AdSetsModelled">Ad sets with a fitted curve; the hours of the others are left out of both sides.</param>
public sealed record ShadowValue(
    int Hours,
    decimal PeopleProfit,
    decimal PolicyProfit,
    decimal PeopleSpend,
    decimal PolicySpend,
    decimal Difference,
    (decimal Lower, decimal Upper)? Ci95,
    int AdSetsModelled);

/// <summary>One ad set-day of the report.</summary>
/// <param name="Comparison">The directions and budgets of both sides.</param>
/// <param name="PeopleProfit">The profit that really happened that day in the valued hours; null when not valued.</param>
/// <param name="PolicyProfit">The profit estimated for the policy's budgets; null when not valued.</param>
public sealed record ShadowDayRow(ShadowDay Comparison, decimal? PeopleProfit, decimal? PolicyProfit)
{
    /// <summary>Gets the ad set.</summary>
    public AdSetRef AdSet => Comparison.AdSet;

    /// <summary>Gets policy minus people; null when not valued.</summary>
    public decimal? Difference => PolicyProfit - PeopleProfit;

    /// <summary>Gets whether the two went different ways, counting a day without a human change as people holding.</summary>
    public bool Differs => Comparison.PolicyDirection is { } p && p != (Comparison.HumanDirection ?? 0);
}

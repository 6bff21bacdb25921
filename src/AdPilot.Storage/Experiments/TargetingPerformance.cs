using AdPilot.Core.Domain;

namespace AdPilot.Storage.Experiments;

/// <summary>An ad set's stored targeting and what Shopify attributed to it over a period.</summary>
/// <param name="AdSet">The ad set.</param>
/// <param name="AgeGroup">Its age band as stored (broad when unknown).</param>
/// <param name="Interests">Its interests as stored.</param>
/// <param name="Revenue">Attributed revenue.</param>
/// <param name="Cogs">Cost of goods of that revenue.</param>
/// <param name="Spend">Spend.</param>
/// <param name="Orders">Attributed orders.</param>
public sealed record TargetingPerformance(AdSetRef AdSet, AgeGroup AgeGroup, Interests Interests, double Revenue, double Cogs, double Spend, long Orders);

using AdPilot.Core.Domain;

namespace AdPilot.Storage.Ingestion;

/// <summary>An ad account (Meta ad account, TikTok advertiser) as the platform reports it.</summary>
/// <param name="Platform">The platform.</param>
/// <param name="ExternalId">The platform's id, e.g. <c>act_123</c>.</param>
/// <param name="Name">The name.</param>
/// <param name="Currency">The account's currency (ISO 4217).</param>
public sealed record AdAccountRecord(Platform Platform, string ExternalId, string Name, string Currency);

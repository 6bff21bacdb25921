using AdPilot.Core.Domain;

namespace AdPilot.Storage.Ingestion;

/// <summary>A campaign as the platform reports it.</summary>
/// <param name="Platform">The platform.</param>
/// <param name="ExternalId">The platform's id.</param>
/// <param name="AccountExternalId">The ad account it belongs to (must be stored first).</param>
/// <param name="Name">The name.</param>
/// <param name="Status">The platform's status, e.g. ACTIVE.</param>
public sealed record CampaignRecord(Platform Platform, string ExternalId, string AccountExternalId, string Name, string Status);

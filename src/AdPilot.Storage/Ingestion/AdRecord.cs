using AdPilot.Core.Domain;

namespace AdPilot.Storage.Ingestion;

/// <summary>An ad as the platform reports it.</summary>
/// <param name="Platform">The platform.</param>
/// <param name="ExternalId">The platform's id.</param>
/// <param name="AdSetExternalId">The ad set it belongs to (must be stored first).</param>
/// <param name="Name">The name.</param>
/// <param name="CreativeType">The creative tag: ugc, lifestyle, product or discount; null when untagged.</param>
/// <param name="Status">The platform's status.</param>
public sealed record AdRecord(Platform Platform, string ExternalId, string AdSetExternalId, string Name, string? CreativeType, string Status);

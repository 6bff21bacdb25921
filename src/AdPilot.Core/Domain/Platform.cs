using System.Text.Json.Serialization;

namespace AdPilot.Core.Domain;

/// <summary>An ad platform AdPilot manages budgets on.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Platform>))]
public enum Platform
{
    /// <summary>TikTok Business Ads (ad groups).</summary>
    [JsonStringEnumMemberName("tiktok")]
    TikTok = 0,

    /// <summary>Meta's Instagram placements (ad sets).</summary>
    [JsonStringEnumMemberName("instagram")]
    Instagram = 1,
}

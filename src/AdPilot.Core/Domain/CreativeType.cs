using System.Text.Json.Serialization;

namespace AdPilot.Core.Domain;

/// <summary>The creative group an ad set's active ads belong to.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CreativeType>))]
public enum CreativeType
{
    /// <summary>User-generated content.</summary>
    [JsonStringEnumMemberName("ugc")]
    Ugc = 0,

    /// <summary>Lifestyle imagery or video.</summary>
    [JsonStringEnumMemberName("lifestyle")]
    Lifestyle = 1,

    /// <summary>Product shots.</summary>
    [JsonStringEnumMemberName("product")]
    Product = 2,

    /// <summary>A discount or offer.</summary>
    [JsonStringEnumMemberName("discount")]
    Discount = 3,
}

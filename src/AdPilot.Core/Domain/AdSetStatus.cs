using System.Text.Json.Serialization;

namespace AdPilot.Core.Domain;

/// <summary>Whether an ad set delivers.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AdSetStatus>))]
public enum AdSetStatus
{
    /// <summary>Delivering.</summary>
    [JsonStringEnumMemberName("active")]
    Active = 0,

    /// <summary>Paused: spends nothing.</summary>
    [JsonStringEnumMemberName("paused")]
    Paused = 1,
}

using System.Text.Json.Serialization;

namespace AdPilot.Core.Domain;

/// <summary>The age band an ad set targets, normalised across platforms.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AgeGroup>))]
public enum AgeGroup
{
    /// <summary>18 to 24.</summary>
    [JsonStringEnumMemberName("18-24")]
    Age18To24 = 0,

    /// <summary>25 to 34.</summary>
    [JsonStringEnumMemberName("25-34")]
    Age25To34 = 1,

    /// <summary>35 to 44.</summary>
    [JsonStringEnumMemberName("35-44")]
    Age35To44 = 2,

    /// <summary>45 to 54.</summary>
    [JsonStringEnumMemberName("45-54")]
    Age45To54 = 3,

    /// <summary>55 and over.</summary>
    [JsonStringEnumMemberName("55+")]
    Age55Plus = 4,
}

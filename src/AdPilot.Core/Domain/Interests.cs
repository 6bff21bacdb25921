namespace AdPilot.Core.Domain;

/// <summary>
/// Platform-neutral interest categories an ad set targets, as a set of flags so a targeting is one value
/// (cheap to compare, hash and discretise). JSON writes it as an array of names, see <see cref="InterestsJsonConverter"/>.
/// </summary>
[Flags]
[System.Text.Json.Serialization.JsonConverter(typeof(InterestsJsonConverter))]
public enum Interests : ushort
{
    /// <summary>Broad targeting: no interest restriction.</summary>
    None = 0,

    /// <summary>Fashion and apparel.</summary>
    Fashion = 1 << 0,

    /// <summary>Beauty and personal care.</summary>
    Beauty = 1 << 1,

    /// <summary>Fitness and sports.</summary>
    Fitness = 1 << 2,

    /// <summary>Technology and gadgets.</summary>
    Tech = 1 << 3,

    /// <summary>Home and garden.</summary>
    Home = 1 << 4,

    /// <summary>Outdoors and travel.</summary>
    Outdoors = 1 << 5,

    /// <summary>Parenting and family.</summary>
    Parenting = 1 << 6,

    /// <summary>Pets.</summary>
    Pets = 1 << 7,

    /// <summary>Food and drink.</summary>
    Food = 1 << 8,

    /// <summary>Gaming.</summary>
    Gaming = 1 << 9,
}

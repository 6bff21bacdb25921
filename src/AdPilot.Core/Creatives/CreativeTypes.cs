using AdPilot.Core.Domain;

namespace AdPilot.Core.Creatives;

/// <summary>The creative types' words, as they appear in names, mapping files, the database and JSON.</summary>
public static class CreativeTypes
{
    /// <summary>The words, in <see cref="CreativeType"/> order.</summary>
    public static readonly IReadOnlyList<string> Words = ["ugc", "lifestyle", "product", "discount"];

    /// <summary>The word of a type (<c>ugc</c>, <c>lifestyle</c>, <c>product</c>, <c>discount</c>).</summary>
    /// <param name="type">The type.</param>
    /// <returns>The word.</returns>
    public static string Word(CreativeType type) => type switch
    {
        CreativeType.Ugc => "ugc",
        CreativeType.Lifestyle => "lifestyle",
        CreativeType.Product => "product",
        CreativeType.Discount => "discount",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown creative type"),
    };

    /// <summary>Reads a type's word, ignoring case and surrounding spaces.</summary>
    /// <param name="word">The word.</param>
    /// <param name="type">The type.</param>
    /// <returns>Whether the word is a type.</returns>
    public static bool TryParse(string? word, out CreativeType type)
    {
        switch (word?.Trim().ToLowerInvariant())
        {
            case "ugc":
                type = CreativeType.Ugc;
                return true;
            case "lifestyle":
                type = CreativeType.Lifestyle;
                return true;
            case "product":
                type = CreativeType.Product;
                return true;
            case "discount":
                type = CreativeType.Discount;
                return true;
            default:
                type = default;
                return false;
        }
    }
}

namespace AdPilot.Core.Creatives;

/// <summary>Tags ads: the mapping file's rule when one applies, the naming convention otherwise, untagged when neither gives a type.</summary>
/// <param name="convention">The naming convention.</param>
/// <param name="mapping">The user's mapping; <see cref="CreativeMapping.Empty"/> when null.</param>
public sealed class CreativeTagger(CreativeNamingConvention convention, CreativeMapping? mapping = null)
{
    private readonly CreativeNamingConvention _convention = convention ?? throw new ArgumentNullException(nameof(convention));
    private readonly CreativeMapping _mapping = mapping ?? CreativeMapping.Empty;

    /// <summary>Tags one ad.</summary>
    /// <param name="adId">The ad's id.</param>
    /// <param name="name">The ad's name.</param>
    /// <returns>The tag.</returns>
    public CreativeTag Tag(string adId, string? name) => _mapping.Tag(adId, name) ?? _convention.Tag(adId, name);
}

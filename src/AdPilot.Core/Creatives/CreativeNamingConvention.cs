using System.Text.RegularExpressions;
using AdPilot.Core.Domain;

namespace AdPilot.Core.Creatives;

/// <summary>
/// Finds an ad's creative type in its name with a regular expression whose group <c>type</c> (or first group) captures a
/// type's word. A name naming no type, or two different types, gets none: it is reported, never guessed.
/// </summary>
public sealed class CreativeNamingConvention
{
    /// <summary>
    /// The default pattern: a type's word as a token of its own, in any case: <c>Spring | UGC | v2</c> and
    /// <c>spring_ugc_v2</c> are ugc, <c>productivity</c> is not product.
    /// </summary>
    public const string DefaultPattern = "(?i)(?<![a-z0-9])(?<type>ugc|lifestyle|product|discount)(?![a-z0-9])";

    private static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(200);

    private readonly Regex _regex;
    private readonly string _group;

    /// <summary>Initializes a new instance of the <see cref="CreativeNamingConvention"/> class.</summary>
    /// <param name="pattern">The pattern; <see cref="DefaultPattern"/> when null or blank.</param>
    /// <exception cref="ArgumentException">The pattern does not compile, or has no group to capture the type.</exception>
    public CreativeNamingConvention(string? pattern = null)
    {
        Pattern = string.IsNullOrWhiteSpace(pattern) ? DefaultPattern : pattern;
        try
        {
            _regex = new Regex(Pattern, RegexOptions.CultureInvariant, MatchTimeout);
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException($"Creatives:NamePattern '{Pattern}' is not a valid regular expression: {ex.Message}", nameof(pattern), ex);
        }

        var names = _regex.GetGroupNames();
        _group = names.Contains("type", StringComparer.Ordinal) ? "type" : names.Length > 1 ? names[1] : throw new ArgumentException(
            $"Creatives:NamePattern '{Pattern}' has no group to capture the type: name one (?<type>...)", nameof(pattern));
    }

    /// <summary>Gets the pattern in use.</summary>
    public string Pattern { get; }

    /// <summary>The type a name carries.</summary>
    /// <param name="adId">The ad's id.</param>
    /// <param name="name">The ad's name.</param>
    /// <returns>The tag: by convention, or none with the reason.</returns>
    public CreativeTag Tag(string adId, string? name)
    {
        ArgumentNullException.ThrowIfNull(adId);
        var found = new SortedSet<CreativeType>();
        var unknown = new List<string>();
        try
        {
            foreach (Match match in _regex.Matches(name ?? string.Empty))
            {
                var word = match.Groups[_group].Value;
                if (CreativeTypes.TryParse(word, out var type))
                {
                    found.Add(type);
                }
                else if (word.Length > 0)
                {
                    unknown.Add(word);
                }
            }
        }
        catch (RegexMatchTimeoutException)
        {
            return new CreativeTag(adId, null, CreativeTagSource.None, "the naming pattern took too long on this name");
        }

        return found.Count switch
        {
            1 => new CreativeTag(adId, found.Min, CreativeTagSource.Convention, $"name carries '{CreativeTypes.Word(found.Min)}'"),
            0 when unknown.Count > 0 => new CreativeTag(
                adId, null, CreativeTagSource.None, $"the name's '{unknown[0]}' is not a creative type (ugc, lifestyle, product, discount)"),
            0 => new CreativeTag(adId, null, CreativeTagSource.None, "no creative type in the name"),
            _ => new CreativeTag(
                adId, null, CreativeTagSource.None, $"the name carries several types ({string.Join(", ", found.Select(CreativeTypes.Word))}); map it in the mapping file"),
        };
    }
}

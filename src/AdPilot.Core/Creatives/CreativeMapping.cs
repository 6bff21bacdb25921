using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using AdPilot.Core.Domain;

namespace AdPilot.Core.Creatives;

/// <summary>
/// The user's mapping file: ad id or name pattern → creative type, winning over the naming convention. One rule a line,
/// <c>id:&lt;ad id&gt; = &lt;type&gt;</c> or <c>name:&lt;pattern&gt; = &lt;type&gt;</c>, where the pattern matches the whole name, ignoring
/// case, with <c>*</c> for any run of characters and <c>?</c> for one; the type is <c>ugc</c>, <c>lifestyle</c>,
/// <c>product</c>, <c>discount</c> or <c>none</c> (untagged on purpose: never rotated). Blank lines and lines starting with
/// <c>#</c> are ignored. An id rule wins over name rules; among name rules the first that matches wins.
/// </summary>
public sealed class CreativeMapping
{
    private readonly Dictionary<string, Rule> _byId;
    private readonly List<(Regex Pattern, Rule Rule)> _byName;

    private CreativeMapping(Dictionary<string, Rule> byId, List<(Regex, Rule)> byName)
    {
        _byId = byId;
        _byName = byName;
    }

    /// <summary>Gets a mapping with no rules.</summary>
    public static CreativeMapping Empty { get; } = new(new Dictionary<string, Rule>(StringComparer.Ordinal), []);

    /// <summary>Gets how many rules the mapping has.</summary>
    public int Count => _byId.Count + _byName.Count;

    /// <summary>Reads a mapping file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The mapping.</returns>
    /// <exception cref="CreativeMappingException">A line is malformed, or the file cannot be read.</exception>
    public static async Task<CreativeMapping> LoadAsync(string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text;
        try
        {
            text = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CreativeMappingException(path, 0, "file", $"cannot be read: {ex.Message}");
        }

        return Parse(text, path);
    }

    /// <summary>Parses a mapping.</summary>
    /// <param name="text">The file's text.</param>
    /// <param name="source">The name errors give the text (its path).</param>
    /// <returns>The mapping.</returns>
    /// <exception cref="CreativeMappingException">A line is malformed: the message names the line and the field.</exception>
    public static CreativeMapping Parse(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(source);
        var byId = new Dictionary<string, Rule>(StringComparer.Ordinal);
        var byName = new List<(Regex, Rule)>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var number = i + 1;
            var line = lines[i].TrimEnd('\r').Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var equals = line.LastIndexOf('=');
            if (equals < 0)
            {
                throw new CreativeMappingException(source, number, "line", $"expected 'id:<ad id> = <type>' or 'name:<pattern> = <type>', got '{line}'");
            }

            var selector = line[..equals].Trim();
            var typeWord = line[(equals + 1)..].Trim();
            CreativeType? type;
            if (string.Equals(typeWord, "none", StringComparison.OrdinalIgnoreCase))
            {
                type = null;
            }
            else if (CreativeTypes.TryParse(typeWord, out var parsed))
            {
                type = parsed;
            }
            else
            {
                throw new CreativeMappingException(
                    source, number, "type", $"'{typeWord}' is not a creative type (ugc, lifestyle, product, discount, or none)");
            }

            var colon = selector.IndexOf(':', StringComparison.Ordinal);
            var kind = colon < 0 ? selector : selector[..colon].Trim();
            var value = colon < 0 ? string.Empty : selector[(colon + 1)..].Trim();
            var rule = new Rule(type, number, $"{Path.GetFileName(source)} line {number.ToString(CultureInfo.InvariantCulture)}");
            switch (kind.ToLowerInvariant())
            {
                case "id":
                    if (value.Length == 0 || value.Any(char.IsWhiteSpace))
                    {
                        throw new CreativeMappingException(source, number, "id", $"an ad id without spaces is required, got '{value}'");
                    }

                    if (byId.TryGetValue(value, out var earlier) && earlier.Type != type)
                    {
                        throw new CreativeMappingException(
                            source, number, "id", $"ad {value} is already mapped to {Word(earlier.Type)} on line {earlier.Line}");
                    }

                    byId[value] = rule;
                    break;
                case "name":
                    if (value.Length == 0)
                    {
                        throw new CreativeMappingException(source, number, "name", "a name pattern is required (use * for any run of characters)");
                    }

                    byName.Add((Glob(value), rule));
                    break;
                default:
                    throw new CreativeMappingException(source, number, "selector", $"must start with 'id:' or 'name:', got '{selector}'");
            }
        }

        return new CreativeMapping(byId, byName);
    }

    /// <summary>The rule for an ad, if any: its id's, else the first name pattern it matches.</summary>
    /// <param name="adId">The ad's id.</param>
    /// <param name="name">The ad's name.</param>
    /// <returns>The tag from the mapping, or null when no rule applies.</returns>
    public CreativeTag? Tag(string adId, string? name)
    {
        ArgumentNullException.ThrowIfNull(adId);
        if (_byId.TryGetValue(adId, out var byId))
        {
            return ToTag(adId, byId, "id");
        }

        foreach (var (pattern, rule) in _byName)
        {
            if (pattern.IsMatch(name ?? string.Empty))
            {
                return ToTag(adId, rule, "name");
            }
        }

        return null;
    }

    private static CreativeTag ToTag(string adId, Rule rule, string by) => rule.Type is { } type
        ? new CreativeTag(adId, type, CreativeTagSource.Mapping, $"{rule.Where} ({by})")
        : new CreativeTag(adId, null, CreativeTagSource.Mapping, $"{rule.Where} ({by}) maps it to none");

    private static string Word(CreativeType? type) => type is { } t ? CreativeTypes.Word(t) : "none";

    private static Regex Glob(string pattern)
    {
        var regex = new StringBuilder("^");
        foreach (var c in pattern)
        {
            regex.Append(c switch
            {
                '*' => ".*",
                '?' => ".",
                _ => Regex.Escape(c.ToString()),
            });
        }

        return new Regex(regex.Append('$').ToString(), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline, TimeSpan.FromMilliseconds(200));
    }

    private sealed record Rule(CreativeType? Type, int Line, string Where);
}

using System.Globalization;
using System.Text.RegularExpressions;

namespace AdPilot.Connectors.Exports;

/// <summary>
/// The columns of an export's header, looked up by any of their accepted names (case, spacing and curly apostrophes
/// ignored), remembering which were read so the rest can be reported as ignored.
/// </summary>
internal sealed partial class ExportColumns
{
    private const int MaxNamesShown = 20;

    private readonly CsvDocument _document;
    private readonly Dictionary<string, int> _byName = new(StringComparer.Ordinal);
    private readonly HashSet<int> _used = [];

    public ExportColumns(CsvDocument document)
    {
        _document = document;
        for (var i = 0; i < document.Header.Count; i++)
        {
            _byName.TryAdd(Normalize(document.Header[i]), i);
        }
    }

    public string File => _document.File;

    public IReadOnlyList<string> Header => _document.Header;

    /// <summary>The index of the first column with one of the names, marked as used; −1 when there is none.</summary>
    public int Find(params string[] names)
    {
        foreach (var name in names)
        {
            if (_byName.TryGetValue(Normalize(name), out var index))
            {
                _used.Add(index);
                return index;
            }
        }

        return -1;
    }

    /// <summary>The index of a column with one of the names; a missing column is an error listing the accepted names.</summary>
    public int Require(string what, params string[] names)
    {
        var index = Find(names);
        return index >= 0
            ? index
            : throw new ExportFormatException(
                File, 1, null, $"missing {what} column: expected one of {Quoted(names)} (the header has {Quoted(Header)})");
    }

    /// <summary>The first column whose name matches a pattern, marked as used, with the match; (−1, null) when none does.</summary>
    public (int Index, Match? Match) FindMatching(Regex pattern)
    {
        for (var i = 0; i < Header.Count; i++)
        {
            var match = pattern.Match(Header[i].Trim());
            if (match.Success)
            {
                _used.Add(i);
                return (i, match);
            }
        }

        return (-1, null);
    }

    /// <summary>Whether any column has one of the names (without marking it used).</summary>
    public bool Has(params string[] names) => names.Any(n => _byName.ContainsKey(Normalize(n)));

    /// <summary>The headers of the columns never read, in file order.</summary>
    public IReadOnlyList<string> Unused() =>
        [.. Header.Select((h, i) => (h, i)).Where(p => !_used.Contains(p.i) && p.h.Length > 0).Select(p => p.h)];

    /// <summary>The warning that lists the ignored columns, or null when every column was read.</summary>
    public string? IgnoredWarning() =>
        Unused() is { Count: > 0 } unused ? $"{File}: ignored {unused.Count} column(s) the backtest does not use: {Quoted(unused)}" : null;

    /// <summary>The names quoted, each cut by <see cref="ExportText.Excerpt"/>, the first 20 of them then how many more.</summary>
    public static string Quoted(IEnumerable<string> names)
    {
        var all = names.ToList();
        var shown = string.Join(", ", all.Take(MaxNamesShown).Select(n => $"'{ExportText.Excerpt(n)}'"));
        return all.Count > MaxNamesShown ? string.Create(CultureInfo.InvariantCulture, $"{shown} and {all.Count - MaxNamesShown} more") : shown;
    }

    public static string Normalize(string name) =>
        Spaces().Replace(name.Trim().Replace('\u2019', '\'').Replace('\u00A0', ' '), " ").ToLowerInvariant();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}

using System.Text;

namespace AdPilot.Tests.Fuzz;

/// <summary>
/// Mutations that know CSV: stray and unbalanced quotes, another delimiter, byte-order marks and UTF-16, CRLF/LF/CR
/// mixes, ragged rows, huge fields, odd cell values, rows deleted, duplicated and reordered, header columns dropped,
/// doubled and renamed.
/// </summary>
public static class CsvMutators
{
    private static readonly string[] Cells =
    [
        "", " ", "-", "--", "0", "-0", "-1", "1e309", "NaN", "Infinity", "\u221e", "9999999999999999999999999999", "1,234.56", "1.234,56",
        "12.", ".5", "$12.00", "12 USD", "abc", "null", "N/A", "2026-13-45", "2026-02-30", "2026-01-01 25:00:00", "2026/01/01", "31/12/2026",
        "2026-01-01T00:00:00+99:00", "\"", "\"\"", "a\"b", "\u00e9", "\ud83d\ude00", "=1+1", "\t", "\u0000", "gid://shopify/Order/1",
    ];

    public static IReadOnlyList<FuzzMutator> All { get; } =
    [
        new("csv-stray-quote", (r, b) => Lines(r, b, StrayQuote)),
        new("csv-quote-field", (r, b) => Fields(r, b, (r2, f) => "\"" + f.Replace("\"", "\"\"", StringComparison.Ordinal) + (r2.Chance(0.3) ? "\n" + f : "") + "\"")),
        new("csv-cell-value", (r, b) => Fields(r, b, (r2, _) => r2.Pick(Cells))),
        new("csv-huge-field", (r, b) => Fields(r, b, (r2, _) => new string('9', r2.Chance(0.5) ? 70_000 : 1_100_000))),
        new("csv-ragged-row", (r, b) => Lines(r, b, Ragged)),
        new("csv-delimiter", (r, b) => Text(b, t => t.Replace(",", r.Pick([";", "\t", "|", ",,"]), StringComparison.Ordinal))),
        new("csv-delimiter-one-line", (r, b) => Lines(r, b, (r2, lines, i) => lines[i] = lines[i].Replace(",", r2.Pick([";", "\t"]), StringComparison.Ordinal))),
        new("csv-line-endings", LineEndings),
        new("csv-encoding", Reencode),
        new("csv-delete-row", (r, b) => Lines(r, b, (r2, lines, i) => lines.RemoveAt(i))),
        new("csv-duplicate-row", (r, b) => Lines(r, b, (r2, lines, i) => lines.InsertRange(i, Enumerable.Repeat(lines[i], r2.Chance(0.2) ? r2.Next(20, 400) : 1)))),
        new("csv-swap-rows", (r, b) => Lines(r, b, (r2, lines, i) => (lines[i], lines[^1]) = (lines[^1], lines[i]))),
        new("csv-blank-lines", (r, b) => Lines(r, b, (r2, lines, i) => lines.Insert(i, r2.Pick(["", " ", ",,,", "\t"])))),
        new("csv-header-only", (r, b) => Lines(r, b, (r2, lines, i) => lines.RemoveRange(1, lines.Count - 1))),
        new("csv-drop-header", (r, b) => Lines(r, b, (r2, lines, i) => lines.RemoveAt(0))),
        new("csv-header-column", (r, b) => Lines(r, b, HeaderColumn)),
    ];

    /// <summary>A CSV made from scratch: a header drawn from <paramref name="columns"/>, rows of cells drawn from <paramref name="cells"/> and odd values.</summary>
    public static byte[] Generate(FuzzRng r, IReadOnlyList<string> columns, IReadOnlyList<string> cells)
    {
        var header = Enumerable.Range(0, r.Next(1, Math.Max(2, columns.Count + 2))).Select(_ => r.Pick(columns)).Distinct().ToList();
        var text = new StringBuilder(string.Join(",", header.Select(Quote))).Append(r.Pick(["\n", "\r\n"]));
        for (var row = r.Next(0, 12); row > 0; row--)
        {
            var width = r.Chance(0.9) ? header.Count : r.Next(0, header.Count + 3);
            text.Append(string.Join(",", Enumerable.Range(0, width).Select(_ => Quote(r.Chance(0.8) && cells.Count > 0 ? r.Pick(cells) : r.Pick(Cells)))))
                .Append(r.Pick(["\n", "\r\n"]));
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>The header's column names and every cell of the files, for <see cref="Generate"/>.</summary>
    public static (IReadOnlyList<string> Columns, IReadOnlyList<string> Cells) Vocabulary(IEnumerable<byte[]> files)
    {
        var columns = new HashSet<string>(StringComparer.Ordinal);
        var cells = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var lines = Decode(file).Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToList();
            for (var i = 0; i < lines.Count; i++)
            {
                foreach (var field in Split(lines[i]))
                {
                    (i == 0 ? columns : cells).Add(Unquote(field));
                }
            }
        }

        return (columns.Order(StringComparer.Ordinal).ToArray(), cells.Order(StringComparer.Ordinal).ToArray());
    }

    private static string Quote(string cell) =>
        cell.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : cell;

    private static string Unquote(string field) =>
        field.Length >= 2 && field[0] == '"' && field[^1] == '"' ? field[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal) : field;

    private static string Decode(byte[] bytes) => Encoding.UTF8.GetString(bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? bytes[3..] : bytes);

    private static byte[] Text(byte[] bytes, Func<string, string> edit) => Encoding.UTF8.GetBytes(edit(Decode(bytes)));

    /// <summary>The fields of one line, split on commas outside quotes (the quotes kept).</summary>
    private static List<string> Split(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        foreach (var c in line)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }

            if (c == ',' && !quoted)
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        fields.Add(field.ToString());
        return fields;
    }

    private static byte[] Lines(FuzzRng r, byte[] bytes, Action<FuzzRng, List<string>, int> edit)
    {
        var lines = Decode(bytes).Split('\n').ToList();
        if (lines.Count > 1 && lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        if (lines.Count == 0)
        {
            return bytes;
        }

        edit(r, lines, r.Next(lines.Count));
        return Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n");
    }

    private static byte[] Fields(FuzzRng r, byte[] bytes, Func<FuzzRng, string, string> edit) => Lines(r, bytes, (r2, lines, i) =>
    {
        var row = r2.Chance(0.85) && lines.Count > 1 ? r2.Next(1, lines.Count) : i;
        var fields = Split(lines[row].TrimEnd('\r'));
        var at = r2.Next(fields.Count);
        fields[at] = edit(r2, Unquote(fields[at]));
        lines[row] = string.Join(",", fields);
    });

    private static void StrayQuote(FuzzRng r, List<string> lines, int i)
    {
        var line = lines[i];
        var at = r.Next(line.Length + 1);
        lines[i] = line[..at] + r.Pick(["\"", "\"\"", "\"x", "x\""]) + line[at..];
    }

    private static void Ragged(FuzzRng r, List<string> lines, int i)
    {
        var fields = Split(lines[i].TrimEnd('\r'));
        if (r.Chance(0.5) && fields.Count > 0)
        {
            fields.RemoveRange(r.Next(fields.Count), 1);
        }
        else
        {
            fields.AddRange(Enumerable.Repeat(r.Pick(Cells), r.Next(1, 5)));
        }

        lines[i] = string.Join(",", fields);
    }

    private static void HeaderColumn(FuzzRng r, List<string> lines, int i)
    {
        var fields = Split(lines[0].TrimEnd('\r'));
        var at = r.Next(fields.Count);
        switch (r.Next(4))
        {
            case 0:
                fields.RemoveAt(at);
                break;
            case 1:
                fields.Insert(r.Next(fields.Count + 1), fields[at]);
                break;
            case 2:
                fields[at] = r.Pick([fields[at].ToUpperInvariant(), " " + fields[at] + " ", fields[at] + " (USD)", "", "Unknown column"]);
                break;
            default:
                (fields[at], fields[^1]) = (fields[^1], fields[at]);
                break;
        }

        lines[0] = string.Join(",", fields);
    }

    private static byte[] LineEndings(FuzzRng r, byte[] bytes)
    {
        var lines = Decode(bytes).Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var mode = r.Next(4);
        var text = new StringBuilder();
        for (var i = 0; i < lines.Length; i++)
        {
            text.Append(lines[i]);
            if (i < lines.Length - 1)
            {
                text.Append(mode switch { 0 => "\r\n", 1 => "\r", 2 => "\n", _ => r.Pick(["\r\n", "\r", "\n", "\n\r"]) });
            }
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static byte[] Reencode(FuzzRng r, byte[] bytes)
    {
        var text = Decode(bytes);
        return r.Next(6) switch
        {
            0 => [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(text)],
            1 => [0xFF, 0xFE, .. Encoding.Unicode.GetBytes(text)],
            2 => [0xFE, 0xFF, .. Encoding.BigEndianUnicode.GetBytes(text)],
            3 => Encoding.Unicode.GetBytes(text),
            4 => [0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(text)],
            _ => Encoding.Latin1.GetBytes(text.Replace("e", "\u00e9", StringComparison.Ordinal)),
        };
    }
}

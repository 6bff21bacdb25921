using System.Text;

namespace AdPilot.Tests.Fuzz;

/// <summary>Mutations for line-oriented text (an .env file, a URL): tokens that mean something to such readers, lines repeated, cut and joined.</summary>
public static class TextMutators
{
    private static readonly string[] Tokens =
    [
        "=", "==", "export ", "#", "\"", "'", "`", "${", "}", "$", "\\", "\\n", " ", "\t", "\r", "\n", "\u00e9", "\u0000", ":", "@", "/", "?",
        "&", "%", "%zz", "%00", "//", "[", "]", "::1", "-1", "0", "99999999999", ";", "..", "\ud83d\ude00",
    ];

    public static IReadOnlyList<FuzzMutator> All { get; } =
    [
        new("text-insert-token", (r, b) => Edit(b, t => Insert(r, t, r.Pick(Tokens)))),
        new("text-repeat-token", (r, b) => Edit(b, t => Insert(r, t, string.Concat(Enumerable.Repeat(r.Pick(Tokens), r.Next(2, 2000)))))),
        new("text-duplicate-line", (r, b) => Edit(b, t => LinesEdit(r, t, (lines, i) => lines.Insert(i, lines[i])))),
        new("text-delete-line", (r, b) => Edit(b, t => LinesEdit(r, t, (lines, i) => lines.RemoveAt(i)))),
        new("text-cut-line", (r, b) => Edit(b, t => LinesEdit(r, t, (lines, i) => lines[i] = lines[i][..r.Next(lines[i].Length + 1)]))),
        new("text-huge-line", (r, b) => Edit(b, t => LinesEdit(r, t, (lines, i) => lines[i] += new string('a', r.Chance(0.5) ? 70_000 : 1_100_000)))),
        new("text-case", (r, b) => Edit(b, t => r.Chance(0.5) ? t.ToUpperInvariant() : t.ToLowerInvariant())),
    ];

    private static byte[] Edit(byte[] bytes, Func<string, string> edit) => Encoding.UTF8.GetBytes(edit(Encoding.UTF8.GetString(bytes)));

    private static string Insert(FuzzRng r, string text, string token)
    {
        var at = r.Next(text.Length + 1);
        return text[..at] + token + text[at..];
    }

    private static string LinesEdit(FuzzRng r, string text, Action<List<string>, int> edit)
    {
        var lines = text.Split('\n').ToList();
        edit(lines, r.Next(lines.Count));
        return string.Join("\n", lines);
    }
}

using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace AdPilot.Runtime.Observability;

/// <summary>
/// Finds known secrets and customer data in text (log lines, reports, database dumps), and redacts them: given the values
/// a run was configured with (tokens, app secrets, the webhook URL) and the customer data it saw (names, emails,
/// addresses, phones), <see cref="Find"/> says where any of them appears, by label and position, never by value.
/// </summary>
/// <remarks>
/// <para>Each value is also looked for URL-encoded (as it would travel in a query string) and JSON-escaped (as a JSON log
/// line or a stored JSON column would hold it). Matching is ordinal, except for email addresses (case-insensitive).
/// Values shorter than <see cref="MinimumLength"/> characters are not searched (a two-letter name matches everywhere);
/// <see cref="Ignored"/> lists their labels so a caller can tell.</para>
/// <para>Not found: a value split across lines, hashed, or transformed otherwise (a phone number written with other
/// separators), and values the scanner was not told of.</para>
/// </remarks>
public sealed class SensitiveDataScanner
{
    /// <summary>The shortest value that is searched for.</summary>
    public const int MinimumLength = 4;

    private static readonly JavaScriptEncoder JsonEncoder = JavaScriptEncoder.Default;

    private readonly List<(SensitiveValue Value, string Needle, string Form, StringComparison Comparison)> _needles = [];

    /// <summary>Initializes a new instance of the <see cref="SensitiveDataScanner"/> class.</summary>
    /// <param name="values">The values to look for; blank ones are skipped.</param>
    public SensitiveDataScanner(IEnumerable<SensitiveValue> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var ignored = new List<string>();
        foreach (var value in values)
        {
            if (string.IsNullOrWhiteSpace(value.Value))
            {
                continue;
            }

            var trimmed = value.Value.Trim();
            if (trimmed.Length < MinimumLength)
            {
                ignored.Add(value.Label);
                continue;
            }

            var comparison = trimmed.Contains('@', StringComparison.Ordinal) ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
            var forms = new[] { (trimmed, "plain"), (Uri.EscapeDataString(trimmed), "url-encoded"), (JsonEncoder.Encode(trimmed), "json-escaped") };
            foreach (var (needle, form) in forms.DistinctBy(f => f.Item1))
            {
                _needles.Add((value with { Value = trimmed }, needle, form, comparison));
            }
        }

        Ignored = ignored;
    }

    /// <summary>Gets the labels of the values too short to search for.</summary>
    public IReadOnlyList<string> Ignored { get; }

    /// <summary>Finds every occurrence of every value in a text.</summary>
    /// <param name="text">The text.</param>
    /// <param name="source">What the text is, for the findings.</param>
    /// <returns>The findings, by position.</returns>
    public IReadOnlyList<SensitiveFinding> Find(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        var found = new List<(int Index, SensitiveFinding Finding)>();
        foreach (var (value, needle, form, comparison) in _needles)
        {
            for (var at = text.IndexOf(needle, comparison); at >= 0; at = text.IndexOf(needle, at + needle.Length, comparison))
            {
                var (line, column) = Position(text, at);
                found.Add((at, new SensitiveFinding(value.Label, value.Kind, source, line, column, form)));
            }
        }

        // An encoded form equal to the plain one was searched once; one finding per value and place.
        return [.. found.OrderBy(f => f.Index).DistinctBy(f => (f.Index, f.Finding.Label)).Select(f => f.Finding)];
    }

    /// <summary>Finds the values in a file, read as UTF-8 text (a log file, a JSON report, a database dump).</summary>
    /// <param name="path">The file.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The findings, named by the file's path.</returns>
    public async Task<IReadOnlyList<SensitiveFinding>> FindInFileAsync(string path, CancellationToken cancellationToken)
    {
        var text = await File.ReadAllTextAsync(path, Encoding.UTF8, cancellationToken).ConfigureAwait(false);
        return Find(text, path);
    }

    /// <summary>Replaces every occurrence of every value with <c>[redacted:label]</c>.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The text without the values.</returns>
    public string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);

        // Longest first, so a value that contains another is replaced whole.
        foreach (var (value, needle, _, comparison) in _needles.OrderByDescending(n => n.Needle.Length))
        {
            text = text.Replace(needle, $"[redacted:{value.Label}]", comparison);
        }

        return text;
    }

    /// <summary>Customer fields as sensitive values: each non-blank string labelled with its field.</summary>
    /// <param name="fields">Pairs of a label (e.g. <c>email</c>) and a value.</param>
    /// <returns>The values, as personal data.</returns>
    public static IEnumerable<SensitiveValue> PersonalData(params (string Label, string? Value)[] fields) =>
        fields.Where(f => !string.IsNullOrWhiteSpace(f.Value)).Select(f => new SensitiveValue(f.Label, f.Value!, SensitiveKind.PersonalData));

    /// <summary>Secrets as sensitive values: each non-blank string labelled with its setting.</summary>
    /// <param name="settings">Pairs of a label (e.g. <c>META__ACCESSTOKEN</c>) and a value.</param>
    /// <returns>The values, as secrets.</returns>
    public static IEnumerable<SensitiveValue> Secrets(params (string Label, string? Value)[] settings) =>
        settings.Where(s => !string.IsNullOrWhiteSpace(s.Value)).Select(s => new SensitiveValue(s.Label, s.Value!, SensitiveKind.Secret));

    private static (int Line, int Column) Position(string text, int index)
    {
        var line = 1;
        var lineStart = 0;
        for (var i = text.IndexOf('\n', 0, index); i >= 0; i = text.IndexOf('\n', i + 1, index - i - 1))
        {
            line++;
            lineStart = i + 1;
        }

        return (line, index - lineStart + 1);
    }
}

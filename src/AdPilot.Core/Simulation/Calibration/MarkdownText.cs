using System.Globalization;
using System.Text;

namespace AdPilot.Core.Simulation.Calibration;

/// <summary>Markdown building with invariant number formats and LF line ends, so equal inputs give equal bytes on any machine.</summary>
internal sealed class MarkdownText
{
    private readonly StringBuilder _text = new();

    public static string Number(double value, int decimals) =>
        double.IsFinite(value) ? value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) : "n/a";

    public static string Signed(double value, int decimals)
    {
        // A typographic minus, as in the rest of the report's prose.
        var digits = "0." + new string('0', decimals);
        return double.IsFinite(value) ? value.ToString($"+{digits};−{digits};{digits}", CultureInfo.InvariantCulture) : "n/a";
    }

    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Percent(double fraction, int decimals) => double.IsFinite(fraction) ? Number(fraction * 100, decimals) + "%" : "n/a";

    public MarkdownText Line(string text = "")
    {
        _text.Append(text).Append('\n');
        return this;
    }

    public MarkdownText Heading(int level, string text)
    {
        if (_text.Length > 0)
        {
            Line();
        }

        return Line(new string('#', level) + " " + text).Line();
    }

    public MarkdownText Row(params string[] cells) => Line("| " + string.Join(" | ", cells) + " |");

    public MarkdownText Table(params string[] headers)
    {
        Row(headers);
        return Row([.. headers.Select(_ => "---")]);
    }

    public override string ToString() => _text.ToString();
}

using System.Globalization;
using System.Text;
using System.Text.Json;

namespace AdPilot.Runtime.Evidence.Shadow;

/// <summary>The shadow report as one JSON object: the contract of <c>adpilot report shadow --json</c>, and the data of its HTML page.</summary>
public static class ShadowReportJson
{
    /// <summary>Writes the report as JSON.</summary>
    /// <param name="report">The report.</param>
    /// <param name="htmlPath">The HTML file written beside it, if any.</param>
    /// <returns>The JSON text.</returns>
    public static string Write(ShadowReport report, string? htmlPath = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("store", report.Store);
            w.WriteString("from", report.From.ToString("O", CultureInfo.InvariantCulture));
            w.WriteString("to", report.To.ToString("O", CultureInfo.InvariantCulture));
            w.WriteString("currency", report.Currency);
            w.WriteString("timeZone", report.TimeZone);
            w.WriteNumber("policyDecisions", report.PolicyDecisions);
            w.WriteNumber("humanChanges", report.HumanChanges);
            var a = report.Agreement;
            w.WriteStartObject("agreement");
            w.WriteNumber("adSetDays", a.AdSetDays);
            w.WriteNumber("agreed", a.Agreed);
            Rate(w, "rate", a.Rate);
            w.WriteNumber("peopleActed", a.PeopleActed);
            w.WriteNumber("agreedWhenPeopleActed", a.AgreedWhenPeopleActed);
            Rate(w, "rateWhenPeopleActed", a.RateWhenPeopleActed);
            w.WriteNumber("policyOnly", a.PolicyOnly);
            w.WriteNumber("peopleOnly", a.PeopleOnly);
            w.WriteNumber("opposite", a.Opposite);
            w.WriteEndObject();
            if (report.Value is { } v)
            {
                w.WriteStartObject("value");
                w.WriteNumber("hours", v.Hours);
                w.WriteStartObject("people");
                w.WriteNumber("profit", v.PeopleProfit);
                w.WriteNumber("spend", v.PeopleSpend);
                w.WriteEndObject();
                w.WriteStartObject("policy");
                w.WriteNumber("profit", v.PolicyProfit);
                w.WriteNumber("spend", v.PolicySpend);
                w.WriteEndObject();
                w.WriteNumber("difference", v.Difference);
                if (v.Ci95 is { } ci)
                {
                    w.WriteStartArray("ci95");
                    w.WriteNumberValue(ci.Lower);
                    w.WriteNumberValue(ci.Upper);
                    w.WriteEndArray();
                }
                else
                {
                    w.WriteNull("ci95");
                }

                w.WriteNumber("adSetsModelled", v.AdSetsModelled);
                w.WriteEndObject();
            }
            else
            {
                w.WriteNull("value");
            }

            w.WriteString("valueNote", report.ValueNote);
            Rows(w, "differences", report.Differences);
            Rows(w, "days", report.Days);
            if (htmlPath is not null)
            {
                w.WriteString("htmlPath", htmlPath);
            }

            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Rows(Utf8JsonWriter w, string name, IReadOnlyList<ShadowDayRow> rows)
    {
        w.WriteStartArray(name);
        foreach (var row in rows)
        {
            var d = row.Comparison;
            w.WriteStartObject();
            w.WriteString("day", d.DayText);
            w.WriteString("adSet", Invariant($"{d.AdSet.Platform.ToString().ToLowerInvariant()}:{d.AdSet.ExternalId}"));
            w.WriteStartObject("policy");
            Direction(w, d.PolicyDirection);
            Amount(w, "from", d.PolicyFrom);
            Amount(w, "to", d.PolicyTo);
            w.WriteNumber("decisions", d.Decisions);
            w.WriteEndObject();
            w.WriteStartObject("people");
            Direction(w, d.HumanChanges == 0 ? 0 : d.HumanDirection);
            Amount(w, "from", d.HumanFrom);
            Amount(w, "to", d.HumanTo);
            w.WriteNumber("changes", d.HumanChanges);
            w.WriteEndObject();
            w.WriteBoolean("differs", row.Differs);
            Amount(w, "peopleProfit", row.PeopleProfit);
            Amount(w, "policyProfit", row.PolicyProfit);
            Amount(w, "difference", row.Difference);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void Direction(Utf8JsonWriter w, int? direction) =>
        w.WriteString("direction", direction switch { 1 => "up", -1 => "down", 0 => "hold", _ => "unknown" });

    private static void Amount(Utf8JsonWriter w, string name, decimal? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static void Rate(Utf8JsonWriter w, string name, double? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, Math.Round(v, 4));
        }
        else
        {
            w.WriteNull(name);
        }
    }
}

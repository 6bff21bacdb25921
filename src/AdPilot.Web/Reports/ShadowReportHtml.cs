using System.Globalization;
using System.Net;
using System.Text;
using AdPilot.Runtime.Evidence.Shadow;

namespace AdPilot.Web.Reports;

/// <summary>
/// The shadow report as one self-contained HTML file (Chart.js inlined, no network): agreement, the estimated value of
/// each side, the ad set-days where the policy and people differ, and charts of both by day.
/// </summary>
public static class ShadowReportHtml
{
    /// <summary>Writes the page atomically (a temporary file renamed over the last one).</summary>
    /// <param name="report">The report.</param>
    /// <param name="path">The file.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the file is in place.</returns>
    public static async Task WriteAsync(ShadowReport report, string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temporary = full + ".tmp";
        await File.WriteAllTextAsync(temporary, Render(report), new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
        File.Move(temporary, full, overwrite: true);
    }

    /// <summary>Renders the page.</summary>
    /// <param name="report">The report.</param>
    /// <returns>The HTML.</returns>
    public static string Render(ShadowReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var html = new StringBuilder(WebAssets.ChartJs.Length + 32_768);
        html.Append("""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>AdPilot shadow report</title>
            <style>
            body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem auto;max-width:1100px;color:#1d2430;padding:0 1rem}
            h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.15rem;margin-top:2rem}
            .lede{color:#555;margin-top:0}table{border-collapse:collapse;margin:1rem 0;min-width:60%}
            th,td{padding:.4rem .8rem;border-bottom:1px solid #e3e6ea;text-align:right}th:first-child,td:first-child,td.l{text-align:left}
            th{background:#f5f7f9}td:first-child,td.l{white-space:nowrap}.pos{color:#17803d}.neg{color:#b42318}.muted{color:#777}
            .grid{display:grid;grid-template-columns:1fr 1fr;gap:1.5rem}.card{border:1px solid #e3e6ea;border-radius:8px;padding:1rem}
            .facts{display:flex;gap:1rem;flex-wrap:wrap}.fact{border:1px solid #e3e6ea;border-radius:8px;padding:.6rem 1rem}
            .fact b{display:block;font-size:1.3rem}@media (max-width:800px){.grid{grid-template-columns:1fr}}
            </style></head><body>
            """);
        html.Append(Invariant($"<h1>Shadow report: {Encode(report.Store)}</h1>"));
        html.Append(Invariant($"<p class=\"lede\">{Day(report.From)} to {Day(report.To)} (UTC), days cut in {Encode(report.TimeZone)}; amounts in {Encode(report.Currency)}. "));
        html.Append("What the policy suggested each hour beside the changes people made on the platforms, by ad set and day: up, down or hold (a day without a human change counts as people holding).</p>");

        var a = report.Agreement;
        html.Append("<div class=\"facts\">");
        Fact(html, "policy decisions", report.PolicyDecisions.ToString("N0", CultureInfo.InvariantCulture));
        Fact(html, "human changes", report.HumanChanges.ToString("N0", CultureInfo.InvariantCulture));
        Fact(html, Invariant($"agreement over {a.AdSetDays} ad set-days"), Percent(a.Rate));
        Fact(html, Invariant($"agreement on the {a.PeopleActed} days people acted"), Percent(a.RateWhenPeopleActed));
        Fact(html, "policy would move, people held", a.PolicyOnly.ToString(CultureInfo.InvariantCulture));
        Fact(html, "people moved, policy would hold", a.PeopleOnly.ToString(CultureInfo.InvariantCulture));
        Fact(html, "opposite ways", a.Opposite.ToString(CultureInfo.InvariantCulture));
        html.Append("</div>");

        html.Append("<h2>Estimated value of each side</h2>");
        if (report.Value is { } v)
        {
            html.Append("<table><thead><tr><th>side</th><th>profit</th><th>spend</th></tr></thead><tbody>");
            html.Append(Invariant($"<tr><td>people (what ran)</td><td>{Money(v.PeopleProfit)}</td><td>{Money(v.PeopleSpend)}</td></tr>"));
            html.Append(Invariant($"<tr><td>policy (estimated)</td><td>{Money(v.PolicyProfit)}</td><td>{Money(v.PolicySpend)}</td></tr>"));
            var ci = v.Ci95 is { } c ? Invariant($" (95% interval {Money(c.Lower)} to {Money(c.Upper)})") : string.Empty;
            html.Append(Invariant($"<tr><td>policy − people</td><td class=\"{(v.Difference >= 0 ? "pos" : "neg")}\">{Money(v.Difference)}</td><td class=\"l muted\">{ci}</td></tr>"));
            html.Append(Invariant($"</tbody></table><p class=\"lede\">{v.Hours:N0} ad set-hours of {v.AdSetsModelled} ad sets valued. "));
        }
        else
        {
            html.Append("<p class=\"lede\">No estimate. ");
        }

        html.Append(Encode(report.ValueNote)).Append(".</p>");
        html.Append("""
            <div class="grid"><div class="card"><canvas id="agreement" aria-label="Ad set-days by agreement and day"></canvas></div>
            <div class="card"><canvas id="value" aria-label="Profit of each side by day"></canvas></div></div>
            """);

        html.Append("<h2>Where they differ</h2>");
        if (report.Differences.Count == 0)
        {
            html.Append("<p class=\"lede\">Nowhere in this range.</p>");
        }
        else
        {
            html.Append("<table><thead><tr><th>day</th><th>ad set</th><th>policy suggested</th><th>people did</th><th>people's profit</th><th>policy's (est.)</th><th>difference</th></tr></thead><tbody>");
            foreach (var row in report.Differences.Take(200))
            {
                var d = row.Comparison;
                html.Append(Invariant($"<tr><td>{d.DayText}</td><td class=\"l\">{Encode(AdSet(d))}</td>"));
                html.Append(Invariant($"<td class=\"l\">{Move(d.PolicyDirection, d.PolicyFrom, d.PolicyTo)}</td>"));
                html.Append(Invariant($"<td class=\"l\">{(d.HumanChanges == 0 ? "no change" : Move(d.HumanDirection, d.HumanFrom, d.HumanTo))}</td>"));
                html.Append(Invariant($"<td>{Money(row.PeopleProfit)}</td><td>{Money(row.PolicyProfit)}</td><td>{Money(row.Difference)}</td></tr>"));
            }

            html.Append("</tbody></table>");
            if (report.Differences.Count > 200)
            {
                html.Append(Invariant($"<p class=\"lede\">The 200 largest of {report.Differences.Count}; the JSON output has them all.</p>"));
            }
        }

        html.Append("<script>").Append(WebAssets.ChartJs).Append("</script>\n<script>const report = ").Append(ShadowReportJson.Write(report)).Append(";\n");
        html.Append("""
            const days = [...new Set(report.days.map(d => d.day))].sort();
            const count = (pred) => days.map(day => report.days.filter(d => d.day === day && pred(d)).length);
            const same = d => d.policy.direction === d.people.direction;
            new Chart(document.getElementById('agreement'), {type:'bar', data:{labels: days, datasets:[
              {label:'agree', data: count(d => same(d)), backgroundColor:'#16a34a'},
              {label:'policy would move, people held', data: count(d => !same(d) && d.people.direction === 'hold'), backgroundColor:'#f59e0b'},
              {label:'people moved, policy would hold', data: count(d => !same(d) && d.policy.direction === 'hold'), backgroundColor:'#7c3aed'},
              {label:'opposite', data: count(d => !same(d) && d.policy.direction !== 'hold' && d.people.direction !== 'hold'), backgroundColor:'#dc2626'}]},
              options:{plugins:{title:{display:true, text:'Ad set-days by agreement'}}, scales:{x:{stacked:true}, y:{stacked:true}}}});
            const sum = (key) => days.map(day => report.days.filter(d => d.day === day && d[key] !== null).reduce((s, d) => s + d[key], 0));
            new Chart(document.getElementById('value'), {type:'line', data:{labels: days, datasets:[
              {label:'people (what ran)', data: sum('peopleProfit'), borderColor:'#9ca3af', backgroundColor:'#9ca3af', tension:.2},
              {label:'policy (estimated)', data: sum('policyProfit'), borderColor:'#2563eb', backgroundColor:'#2563eb', tension:.2}]},
              options:{plugins:{title:{display:true, text:'Profit by day (' + report.currency + ')'}}}});
            </script></body></html>
            """);
        return html.ToString();
    }

    private static string AdSet(ShadowDay day) => Invariant($"{day.AdSet.Platform.ToString().ToLowerInvariant()}:{day.AdSet.ExternalId}");

    private static string Move(int? direction, decimal? from, decimal? to)
    {
        var arrow = direction switch { 1 => "▲ up", -1 => "▼ down", 0 => "■ hold", _ => "?" };
        return Invariant($"{arrow} <span class=\"muted\">{Money(from)} → {Money(to)}</span>");
    }

    private static void Fact(StringBuilder html, string label, string value) =>
        html.Append("<div class=\"fact\"><b>").Append(Encode(value)).Append("</b>").Append(Encode(label)).Append("</div>");

    private static string Percent(double? rate) => rate is { } r ? r.ToString("P0", CultureInfo.InvariantCulture) : "–";

    private static string Money(decimal? amount) => amount is { } m ? m.ToString("N2", CultureInfo.InvariantCulture) : "–";

    private static string Day(DateTimeOffset t) => t.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

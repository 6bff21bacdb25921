using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using AdPilot.Core.Domain;
using AdPilot.Runtime.Demo;

namespace AdPilot.Web.Reports;

/// <summary>
/// The demo's HTML report: one self-contained file (Chart.js inlined, no network) with the summary table, each policy's
/// daily and cumulative profit, AdPilot's spend and revenue by platform and day, and its decisions by guardrail verdict.
/// </summary>
public static class DemoReport
{
    /// <summary>The report's file name in the demo's out folder.</summary>
    public const string FileName = "demo-report.html";

    /// <summary>Writes the report atomically (a temporary file renamed over the last one).</summary>
    /// <param name="summary">The demo's outcome.</param>
    /// <param name="path">The file.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the file is in place.</returns>
    public static async Task WriteAsync(DemoSummary summary, string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temporary = full + ".tmp";
        await File.WriteAllTextAsync(temporary, Render(summary), new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
        File.Move(temporary, full, overwrite: true);
    }

    /// <summary>Renders the report.</summary>
    /// <param name="summary">The demo's outcome.</param>
    /// <returns>The HTML.</returns>
    public static string Render(DemoSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var html = new StringBuilder(WebAssets.ChartJs.Length + 16_384);
        var (shadow, pilot, expand) = summary.Modes;
        html.Append("""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>AdPilot demo report</title>
            <style>
            body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem auto;max-width:1100px;color:#1d2430;padding:0 1rem}
            h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.15rem;margin-top:2rem}
            .lede{color:#555;margin-top:0}table{border-collapse:collapse;margin:1rem 0;min-width:60%}
            th,td{padding:.4rem .8rem;border-bottom:1px solid #e3e6ea;text-align:right}th:first-child,td:first-child{text-align:left}
            th{background:#f5f7f9}.ok{color:#17803d}.bad{color:#b42318;font-weight:600}
            .grid{display:grid;grid-template-columns:1fr 1fr;gap:1.5rem}.card{border:1px solid #e3e6ea;border-radius:8px;padding:1rem}
            .facts{display:flex;gap:1rem;flex-wrap:wrap}.fact{border:1px solid #e3e6ea;border-radius:8px;padding:.6rem 1rem}
            .fact b{display:block;font-size:1.3rem}@media (max-width:800px){.grid{grid-template-columns:1fr}}
            </style></head><body>
            """);
        html.Append(Invariant($"<h1>AdPilot demo: {summary.Days} simulated days, {summary.AdSets} ad sets</h1>"));
        html.Append(Invariant(
            $"<p class=\"lede\">The real hourly loop through the Meta, TikTok and Shopify connectors against the API sandbox (seed {summary.Seed}, {Encode(summary.Currency)}): "));
        html.Append(Invariant($"{shadow} days in shadow (decisions logged, nothing changed), {pilot} in pilot (canary ad sets only), {expand} in expand (every ad set). "));
        html.Append("The baselines ran in the simulator on the same world and random streams. Profit is revenue less cost of goods and spend.</p>");

        html.Append("<table><thead><tr><th>policy</th><th>profit</th><th>revenue</th><th>spend</th><th>cost of goods</th><th>ROAS</th></tr></thead><tbody>");
        foreach (var p in summary.Policies)
        {
            html.Append(Invariant($"<tr><td>{Encode(p.Name)}</td><td>{Money(p.Total.Profit)}</td><td>{Money(p.Total.Revenue)}</td>"));
            html.Append(Invariant($"<td>{Money(p.Total.AdSpend)}</td><td>{Money(p.Total.Cogs)}</td><td>{p.Total.Roas:0.00}</td></tr>"));
        }

        html.Append("</tbody></table><div class=\"facts\">");
        Fact(html, "decisions", summary.Decisions.ToString("N0", CultureInfo.InvariantCulture));
        Fact(html, "changes applied", summary.Applied.ToString("N0", CultureInfo.InvariantCulture));
        Fact(html, "guardrail interventions", summary.GuardrailInterventions.ToString("N0", CultureInfo.InvariantCulture));
        Fact(html, "approvals asked", summary.ApprovalsRequested.ToString("N0", CultureInfo.InvariantCulture));
        var violations = summary.GuardrailViolations.Count;
        html.Append(Invariant($"<div class=\"fact\"><b class=\"{(violations == 0 ? "ok" : "bad")}\">{violations}</b>guardrail violations in the world's own record</div>"));
        html.Append("</div>");
        if (violations > 0)
        {
            html.Append("<h2>Guardrail violations</h2><ul>");
            foreach (var v in summary.GuardrailViolations.Take(50))
            {
                html.Append("<li>").Append(Encode(v)).Append("</li>");
            }

            html.Append("</ul>");
        }

        html.Append("""
            <h2>Profit</h2>
            <div class="grid"><div class="card"><canvas id="daily-profit" aria-label="Daily profit by policy"></canvas></div>
            <div class="card"><canvas id="cumulative-profit" aria-label="Cumulative profit by policy"></canvas></div></div>
            <h2>AdPilot by platform</h2>
            <div class="grid"><div class="card"><canvas id="platform-spend" aria-label="Spend and revenue by platform and day"></canvas></div>
            <div class="card"><canvas id="verdicts" aria-label="Decisions by guardrail verdict and day"></canvas></div></div>
            """);
        html.Append(Invariant($"<p class=\"lede\">Database: {Encode(summary.DatabasePath)}; log: {Encode(summary.LogPath)}; {summary.Seconds:0.0} s.</p>"));
        html.Append("<script>").Append(WebAssets.ChartJs).Append("</script>\n<script>const demo = ").Append(Data(summary)).Append(";\n");
        html.Append("""
            const colors = {adpilot:'#2563eb', fixed:'#9ca3af', rules:'#f59e0b', instagram:'#c026d3', tiktok:'#0f766e'};
            const verdictColors = {allowed:'#16a34a', clamped:'#f59e0b', blocked:'#dc2626', pending_approval:'#7c3aed'};
            const money = v => v.toLocaleString(undefined, {maximumFractionDigits: 0});
            new Chart(document.getElementById('daily-profit'), {type:'line', data:{labels: demo.labels,
              datasets: demo.policies.map(p => ({label: p.name, data: p.daily, borderColor: colors[p.name], backgroundColor: colors[p.name], tension: .2}))},
              options:{plugins:{title:{display:true, text:'Daily profit (' + demo.currency + ')'}}, scales:{y:{ticks:{callback: money}}}}});
            new Chart(document.getElementById('cumulative-profit'), {type:'line', data:{labels: demo.labels,
              datasets: demo.policies.map(p => ({label: p.name, data: p.daily.reduce((acc, v) => { acc.push((acc.length ? acc[acc.length - 1] : 0) + v); return acc; }, []),
                borderColor: colors[p.name], backgroundColor: colors[p.name], tension: .2}))},
              options:{plugins:{title:{display:true, text:'Cumulative profit (' + demo.currency + ')'}}, scales:{y:{ticks:{callback: money}}}}});
            new Chart(document.getElementById('platform-spend'), {type:'bar', data:{labels: demo.labels,
              datasets: demo.platforms.flatMap(p => [
                {label: p.name + ' spend', data: p.spend, backgroundColor: colors[p.name], stack: 'spend'},
                {label: p.name + ' revenue', data: p.revenue, backgroundColor: colors[p.name] + '66', stack: 'revenue'}])},
              options:{plugins:{title:{display:true, text:'AdPilot: spend and revenue by platform (' + demo.currency + ')'}}, scales:{x:{stacked:true}, y:{stacked:true, ticks:{callback: money}}}}});
            new Chart(document.getElementById('verdicts'), {type:'bar', data:{labels: demo.labels,
              datasets: Object.keys(verdictColors).map(v => ({label: v.replace('_', ' '), data: demo.verdicts[v], backgroundColor: verdictColors[v]}))},
              options:{plugins:{title:{display:true, text:'Decisions by guardrail verdict'}}, scales:{x:{stacked:true}, y:{stacked:true}}}});
            </script></body></html>
            """);
        return html.ToString();
    }

    private static string Data(DemoSummary summary)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("currency", summary.Currency);
            json.WriteStartArray("labels");
            foreach (var day in summary.Timeline)
            {
                json.WriteStringValue(Invariant($"day {day.Day} ({day.Stage.ToString().ToLowerInvariant()})"));
            }

            json.WriteEndArray();
            json.WriteStartArray("policies");
            foreach (var p in summary.Policies)
            {
                json.WriteStartObject();
                json.WriteString("name", p.Name);
                Numbers(json, "daily", p.Days.Select(d => d.Profit));
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("platforms");
            foreach (var platform in summary.Timeline.SelectMany(d => d.ByPlatform.Keys).Distinct().Order())
            {
                json.WriteStartObject();
                json.WriteString("name", platform == Platform.Instagram ? "instagram" : "tiktok");
                Numbers(json, "spend", summary.Timeline.Select(d => d.ByPlatform.GetValueOrDefault(platform).AdSpend));
                Numbers(json, "revenue", summary.Timeline.Select(d => d.ByPlatform.GetValueOrDefault(platform).Revenue));
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartObject("verdicts");
            foreach (var verdict in new[] { "allowed", "clamped", "blocked", "pending_approval" })
            {
                json.WriteStartArray(verdict);
                foreach (var day in summary.Timeline)
                {
                    json.WriteNumberValue(day.Verdicts.GetValueOrDefault(verdict));
                }

                json.WriteEndArray();
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Numbers(Utf8JsonWriter json, string name, IEnumerable<double> values)
    {
        json.WriteStartArray(name);
        foreach (var v in values)
        {
            json.WriteNumberValue(Math.Round(v, 2));
        }

        json.WriteEndArray();
    }

    private static void Fact(StringBuilder html, string label, string value) =>
        html.Append("<div class=\"fact\"><b>").Append(Encode(value)).Append("</b>").Append(Encode(label)).Append("</div>");

    private static string Money(double amount) => Math.Round((decimal)amount, 2, MidpointRounding.ToEven).ToString("N2", CultureInfo.InvariantCulture);

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

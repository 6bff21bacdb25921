using System.Globalization;
using System.Text;
using System.Text.Json;
using AdPilot.Storage.Actions;
using AdPilot.Storage.Dashboard;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using static AdPilot.Web.Dashboard.DashboardHtml;

namespace AdPilot.Web.Dashboard;

/// <summary>The actions log: every decision with its guardrail verdict and reasons, filterable by verdict and status, paged.</summary>
internal static class ActionsLogPage
{
    private const int PageSize = 50;

    private static readonly (string Text, GuardrailVerdict Value)[] Verdicts =
        [("allow", GuardrailVerdict.Allow), ("clamp", GuardrailVerdict.Clamp), ("block", GuardrailVerdict.Block), ("require_approval", GuardrailVerdict.RequireApproval)];

    private static readonly (string Text, ActionStatus Value)[] Statuses =
    [
        ("shadow", ActionStatus.Shadow), ("pending_approval", ActionStatus.PendingApproval), ("intended", ActionStatus.Intended),
        ("applied", ActionStatus.Applied), ("failed", ActionStatus.Failed), ("rolled_back", ActionStatus.RolledBack),
    ];

    public static RouteGroupBuilder MapActionsLog(this RouteGroupBuilder dashboard)
    {
        dashboard.MapGet("/actions", (HttpContext context, IDashboardQueries queries) =>
            DashboardEndpoints.ForStoreAsync(context, "Actions log", "/dashboard/actions", async (scope, antiforgery) =>
            {
                var filter = Filter.From(context.Request);
                var page = await queries.ActionsAsync(scope.Id, filter.Verdict, filter.Status, (filter.Page - 1) * PageSize, PageSize, context.RequestAborted).ConfigureAwait(false);
                return DashboardHtml.Page(context, antiforgery, "Actions log", "/dashboard/actions", scope, Body(scope, filter, page));
            }));

        dashboard.MapGet("/api/actions", (HttpContext context, IDashboardQueries queries) =>
            DashboardEndpoints.JsonForStoreAsync(context, async scope =>
            {
                var filter = Filter.From(context.Request);
                var page = await queries.ActionsAsync(scope.Id, filter.Verdict, filter.Status, (filter.Page - 1) * PageSize, PageSize, context.RequestAborted).ConfigureAwait(false);
                var rows = page.Rows.Select(r => new ActionJson(
                    r.Id,
                    AdSetText(r.AdSet),
                    r.Hour,
                    Text(r.Mode),
                    r.PolicyName,
                    r.CheckpointVersion,
                    r.ProposedActionJson,
                    r.FinalActionJson,
                    Text(r.Verdict),
                    Reasons(r.GuardrailReasons),
                    Text(r.Status),
                    r.Error,
                    r.DecidedAt)).ToList();
                return Results.Json(new ActionPageJson(page.Total, filter.Page, PageSize, rows), DashboardJsonContext.Default.ActionPageJson);
            }));
        return dashboard;
    }

    /// <summary>An ad set as <c>platform:id</c>, as the command line prints it.</summary>
    public static string AdSetText(Core.Domain.AdSetRef adSet) => $"{adSet.Platform.ToString().ToLowerInvariant()}:{adSet.ExternalId}";

    /// <summary>An enum as stored (<c>pending_approval</c>).</summary>
    public static string Text<T>(T value)
        where T : struct, Enum
    {
        var name = value.ToString();
        var text = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                text.Append('_');
            }

            text.Append(char.ToLowerInvariant(name[i]));
        }

        return text.ToString();
    }

    /// <summary>A decision's change as people read it: the budget, bid strategy, creative or status it sets.</summary>
    public static string Change(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return "–";
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return json;
            }

            var root = document.RootElement;
            string? Text(string name) => root.TryGetProperty(name, out var value) && value.ValueKind is not JsonValueKind.Null
                ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText()
                : null;
            if (root.TryGetProperty("ads", out var ads) && ads.ValueKind == JsonValueKind.Array)
            {
                return Rotation(root, ads, Text);
            }

            var parts = new List<string>();
            if (Text("daily_budget") is { } budget)
            {
                parts.Add($"budget {budget} {Text("currency")}".TrimEnd());
            }

            foreach (var property in root.EnumerateObject())
            {
                if (property.Value.ValueKind is JsonValueKind.Null || property.Name is "daily_budget" or "currency")
                {
                    continue;
                }

                var value = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : property.Value.GetRawText();
                parts.Add($"{property.Name.Replace('_', ' ')} {value}");
            }

            return parts.Count == 0 ? "no change" : string.Join(" · ", parts);
        }
        catch (JsonException)
        {
            return json;
        }
    }

    /// <summary>A creative rotation (or its restore) as people read it: the types, and the ads it switches on and off.</summary>
    private static string Rotation(JsonElement root, JsonElement ads, Func<string, string?> text)
    {
        var on = new List<string>();
        var off = new List<string>();
        foreach (var ad in ads.EnumerateArray())
        {
            var before = ad.TryGetProperty("before", out var b) ? b.GetString() : null;
            var after = ad.TryGetProperty("after", out var a) ? a.GetString() : null;
            var name = ad.TryGetProperty("name", out var n) ? n.GetString() : ad.TryGetProperty("ad_id", out var id) ? id.GetString() : "?";
            if (!string.Equals(before, after, StringComparison.Ordinal))
            {
                (string.Equals(after, "active", StringComparison.Ordinal) ? on : off).Add(name ?? "?");
            }
        }

        var parts = new List<string> { $"creatives {text("from_creative_type") ?? "?"} → {text("creative_type") ?? "?"}" };
        parts.Add(on.Count == 0 ? "activate none" : $"activate {string.Join(", ", on)}");
        parts.Add(off.Count == 0 ? "pause none" : $"pause {string.Join(", ", off)}");
        return string.Join(" · ", parts);
    }

    /// <summary>A checkpoint version, shortened to its hour (the whole in the tooltip).</summary>
    private static string Checkpoint(string? version)
    {
        if (version is null)
        {
            return string.Empty;
        }

        var at = version.LastIndexOf('@');
        return $"<br><span class=\"muted mono\" title=\"{E(version)}\">{E(at < 0 ? version : "ckpt " + version[(at + 1)..])}</span>";
    }

    private static IReadOnlyList<string> Reasons(string json)
    {
        try
        {
            return JsonSerializer.Deserialize(json, DashboardJsonContext.Default.IReadOnlyListString) ?? [];
        }
        catch (JsonException)
        {
            return [json];
        }
    }

    private static string Body(StoreScope scope, Filter filter, ActionPage page)
    {
        var html = new StringBuilder();
        html.Append("<form method=\"get\" class=\"filters\" action=\"/dashboard/actions\">");
        if (scope.Stores.Count > 1)
        {
            html.Append("<input type=\"hidden\" name=\"store\" value=\"").Append(scope.Id).Append("\">");
        }

        html.Append("<label>Verdict<select name=\"verdict\" id=\"verdict\"><option value=\"\">every verdict</option>");
        foreach (var (text, value) in Verdicts)
        {
            html.Append("<option value=\"").Append(text).Append('"').Append(filter.Verdict == value ? " selected" : string.Empty).Append('>').Append(E(text)).Append("</option>");
        }

        html.Append("</select></label><label>Status<select name=\"status\" id=\"status\"><option value=\"\">every status</option>");
        foreach (var (text, value) in Statuses)
        {
            html.Append("<option value=\"").Append(text).Append('"').Append(filter.Status == value ? " selected" : string.Empty).Append('>').Append(E(text)).Append("</option>");
        }

        html.Append("</select></label><button type=\"submit\" class=\"secondary\" id=\"filter\">Filter</button><span class=\"muted\">")
            .Append(page.Total.ToString("N0", CultureInfo.InvariantCulture)).Append(" decisions</span></form>");

        html.Append("<table id=\"actions\"><thead><tr><th>#</th><th>Hour</th><th>Ad set</th><th>Stage</th><th>Policy</th><th>Proposed</th><th>Final</th>")
            .Append("<th>Verdict</th><th>Reasons</th><th>Status</th></tr></thead><tbody>");
        foreach (var r in page.Rows)
        {
            var verdict = Text(r.Verdict);
            var status = Text(r.Status);
            var proposed = Change(r.ProposedActionJson);
            var final = r.FinalActionJson is null ? "– (blocked)" : Change(r.FinalActionJson);
            html.Append("<tr data-verdict=\"").Append(E(verdict)).Append("\"><td>").Append(r.Id).Append("</td><td class=\"nowrap\">").Append(Time(r.Hour))
                .Append("</td><td class=\"mono nowrap\">").Append(E(AdSetText(r.AdSet))).Append("</td><td>").Append(E(Text(r.Mode)))
                .Append("</td><td>").Append(E(r.PolicyName)).Append(Checkpoint(r.CheckpointVersion))
                .Append("</td><td>").Append(E(proposed)).Append("</td><td>").Append(string.Equals(final, proposed, StringComparison.Ordinal) ? "<span class=\"muted\">as proposed</span>" : E(final))
                .Append("</td><td><span class=\"badge ").Append(E(verdict)).Append("\">").Append(E(verdict)).Append("</span></td><td>")
                .Append(string.Join("<br>", Reasons(r.GuardrailReasons).Select(E)))
                .Append("</td><td><span class=\"badge ").Append(E(status)).Append("\">").Append(E(status)).Append("</span>")
                .Append(r.Error is null ? string.Empty : $"<br><span class=\"neg\">{E(r.Error)}</span>").Append("</td></tr>");
        }

        if (page.Rows.Count == 0)
        {
            html.Append("<tr><td colspan=\"10\" class=\"muted\">No decision matches.</td></tr>");
        }

        html.Append("</tbody></table>");
        var pages = Math.Max(1, (int)((page.Total + PageSize - 1) / PageSize));
        html.Append("<div class=\"pager\">");
        if (filter.Page > 1)
        {
            html.Append("<a href=\"").Append(E(scope.Link("/dashboard/actions", filter.Query(filter.Page - 1)))).Append("\" rel=\"prev\">← newer</a>");
        }

        html.Append("<span>page ").Append(filter.Page).Append(" of ").Append(pages).Append("</span>");
        if (filter.Page < pages)
        {
            html.Append("<a href=\"").Append(E(scope.Link("/dashboard/actions", filter.Query(filter.Page + 1)))).Append("\" rel=\"next\">older →</a>");
        }

        html.Append("</div>");
        return html.ToString();
    }

    private sealed record Filter(GuardrailVerdict? Verdict, ActionStatus? Status, int Page)
    {
        public static Filter From(HttpRequest request)
        {
            var verdict = Verdicts.Where(v => string.Equals(v.Text, request.Query["verdict"], StringComparison.Ordinal)).Select(v => (GuardrailVerdict?)v.Value).FirstOrDefault();
            var status = Statuses.Where(s => string.Equals(s.Text, request.Query["status"], StringComparison.Ordinal)).Select(s => (ActionStatus?)s.Value).FirstOrDefault();
            var page = int.TryParse(request.Query["page"], NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? Math.Clamp(p, 1, 1_000_000) : 1;
            return new Filter(verdict, status, page);
        }

        public string Query(int page)
        {
            var parts = new List<string>();
            if (Verdict is { } v)
            {
                parts.Add("verdict=" + Text(v));
            }

            if (Status is { } s)
            {
                parts.Add("status=" + Text(s));
            }

            parts.Add("page=" + page.ToString(CultureInfo.InvariantCulture));
            return string.Join('&', parts);
        }
    }
}

using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;

namespace AdPilot.Web.Dashboard;

/// <summary>The dashboard's HTML: one layout, encoders, and the small pieces every page uses. Everything shown is encoded.</summary>
internal static class DashboardHtml
{
    /// <summary>The pages of the navigation bar: path and title.</summary>
    private static readonly (string Path, string Title)[] Nav =
    [
        ("/dashboard", "Overview"),
        ("/dashboard/policy", "Policy"),
        ("/dashboard/actions", "Actions log"),
        ("/dashboard/shadow", "Shadow comparison"),
        ("/dashboard/approvals", "Approvals"),
        ("/dashboard/experiments", "Experiments"),
        ("/dashboard/killswitch", "Kill switch"),
        ("/dashboard/audit", "Audit"),
    ];

    /// <summary>HTML-encodes text.</summary>
    public static string E(string? text) => HtmlEncoder.Default.Encode(text ?? string.Empty);

    /// <summary>Encodes a query value.</summary>
    public static string Q(string? text) => UrlEncoder.Default.Encode(text ?? string.Empty);

    /// <summary>An amount in the store currency, e.g. <c>1,234.50 EUR</c>.</summary>
    public static string Money(decimal amount, string currency) =>
        E(string.Create(CultureInfo.InvariantCulture, $"{Math.Round(amount, 2, MidpointRounding.AwayFromZero):N2} {currency}"));

    /// <summary>A ratio with two decimals, or a dash.</summary>
    public static string Ratio(decimal? value) => value is { } v ? E(v.ToString("0.00", CultureInfo.InvariantCulture)) : "–";

    /// <summary>A UTC instant as <c>2026-03-01 14:00Z</c>.</summary>
    public static string Time(DateTimeOffset? at) => at is { } t ? E(t.ToUniversalTime().ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture)) : "–";

    /// <summary>The hidden antiforgery field for a form that changes state.</summary>
    public static string Antiforgery(HttpContext context, IAntiforgery antiforgery)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        return $"<input type=\"hidden\" name=\"{E(tokens.FormFieldName)}\" value=\"{E(tokens.RequestToken)}\">";
    }

    /// <summary>A whole page: head, the navigation (when signed in), the store picker and the body.</summary>
    public static IResult Page(
        HttpContext context, IAntiforgery antiforgery, string title, string? activePath, StoreScope? scope, string body, int statusCode = StatusCodes.Status200OK)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy =
            "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-store";
        var html = new StringBuilder(8 * 1024);
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>").Append(E(title)).Append(" · AdPilot</title>")
            .Append("<link rel=\"stylesheet\" href=\"/assets/dashboard.css\">")
            .Append("<script src=\"/assets/chart.umd.min.js\" defer></script><script src=\"/assets/dashboard.js\" defer></script>")
            .Append("</head><body>");
        html.Append("<header><div class=\"brand\">AdPilot</div>");
        if (activePath is not null)
        {
            html.Append("<nav>");
            foreach (var (path, name) in Nav)
            {
                html.Append("<a href=\"").Append(E(scope?.Link(path) ?? path)).Append('"')
                    .Append(string.Equals(path, activePath, StringComparison.Ordinal) ? " class=\"active\" aria-current=\"page\"" : string.Empty)
                    .Append('>').Append(E(name)).Append("</a>");
            }

            html.Append("</nav><div class=\"who\">");
            if (scope is not null && scope.Stores.Count > 1)
            {
                html.Append("<form method=\"get\" class=\"picker\" action=\"").Append(E(activePath)).Append("\"><label>Store <select name=\"store\">");
                foreach (var store in scope.Stores)
                {
                    html.Append("<option value=\"").Append(store.Id.ToString(CultureInfo.InvariantCulture)).Append('"')
                        .Append(store.Id == scope.Store.Id ? " selected" : string.Empty).Append('>').Append(E(store.Profile.ShopDomain)).Append("</option>");
                }

                html.Append("</select></label><noscript><button>Show</button></noscript></form>");
            }
            else if (scope is not null)
            {
                html.Append("<span class=\"store\">").Append(E(scope.Store.Profile.ShopDomain)).Append("</span>");
            }

            html.Append("<span class=\"user\">").Append(E(context.User.Identity?.Name)).Append("</span>")
                .Append("<form method=\"post\" action=\"/logout\">").Append(Antiforgery(context, antiforgery)).Append("<button class=\"link\">Sign out</button></form>")
                .Append("</div>");
        }

        html.Append("</header><main><h1>").Append(E(title)).Append("</h1>").Append(body).Append("</main></body></html>");
        return Results.Content(html.ToString(), "text/html; charset=utf-8", Encoding.UTF8, statusCode);
    }

    /// <summary>A notice box.</summary>
    public static string Notice(string text, string kind = "info") => $"<p class=\"notice {E(kind)}\" role=\"status\">{E(text)}</p>";
}

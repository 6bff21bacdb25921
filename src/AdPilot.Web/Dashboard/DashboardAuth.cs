using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static AdPilot.Web.Dashboard.DashboardHtml;

namespace AdPilot.Web.Dashboard;

/// <summary>
/// Sign-in for the dashboard: a cookie session opened by a form that takes the admin token or password, or
/// <c>Authorization: Bearer &lt;token&gt;</c> on each request (scripts); antiforgery on every form that changes state.
/// </summary>
internal static class DashboardAuth
{
    /// <summary>The scheme that picks bearer or cookie per request.</summary>
    public const string Scheme = "AdPilot";

    /// <summary>The claim naming how the user signed in: <c>token</c>, <c>password</c> or <c>bearer</c>.</summary>
    public const string MethodClaim = "adpilot:signin";

    /// <summary>The path prefix of the JSON endpoints, which answer 401 rather than redirect to the sign-in form.</summary>
    public const string ApiPrefix = "/dashboard/api";

    public static IServiceCollection AddDashboardAuth(this IServiceCollection services)
    {
        services.AddSingleton(p => new DashboardCredentials(p.GetRequiredService<WebOptions>()));
        // Sessions and the sign-in throttle run on the real clock, not the injected one: the demo's and the tests' clock is
        // the simulated world's, whose hours pass in milliseconds (or not at all once a demo run ends).
        services.AddSingleton(_ => new SignInThrottle(TimeProvider.System));

        // Sessions and antiforgery tokens are signed with keys held in memory: a restart signs people out, and no key is
        // written to disk unencrypted.
        services.AddDataProtection().SetApplicationName("adpilot-dashboard");
        services.Configure<KeyManagementOptions>(o =>
        {
            o.XmlRepository = new InMemoryXmlRepository();
            o.XmlEncryptor = new NullXmlEncryptor();
        });
        services.AddAuthentication(Scheme)
            .AddPolicyScheme(Scheme, "Cookie or bearer", o => o.ForwardDefaultSelector = context =>
                BearerTokenHandler.HasBearer(context.Request.Headers.Authorization) ? BearerTokenHandler.SchemeName : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(o =>
            {
                o.Cookie.Name = "adpilot_session";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.SlidingExpiration = true;
                o.LoginPath = "/login";
                o.LogoutPath = "/logout";
                o.AccessDeniedPath = "/login";
                o.Events.OnRedirectToLogin = context =>
                {
                    if (context.Request.Path.StartsWithSegments(ApiPrefix, StringComparison.OrdinalIgnoreCase) || context.Request.Method != HttpMethods.Get)
                    {
                        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                        context.Response.Headers.WWWAuthenticate = "Bearer";
                        return Task.CompletedTask;
                    }

                    context.Response.Redirect(context.RedirectUri);
                    return Task.CompletedTask;
                };
            })
            .AddScheme<AuthenticationSchemeOptions, BearerTokenHandler>(BearerTokenHandler.SchemeName, null);
        services.PostConfigure<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme, o => o.TimeProvider = TimeProvider.System);
        services.AddAuthorization();
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "adpilot_csrf";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.FormFieldName = "__csrf";
            o.HeaderName = "X-CSRF-Token";
        });
        return services;
    }

    public static IEndpointRouteBuilder MapSignIn(this IEndpointRouteBuilder app)
    {
        app.MapGet("/login", (HttpContext context, IAntiforgery antiforgery, string? returnUrl) =>
            context.User.Identity?.IsAuthenticated == true
                ? Results.Redirect(LocalOrDefault(returnUrl))
                : SignInPage(context, antiforgery, returnUrl, null, StatusCodes.Status200OK));

        app.MapPost("/login", async (
            HttpContext context, IAntiforgery antiforgery, DashboardCredentials credentials, SignInThrottle throttle, ILoggerFactory loggers, IFormCollection form) =>
        {
            var log = loggers.CreateLogger(typeof(DashboardAuth).FullName!);
            string? secret = form["credential"];
            string? returnUrl = form["returnUrl"];
            var remote = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
            if (!throttle.Allows(remote))
            {
                log.SignInThrottled(remote);
                return SignInPage(context, antiforgery, returnUrl, "Too many refused sign-ins from this address: try again in a few minutes.", StatusCodes.Status429TooManyRequests);
            }

            if (!credentials.IsTokenOrPassword(secret))
            {
                throttle.Failed(remote);
                log.SignInFailed(remote);
                return SignInPage(context, antiforgery, returnUrl, "That token or password is not right.", StatusCodes.Status401Unauthorized);
            }

            throttle.Succeeded(remote);

            var name = ((string?)form["name"])?.Trim() is { Length: > 0 } given ? Clean(given) : "admin";
            var method = credentials.IsToken(secret) ? "token" : "password";
            var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, name), new Claim(MethodClaim, method)], CookieAuthenticationDefaults.AuthenticationScheme);
            await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity)).ConfigureAwait(false);
            log.SignedIn(name, remote);
            return Results.Redirect(LocalOrDefault(returnUrl));
        });

        app.MapPost("/logout", async (HttpContext context, ILoggerFactory loggers, IFormCollection form) =>
        {
            _ = form; // bound so the antiforgery token is checked
            if (context.User.Identity?.IsAuthenticated == true)
            {
                loggers.CreateLogger(typeof(DashboardAuth).FullName!).SignedOut(context.User.Identity.Name ?? "unknown");
            }

            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme).ConfigureAwait(false);
            return Results.Redirect("/login");
        });
        return app;
    }

    /// <summary>Who decides, as recorded with approvals: the name given at sign-in, marked as coming from the dashboard.</summary>
    public static string Who(HttpContext context) => Actor(context).Text;

    /// <summary>The signed-in user as the audit trail records them: <c>dashboard:NAME</c>.</summary>
    public static Storage.Audit.AdminActor Actor(HttpContext context) =>
        Storage.Audit.AdminActor.Of(Storage.Audit.AdminSource.Dashboard, context.User.Identity?.Name ?? "unknown");

    /// <summary>A redirect target that stays on this site: a local path, else the overview.</summary>
    private static string LocalOrDefault(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl[0] == '/' && (returnUrl.Length == 1 || (returnUrl[1] != '/' && returnUrl[1] != '\\'))
            ? returnUrl
            : "/dashboard";

    /// <summary>A display name: printable characters only, at most 64.</summary>
    private static string Clean(string name)
    {
        var kept = new StringBuilder(Math.Min(name.Length, 64));
        foreach (var c in name)
        {
            if (!char.IsControl(c) && kept.Length < 64)
            {
                kept.Append(c);
            }
        }

        return kept.Length == 0 ? "admin" : kept.ToString();
    }

    private static IResult SignInPage(HttpContext context, IAntiforgery antiforgery, string? returnUrl, string? error, int statusCode)
    {
        var body = new StringBuilder();
        if (error is not null)
        {
            body.Append("<p class=\"notice error\" role=\"alert\" id=\"signin-error\">").Append(E(error)).Append("</p>");
        }

        body.Append("<form method=\"post\" action=\"/login\" class=\"card signin\">")
            .Append(Antiforgery(context, antiforgery))
            .Append("<input type=\"hidden\" name=\"returnUrl\" value=\"").Append(E(LocalOrDefault(returnUrl))).Append("\">")
            .Append("<label>Admin token or password<input type=\"password\" name=\"credential\" id=\"credential\" autocomplete=\"current-password\" required autofocus></label>")
            .Append("<label>Your name <small>(recorded with the approvals you decide)</small><input type=\"text\" name=\"name\" id=\"name\" maxlength=\"64\" autocomplete=\"username\"></label>")
            .Append("<button type=\"submit\" id=\"signin\">Sign in</button></form>");
        return Page(context, antiforgery, "Sign in", null, null, body.ToString(), statusCode);
    }
}

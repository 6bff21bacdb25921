using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AdPilot.Web.Dashboard;

/// <summary><c>Authorization: Bearer &lt;admin token&gt;</c> for scripts reading the dashboard's JSON.</summary>
internal sealed class BearerTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory loggerFactory, UrlEncoder encoder, DashboardCredentials credentials)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "AdPilotBearer";

    private const string Prefix = "Bearer ";

    private readonly ILogger _log = loggerFactory.CreateLogger<BearerTokenHandler>();

    /// <summary>Whether a request carries a bearer token (the policy scheme sends it here rather than to the cookie).</summary>
    public static bool HasBearer(string? authorization) =>
        authorization is not null && authorization.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase);

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (!HasBearer(header))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (!credentials.IsToken(header![Prefix.Length..].Trim()))
        {
            _log.BearerRefused(Request.Path, Context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
            return Task.FromResult(AuthenticateResult.Fail("The bearer token is not the admin token."));
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "token"), new Claim(DashboardAuth.MethodClaim, "bearer")], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }
}

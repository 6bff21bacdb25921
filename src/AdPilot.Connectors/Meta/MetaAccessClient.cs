using System.Globalization;
using AdPilot.Connectors.Access;
using AdPilot.Core.Platforms;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using static AdPilot.Connectors.Json.JsonFields;

namespace AdPilot.Connectors.Meta;

/// <summary>
/// Reads what onboarding verifies on Meta: the token's permissions (<c>GET /me/permissions</c>), its validity and expiry
/// (<c>GET /debug_token?input_token=…</c>), an ad account's currency, time zone and status (<c>GET /act_{id}</c>) and
/// which of its campaigns own their budget (<c>GET /act_{id}/campaigns</c>).
/// </summary>
public sealed class MetaAccessClient
{
    private readonly MetaGraph _graph;

    /// <summary>Initializes a new instance of the <see cref="MetaAccessClient"/> class.</summary>
    /// <param name="httpClient">The typed client from <c>IHttpClientFactory</c>.</param>
    /// <param name="options">Meta's options.</param>
    /// <param name="pacer">The pacer shared by the Meta clients.</param>
    /// <param name="timeProvider">The clock throttle waits run on.</param>
    /// <param name="logger">The logger.</param>
    public MetaAccessClient(
        HttpClient httpClient, IOptions<MetaOptions> options, MetaPacer pacer, TimeProvider timeProvider, ILogger<MetaAccessClient> logger)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(pacer);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _graph = new MetaGraph(httpClient, options.Value, pacer, timeProvider, logger);
    }

    /// <summary>Reads the token's permissions and, from <c>debug_token</c>, whether it is valid and when it expires.</summary>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The grant; <see cref="TokenGrant.ExpiresAt"/> is null for a token that does not expire.</returns>
    /// <exception cref="PlatformException">A read failed; an expired or invalid token is <see cref="PlatformAuthenticationException"/>.</exception>
    public async Task<TokenGrant> GetTokenGrantAsync(CancellationToken cancellationToken)
    {
        var context = new PlatformErrorContext(ExternalApi.Meta, null);
        var granted = new List<string>();
        var declined = new List<string>();
        var permissionsUri = _graph.Url("me/permissions", []);
        using (var document = await _graph.ReadAsync(() => new HttpRequestMessage(HttpMethod.Get, permissionsUri), context, cancellationToken)
            .ConfigureAwait(false))
        {
            var root = RequireObject(document.RootElement, "$", context);
            foreach (var (item, path) in RequiredArray(root, "data", "", context))
            {
                var permission = RequiredString(item, "permission", path, context);
                (RequiredString(item, "status", path, context) == "granted" ? granted : declined).Add(permission);
            }
        }

        var debugUri = _graph.Url("debug_token", [("input_token", _graph.Options.AccessToken)]);
        using var debug = await _graph.ReadAsync(() => new HttpRequestMessage(HttpMethod.Get, debugUri), context, cancellationToken)
            .ConfigureAwait(false);
        var data = Required(RequireObject(debug.RootElement, "$", context), "data", "", context);
        var valid = RequiredBoolean(data, "is_valid", "data", context);
        var expiresAt = OptionalInt64(data, "expires_at", "data", context) is { } seconds and > 0
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : (DateTimeOffset?)null;
        return new TokenGrant(valid, granted, declined, expiresAt);
    }

    /// <summary>Reads the ad account's name, currency, time zone and status.</summary>
    /// <param name="accountId">The ad account id, without <c>act_</c>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The account's profile.</returns>
    /// <exception cref="PlatformException">
    /// The read failed; an account the token cannot see is <see cref="PlatformRequestRejectedException"/> (code 100).
    /// </exception>
    public async Task<AccountProfile> GetAccountAsync(string accountId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(accountId);
        var context = new PlatformErrorContext(ExternalApi.Meta, accountId);
        var uri = _graph.Url($"act_{Uri.EscapeDataString(accountId)}", [("fields", "id,name,currency,timezone_name,account_status")]);
        using var document = await _graph.ReadAsync(() => new HttpRequestMessage(HttpMethod.Get, uri), context, cancellationToken)
            .ConfigureAwait(false);
        var root = RequireObject(document.RootElement, "$", context);
        var status = OptionalInt64(root, "account_status", "", context) ?? 0;

        // account_status 1 is ACTIVE; 2 disabled, 3 unsettled, 7 pending review, 9 in grace period, 101 closed.
        return new AccountProfile(
            accountId,
            OptionalString(root, "name", "", context),
            RequiredString(root, "currency", "", context),
            RequiredString(root, "timezone_name", "", context),
            status.ToString(CultureInfo.InvariantCulture),
            status is 1 or 9);
    }

    /// <summary>Lists every ad account the token can see (<c>GET /me/adaccounts</c>), following the pages.</summary>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>Each account's profile, ids without <c>act_</c>.</returns>
    /// <exception cref="PlatformException">A read failed; a refused token is <see cref="PlatformAuthenticationException"/>.</exception>
    public async Task<IReadOnlyList<AccountProfile>> ListAdAccountsAsync(CancellationToken cancellationToken)
    {
        var context = new PlatformErrorContext(ExternalApi.Meta, null);
        var accounts = new List<AccountProfile>();
        string? after = null;
        for (var page = 0; page < 100; page++)
        {
            (string, string)[] parameters = after is null
                ? [("fields", "id,account_id,name,currency,timezone_name,account_status"), ("limit", _graph.Options.PageSize.ToString(CultureInfo.InvariantCulture))]
                : [("fields", "id,account_id,name,currency,timezone_name,account_status"), ("limit", _graph.Options.PageSize.ToString(CultureInfo.InvariantCulture)), ("after", after)];
            var uri = _graph.Url("me/adaccounts", parameters);
            using var document = await _graph.ReadAsync(() => new HttpRequestMessage(HttpMethod.Get, uri), context, cancellationToken).ConfigureAwait(false);
            var root = RequireObject(document.RootElement, "$", context);
            foreach (var (item, path) in RequiredArray(root, "data", "", context))
            {
                var id = RequiredString(item, "id", path, context);
                var status = OptionalInt64(item, "account_status", path, context) ?? 0;
                accounts.Add(new AccountProfile(
                    OptionalString(item, "account_id", path, context) ?? (id.StartsWith("act_", StringComparison.Ordinal) ? id[4..] : id),
                    OptionalString(item, "name", path, context),
                    RequiredString(item, "currency", path, context),
                    RequiredString(item, "timezone_name", path, context),
                    status.ToString(CultureInfo.InvariantCulture),
                    status is 1 or 9));
            }

            after = Optional(root, "paging") is { } paging && Optional(paging, "next") is not null
                && Optional(paging, "cursors") is { } cursors ? OptionalString(cursors, "after", "paging.cursors", context) : null;
            if (after is null)
            {
                break;
            }
        }

        return accounts;
    }

    /// <summary>Reads the account's campaigns and whether each owns its budget (a non-zero campaign daily or lifetime budget).</summary>
    /// <param name="accountId">The ad account id, without <c>act_</c>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The campaigns, first page only (up to the configured page size).</returns>
    /// <exception cref="PlatformException">The read failed.</exception>
    public async Task<IReadOnlyList<CampaignBudget>> GetCampaignBudgetsAsync(string accountId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(accountId);
        var context = new PlatformErrorContext(ExternalApi.Meta, accountId);
        var uri = _graph.Url(
            $"act_{Uri.EscapeDataString(accountId)}/campaigns",
            [("fields", "id,name,daily_budget,lifetime_budget"), ("limit", _graph.Options.PageSize.ToString(CultureInfo.InvariantCulture))]);
        using var document = await _graph.ReadAsync(() => new HttpRequestMessage(HttpMethod.Get, uri), context, cancellationToken)
            .ConfigureAwait(false);
        var root = RequireObject(document.RootElement, "$", context);
        return RequiredArray(root, "data", "", context)
            .Select(x => new CampaignBudget(
                RequiredString(x.Item, "id", x.Path, context),
                OptionalString(x.Item, "name", x.Path, context),
                Positive(OptionalString(x.Item, "daily_budget", x.Path, context)) || Positive(OptionalString(x.Item, "lifetime_budget", x.Path, context))))
            .ToList();
    }

    private static bool Positive(string? minorUnits) =>
        long.TryParse(minorUnits, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0;
}

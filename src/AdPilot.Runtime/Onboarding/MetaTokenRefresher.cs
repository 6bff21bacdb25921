using System.Globalization;
using AdPilot.Connectors.Meta;
using AdPilot.Core.Platforms;
using AdPilot.Runtime.Alerts;
using AdPilot.Storage.Alerts;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Onboarding;
using AdPilot.Storage.Secrets;

namespace AdPilot.Runtime.Onboarding;

/// <summary>
/// Keeps the stored Meta long-lived token alive (issue 9). When it expires within
/// <see cref="TokenRefreshOptions.RefreshWithinDays"/>, it is exchanged for a new one through Meta's documented
/// <c>oauth/access_token?grant_type=fb_exchange_token</c> (with <c>set_token_expires_in_60_days=true</c>, Meta's refresh of
/// an expiring system-user token), and the new token and expiry are stored. When that fails, when the token already
/// expired (Meta exchanges only a valid token), or when the answer does not push the expiry back, an alert
/// (<see cref="AlertKinds.TokenExpiry"/>, one per store, resolved by the next success) names the platform and the days
/// left, never the token.
/// </summary>
/// <param name="database">The database (the connection, the secrets).</param>
/// <param name="oauth">Meta's token exchange.</param>
/// <param name="alerts">The alerts.</param>
/// <param name="options">When to refresh.</param>
/// <param name="time">The clock.</param>
public sealed class MetaTokenRefresher(StorageDatabase database, MetaOAuthClient oauth, AlertService alerts, TokenRefreshOptions options, TimeProvider time)
{
    /// <summary>The dedupe key of the Meta token's alert.</summary>
    public static readonly string AlertKey = AlertKinds.KeyOf(AlertKinds.TokenExpiry, "meta");

    /// <summary>Looks at a store's Meta token and refreshes it when due.</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="key">The key the secrets are encrypted with.</param>
    /// <param name="apiVersion">The Graph version.</param>
    /// <param name="defaultBaseUrl">The Graph root when the connection recorded none.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>What was done.</returns>
    public async Task<TokenRefreshOutcome> RunAsync(long storeId, SecretKey key, string apiVersion, Uri defaultBaseUrl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(defaultBaseUrl);
        var connections = new PlatformConnectionStore(database, time);
        var connection = await connections.GetAsync(storeId, "meta", cancellationToken).ConfigureAwait(false);
        if (connection is null)
        {
            return TokenRefreshOutcome.NotConnected;
        }

        var now = time.GetUtcNow();
        if (connection.TokenExpiresAt is not { } expires || expires - now > TimeSpan.FromDays(options.RefreshWithinDays))
        {
            return TokenRefreshOutcome.Fresh;
        }

        var left = DaysLeft(expires, now);
        var when = expires.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
        const string Reconnect = "Run 'adpilot connect meta' with a fresh user token.";
        if (expires <= now)
        {
            return await FailAsync(storeId, $"The Meta access token expired at {when} and cannot be refreshed (Meta exchanges only a valid token): Meta reads and budget changes fail until it is replaced. {Reconnect}", cancellationToken).ConfigureAwait(false);
        }

        var secrets = new SecretStore(database, time);
        var token = await secrets.GetAsync(storeId, "META_LONG_LIVED_TOKEN", key, cancellationToken).ConfigureAwait(false);
        var appSecret = await secrets.GetAsync(storeId, "META_APP_SECRET", key, cancellationToken).ConfigureAwait(false);
        if (token is null || appSecret is null || string.IsNullOrEmpty(connection.AppId))
        {
            return await FailAsync(storeId, $"The Meta access token expires at {when} ({left} left) and cannot be refreshed: the app id, the app secret or the token is not stored. {Reconnect}", cancellationToken).ConfigureAwait(false);
        }

        try
        {
            var root = connection.BaseUrl is { } stored ? new Uri(stored) : defaultBaseUrl;
            var issued = await oauth.ExchangeAsync(root, apiVersion, connection.AppId, appSecret, token, cancellationToken).ConfigureAwait(false);
            if (issued.ExpiresAt is not { } next || next <= expires)
            {
                return await FailAsync(storeId, $"The Meta access token expires at {when} ({left} left) and Meta's refresh did not extend it (a user token is not extended by an exchange). {Reconnect}", cancellationToken).ConfigureAwait(false);
            }

            await secrets.SetAsync(storeId, "META_LONG_LIVED_TOKEN", issued.Value, key, cancellationToken).ConfigureAwait(false);
            await connections.RecordRefreshAsync(storeId, "meta", next, cancellationToken).ConfigureAwait(false);
            await alerts.ResolveAsync(
                storeId,
                AlertKinds.TokenExpiry,
                AlertKey,
                $"The Meta access token was refreshed; it now expires at {next.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)}",
                cancellationToken).ConfigureAwait(false);
            return TokenRefreshOutcome.Refreshed;
        }
        catch (PlatformException ex)
        {
            return await FailAsync(storeId, $"The Meta access token expires at {when} ({left} left) and refreshing it failed: {ex.Message}. {Reconnect}", cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<TokenRefreshOutcome> FailAsync(long storeId, string message, CancellationToken cancellationToken)
    {
        await alerts.RaiseAsync(storeId, AlertKinds.TokenExpiry, AlertSeverity.Critical, AlertKey, message, cancellationToken).ConfigureAwait(false);
        return TokenRefreshOutcome.Failed;
    }

    private static string DaysLeft(DateTimeOffset expires, DateTimeOffset now)
    {
        var days = (expires - now).TotalDays;
        return days >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{Math.Floor(days):0} day{(Math.Floor(days) == 1 ? "" : "s")}")
            : string.Create(CultureInfo.InvariantCulture, $"{Math.Max(0, Math.Floor((expires - now).TotalHours)):0} hours");
    }
}

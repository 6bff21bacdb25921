using System.Net.Http.Headers;
using System.Text.Json;
using AdPilot.Storage.Alerts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AdPilot.Runtime.Alerts;

/// <summary>
/// The alerts' sinks beside the dashboard's <c>alerts</c> table: the log (structured, event ids 8000–8001) and, when
/// <see cref="AlertOptions.SlackWebhookUrl"/> is set, a Slack-compatible incoming webhook (<c>POST {"text": …}</c>) with a
/// timeout and a few retries. Callers tell it only what changed (a new alert, a resolved one), so a condition that
/// persists is told once.
/// </summary>
/// <remarks>
/// A failed post is logged (without the URL, which is a secret) and dropped: it never fails the caller. The webhook's
/// client has no request logging (the factory's would print the URL), and its retries are the only ones.
/// </remarks>
public sealed class AlertNotifier
{
    /// <summary>The name of the webhook's client in the HTTP client factory.</summary>
    public const string HttpClientName = "AdPilot.Alerts.Webhook";

    private readonly Uri? _webhook;
    private readonly TimeSpan _timeout;
    private readonly int _retries;
    private readonly TimeSpan _retryDelay;
    private readonly TimeProvider _time;
    private readonly IHttpClientFactory? _httpClientFactory;
    private readonly ILogger _logger;

    /// <summary>Initializes a new instance of the <see cref="AlertNotifier"/> class.</summary>
    /// <param name="options">The settings (copied once); the defaults when null.</param>
    /// <param name="time">The clock of the timeout and the retry waits.</param>
    /// <param name="httpClientFactory">Makes the webhook's client; without one nothing is posted.</param>
    /// <param name="logger">The logger; none when null.</param>
    public AlertNotifier(AlertOptions? options, TimeProvider time, IHttpClientFactory? httpClientFactory = null, ILogger<AlertNotifier>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        options ??= new AlertOptions();
        _webhook = options.SlackUri();
        _timeout = options.SlackTimeout;
        _retries = options.SlackRetries;
        _retryDelay = options.SlackRetryDelay;
        _time = time;
        _httpClientFactory = httpClientFactory;
        _logger = logger ?? NullLogger<AlertNotifier>.Instance;
    }

    /// <summary>Tells the sinks that an alert was raised.</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="kind">The kind.</param>
    /// <param name="severity">How urgent.</param>
    /// <param name="key">The dedupe key.</param>
    /// <param name="message">What happened.</param>
    /// <param name="cancellationToken">Cancels the post.</param>
    /// <returns>A task that completes when the sinks have it (or the post was given up).</returns>
    public Task RaisedAsync(long storeId, string kind, AlertSeverity severity, string key, string message, CancellationToken cancellationToken)
    {
        var level = severity.ToString().ToLowerInvariant();
        _logger.AlertRaised(storeId, kind, level, key, message);
        return PostAsync(kind, $"AdPilot alert ({level}, store {storeId}): {message}", cancellationToken);
    }

    /// <summary>Tells the sinks that an alert was resolved (the recovery message).</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="kind">The kind.</param>
    /// <param name="key">The dedupe key.</param>
    /// <param name="message">What is back to normal.</param>
    /// <param name="cancellationToken">Cancels the post.</param>
    /// <returns>A task that completes when the sinks have it (or the post was given up).</returns>
    public Task ResolvedAsync(long storeId, string kind, string key, string message, CancellationToken cancellationToken)
    {
        _logger.AlertResolved(storeId, kind, key, message);
        return PostAsync(kind, $"AdPilot resolved (store {storeId}): {message}", cancellationToken);
    }

    private async Task PostAsync(string kind, string text, CancellationToken cancellationToken)
    {
        if (_webhook is null || _httpClientFactory is null)
        {
            return;
        }

        var body = Body(text);
        var client = _httpClientFactory.CreateClient(HttpClientName);
        var reason = "not sent";
        var attempts = 0;
        for (var attempt = 0; attempt <= _retries; attempt++)
        {
            if (attempt > 0 && _retryDelay > TimeSpan.Zero)
            {
                await Task.Delay(_retryDelay * Math.Pow(2, attempt - 1), _time, cancellationToken).ConfigureAwait(false);
            }

            attempts++;
            using var timeout = new CancellationTokenSource(_timeout, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, _webhook)
                {
                    Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
                };
                using var response = await client.SendAsync(request, linked.Token).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }

                var status = (int)response.StatusCode;
                reason = $"HTTP {status}";
                if (status is >= 400 and < 500 and not 408 and not 429)
                {
                    // A refusal (a revoked webhook, a bad payload) does not change on retry.
                    break;
                }
            }
            catch (HttpRequestException ex)
            {
                // The exception's message may name the host; the reason names only the kind of failure.
                reason = $"not reachable: {ex.HttpRequestError}";
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                reason = "timed out";
            }
        }

        _logger.NotifyFailed(kind, attempts, reason);
    }

    private static byte[] Body(string text)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteString("text", text);
            writer.WriteEndObject();
        }

        return stream.ToArray();
    }
}

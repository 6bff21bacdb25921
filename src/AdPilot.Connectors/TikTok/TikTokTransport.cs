using System.Text.Json;
using AdPilot.Connectors.Http;
using AdPilot.Connectors.Json;
using AdPilot.Core.Platforms;
using Microsoft.Extensions.Logging;

namespace AdPilot.Connectors.TikTok;

/// <summary>
/// What every TikTok call shares: the <c>Access-Token</c> header, the envelope check (errors come with HTTP 200 and a
/// non-zero <c>code</c>; the typed error keeps <c>request_id</c>), and, for reads only, retries after TikTok throttled
/// the call (<see cref="ThrottleBackoff"/>).
/// </summary>
internal sealed class TikTokTransport
{
    private readonly HttpClient _httpClient;
    private readonly ThrottleBackoff _backoff;

    public TikTokTransport(HttpClient httpClient, TikTokOptions options, TimeProvider timeProvider, ILogger logger)
    {
        _httpClient = httpClient;
        Options = options;
        _backoff = new ThrottleBackoff(
            new ThrottlePolicy(options.MaxThrottleRetries, options.MaxThrottleWait, options.ThrottleBaseDelay), timeProvider, logger);
    }

    public TikTokOptions Options { get; }

    /// <summary>The URI of an API path (ending with a slash: without it TikTok answers 404).</summary>
    public Uri Url(string pathAndQuery) => new(Options.BaseUrl, $"{Options.ApiVersion}/{pathAndQuery}");

    /// <summary>Sends a read, retrying it after throttles; returns the document of a successful envelope.</summary>
    public Task<JsonDocument> ReadAsync(Func<HttpRequestMessage> request, PlatformErrorContext context, CancellationToken cancellationToken) =>
        _backoff.ExecuteAsync(token => SendOnceAsync(request, context, token), cancellationToken);

    /// <summary>Sends a write once: writes are retried only by the actuator, under its idempotency record.</summary>
    public Task<JsonDocument> WriteAsync(Func<HttpRequestMessage> request, PlatformErrorContext context, CancellationToken cancellationToken) =>
        SendOnceAsync(request, context, cancellationToken);

    private async Task<JsonDocument> SendOnceAsync(Func<HttpRequestMessage> build, PlatformErrorContext context, CancellationToken cancellationToken)
    {
        using var request = build();
        request.Headers.Add("Access-Token", Options.AccessToken);
        var (sent, body) = await PlatformHttp.SendAsync(_httpClient, request, context, cancellationToken).ConfigureAwait(false);
        using var response = sent;
        if (!response.IsSuccessStatusCode)
        {
            // An HTTP error means the request never reached the API (wrong path, outage); API errors come as 200.
            throw HttpStatusErrors.FromStatus(response, context, "the request did not reach the API");
        }

        var document = JsonFields.Parse(body, context);
        try
        {
            TikTokReportParser.RequireSuccess(document.RootElement, context);
            return document;
        }
        catch
        {
            document.Dispose();
            throw;
        }
    }
}

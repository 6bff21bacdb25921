using System.Text;
using System.Text.Json;
using AdPilot.Connectors.Http;
using AdPilot.Connectors.Json;
using AdPilot.Core.Platforms;
using Microsoft.Extensions.Logging;

namespace AdPilot.Connectors.Meta;

/// <summary>
/// What every Meta call shares: the credentials (<c>access_token</c> and <c>appsecret_proof</c>), pacing on the usage
/// headers (<see cref="MetaPacer"/>) and the typed errors. Reads are retried after throttles
/// (<see cref="ThrottleBackoff"/>); writes never are.
/// </summary>
internal sealed class MetaGraph
{
    private readonly HttpClient _httpClient;
    private readonly string _appSecretProof;
    private readonly MetaPacer _pacer;
    private readonly ThrottleBackoff _backoff;

    public MetaGraph(HttpClient httpClient, MetaOptions options, MetaPacer pacer, TimeProvider timeProvider, ILogger logger)
    {
        _httpClient = httpClient;
        Options = options;
        _pacer = pacer;
        _appSecretProof = AppSecretProof.Compute(options.AppSecret, options.AccessToken);
        _backoff = new ThrottleBackoff(
            new ThrottlePolicy(options.MaxThrottleRetries, options.MaxThrottleWait, options.ThrottleBaseDelay), timeProvider, logger);
    }

    public MetaOptions Options { get; }

    /// <summary>The URI of a Graph path (without the version) with the query parameters and the credentials.</summary>
    public Uri Url(string path, IEnumerable<(string Name, string Value)> parameters)
    {
        var builder = new StringBuilder();
        foreach (var (name, value) in parameters.Concat(Credentials()))
        {
            builder.Append(builder.Length == 0 ? "" : "&").Append(name).Append('=').Append(Uri.EscapeDataString(value));
        }

        return new Uri(Options.BaseUrl, $"{Options.ApiVersion}/{path}?{builder}");
    }

    /// <summary>A form body with the fields and the credentials.</summary>
    public FormUrlEncodedContent Form(IEnumerable<(string Name, string Value)> fields) =>
        new(fields.Concat(Credentials()).Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));

    /// <summary>The URI of a Graph path (without the version) for a POST whose parameters go in the form.</summary>
    public Uri PostUrl(string path) => new(Options.BaseUrl, $"{Options.ApiVersion}/{path}");

    /// <summary>Sends a read, pacing it and retrying it after throttles; <paramref name="request"/> builds each attempt.</summary>
    public Task<JsonDocument> ReadAsync(Func<HttpRequestMessage> request, PlatformErrorContext context, CancellationToken cancellationToken) =>
        _backoff.ExecuteAsync(token => SendOnceAsync(request, context, budgetWrite: false, token), cancellationToken);

    /// <summary>
    /// Sends a write once, paced but never retried: a write Meta throttled may be retried only by the actuator, with
    /// its idempotency record, and a budget change over Meta's hourly limit must reach the actuator at once as
    /// <see cref="PlatformChangeLimitException"/> (retrying it would extend the block).
    /// </summary>
    public Task<JsonDocument> WriteAsync(
        Func<HttpRequestMessage> request, PlatformErrorContext context, bool budgetWrite, CancellationToken cancellationToken) =>
        SendOnceAsync(request, context, budgetWrite, cancellationToken);

    private async Task<JsonDocument> SendOnceAsync(
        Func<HttpRequestMessage> build, PlatformErrorContext context, bool budgetWrite, CancellationToken cancellationToken)
    {
        var accountId = context.AccountId ?? "";
        await _pacer.WaitAsync(accountId, context, cancellationToken).ConfigureAwait(false);
        using var request = build();
        var (sent, body) = await PlatformHttp.SendAsync(_httpClient, request, context, cancellationToken).ConfigureAwait(false);
        using var response = sent;
        _pacer.Observe(accountId, MetaUsage.Read(response));
        return response.IsSuccessStatusCode
            ? JsonFields.Parse(body, context)
            : throw MetaErrors.FromResponse(response, body, context, budgetWrite);
    }

    private IEnumerable<(string Name, string Value)> Credentials() =>
        [("access_token", Options.AccessToken), ("appsecret_proof", _appSecretProof)];
}

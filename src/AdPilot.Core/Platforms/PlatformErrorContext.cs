namespace AdPilot.Core.Platforms;

/// <summary>Where a platform error came from: enough to find the call in the platform's own logs.</summary>
/// <param name="Api">The service that answered.</param>
/// <param name="AccountId">The ad account or shop the call was for, when known.</param>
/// <param name="ErrorCode">
/// The platform's error code as it printed it (Meta <c>80000/2446079</c>, TikTok <c>40100</c>, Shopify
/// <c>THROTTLED</c>, or an HTTP status), when there was one.
/// </param>
/// <param name="RequestId">The platform's request or trace id (Meta <c>fbtrace_id</c>, TikTok <c>request_id</c>).</param>
public sealed record PlatformErrorContext(ExternalApi Api, string? AccountId, string? ErrorCode = null, string? RequestId = null)
{
    /// <inheritdoc/>
    public override string ToString()
    {
        var text = AccountId is null ? Api.ToString() : $"{Api} account {AccountId}";
        if (ErrorCode is not null)
        {
            text += $", code {ErrorCode}";
        }

        if (RequestId is not null)
        {
            text += $", request {RequestId}";
        }

        return text;
    }
}

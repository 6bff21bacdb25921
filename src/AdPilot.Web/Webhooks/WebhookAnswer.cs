namespace AdPilot.Web.Webhooks;

/// <summary>The receiver's answer to a delivery.</summary>
/// <param name="Status">What became of it: stored, duplicate, ignored_topic, too_large, bad_signature, bad_request, unknown_shop, unavailable.</param>
/// <param name="Error">Why it was refused, when it was.</param>
internal sealed record WebhookAnswer(string Status, string? Error);

using System.ComponentModel.DataAnnotations;

namespace AdPilot.Web.Webhooks;

/// <summary>
/// Tuning of the webhook receiver's queue, bound from the <c>Webhooks</c> section (<c>WEBHOOKS__…</c>). The body limit
/// is <see cref="WebOptions.MaxWebhookBytes"/> and the signing secret <c>Shopify:WebhookSecret</c>.
/// </summary>
public sealed class WebhookReceiverOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Webhooks";

    /// <summary>
    /// Gets or sets how many group-commit writers store received webhooks side by side. Each takes every webhook waiting
    /// and stores them in one transaction; a second writer fills the next batch while the first commits.
    /// </summary>
    /// <value>The default value is 2 (SQLite takes one writer at a time whatever this says).</value>
    [Range(1, 16)]
    public int Writers { get; set; } = 2;

    /// <summary>Gets or sets the most webhooks one writer stores in one transaction.</summary>
    /// <value>The default value is 500.</value>
    [Range(1, 10_000)]
    public int WriteBatch { get; set; } = 500;

    /// <summary>Gets or sets the most webhooks the processor turns into orders in one go.</summary>
    /// <value>The default value is 256.</value>
    [Range(1, 10_000)]
    public int ProcessBatch { get; set; } = 256;

    /// <summary>
    /// Gets or sets how many waiting webhooks keep their payload in memory; beyond that the processor reads payloads back
    /// from the database, so a long backlog costs no memory.
    /// </summary>
    /// <value>The default value is 10,000.</value>
    [Range(0, 1_000_000)]
    public int MaxPayloadsInMemory { get; set; } = 10_000;

    /// <summary>
    /// Gets or sets the oldest <c>X-Shopify-Triggered-At</c> accepted: a verified delivery triggered longer ago is refused
    /// (<c>stale</c>) and nothing is stored. Shopify retries a failed delivery 8 times over 4 hours with its original
    /// headers (api-reference §3.6), so the default leaves 2 hours beyond the last retry for queueing and clock skew; a
    /// shorter window would refuse genuine retries. Webhooks are also polled for (reconciliation), so a refused late
    /// delivery is not a lost order.
    /// </summary>
    /// <value>The default value is 6 hours.</value>
    [Range(typeof(TimeSpan), "00:01:00", "3650.00:00:00")]
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromHours(6);

    /// <summary>
    /// Gets or sets how far in the future <c>X-Shopify-Triggered-At</c> may be (the two clocks' skew); later is refused
    /// (<c>future</c>).
    /// </summary>
    /// <value>The default value is 5 minutes.</value>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan MaxFutureSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Checks the options.</summary>
    /// <returns>Each problem, one sentence naming its key; empty when the options are valid.</returns>
    public IReadOnlyList<string> Validate()
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(this, new ValidationContext(this), results, validateAllProperties: true);
        return [.. results.Select(r => $"{SectionName}: {r.ErrorMessage}")];
    }
}

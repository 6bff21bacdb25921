using System.Globalization;

namespace AdPilot.Runtime.Alerts;

/// <summary>The alert rules' thresholds and the Slack sink, bound from the <c>Alerts</c> section.</summary>
/// <remarks>Money thresholds are in the store's currency (every figure they are compared with is).</remarks>
public sealed class AlertOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Alerts";

    /// <summary>Gets or sets a value indicating whether the rules are evaluated after each cycle.</summary>
    /// <value>The default value is true. Guardrail and kill-switch alerts are raised either way.</value>
    public bool Enabled { get; set; } = true;

    /// <summary>Gets or sets how many times an account's hour of spend must exceed its baseline to be a spike.</summary>
    /// <value>The default value is 2 (twice the baseline).</value>
    public decimal SpendSpikeFactor { get; set; } = 2m;

    /// <summary>Gets or sets the least spend in an account's hour that can be a spike (small amounts never alert).</summary>
    /// <value>The default value is 50, in the store's currency.</value>
    public decimal SpendSpikeMinSpend { get; set; } = 50m;

    /// <summary>
    /// Gets or sets the spike's baseline: <c>Trailing24Hours</c>, the account's mean hourly spend over the 24 hours before
    /// (hours without spend count as zero), or <c>SameHour</c>, its mean spend in the same UTC hour of the 7 days before.
    /// </summary>
    /// <value>The default value is <see cref="SpendBaseline.Trailing24Hours"/>.</value>
    public SpendBaseline SpendSpikeBaseline { get; set; } = SpendBaseline.Trailing24Hours;

    /// <summary>Gets or sets the hours of history with spend the baseline needs before a spike can be judged.</summary>
    /// <value>The default value is 6 (for <c>SameHour</c>, capped at the 7 days it looks at).</value>
    public int SpendSpikeMinHistoryHours { get; set; } = 6;

    /// <summary>Gets or sets the store ROAS (attributed revenue ÷ spend, over the trailing 24 hours) under which ROAS is low.</summary>
    /// <value>The default value is 1.0.</value>
    public decimal LowRoasThreshold { get; set; } = 1.0m;

    /// <summary>Gets or sets the least spend over those 24 hours for the ROAS to be judged.</summary>
    /// <value>The default value is 100, in the store's currency.</value>
    public decimal LowRoasMinSpend { get; set; } = 100m;

    /// <summary>Gets or sets how many failed API calls of an account's platform during its cycle raise an API-failure alert (a failed cycle always does).</summary>
    /// <value>The default value is 5.</value>
    public int ApiErrorThreshold { get; set; } = 5;

    /// <summary>Gets or sets the age of the oldest unprocessed webhook, in minutes, above which the queue lags.</summary>
    /// <value>The default value is 15.</value>
    public double QueueLagMinutes { get; set; } = 15;

    /// <summary>
    /// Gets or sets a Slack-compatible incoming webhook (<c>POST {"text": …}</c>) that receives each new alert and each
    /// recovery; none when empty. It is a secret: it is never logged nor put in an error.
    /// </summary>
    /// <value>The default value is none.</value>
    public string? SlackWebhookUrl { get; set; }

    /// <summary>Gets or sets how long one post to the webhook may take.</summary>
    /// <value>The default value is 10 seconds.</value>
    public TimeSpan SlackTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets or sets how many times a failed post is tried again.</summary>
    /// <value>The default value is 2.</value>
    public int SlackRetries { get; set; } = 2;

    /// <summary>Gets or sets the wait before the first retry; each further retry waits twice as long.</summary>
    /// <value>The default value is 1 second.</value>
    public TimeSpan SlackRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The problems of these settings, one sentence each naming its key; empty when valid.</summary>
    /// <returns>The problems.</returns>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        void Check(bool ok, string key, string rule, object value)
        {
            if (!ok)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"{SectionName}:{key} must be {rule}, got {value}."));
            }
        }

        Check(SpendSpikeFactor > 1, nameof(SpendSpikeFactor), "greater than 1", SpendSpikeFactor);
        Check(SpendSpikeMinSpend >= 0, nameof(SpendSpikeMinSpend), "0 or more", SpendSpikeMinSpend);
        Check(Enum.IsDefined(SpendSpikeBaseline), nameof(SpendSpikeBaseline), "Trailing24Hours or SameHour", SpendSpikeBaseline);
        Check(SpendSpikeMinHistoryHours is >= 1 and <= 24, nameof(SpendSpikeMinHistoryHours), "between 1 and 24", SpendSpikeMinHistoryHours);
        Check(LowRoasThreshold > 0, nameof(LowRoasThreshold), "greater than 0", LowRoasThreshold);
        Check(LowRoasMinSpend >= 0, nameof(LowRoasMinSpend), "0 or more", LowRoasMinSpend);
        Check(ApiErrorThreshold >= 1, nameof(ApiErrorThreshold), "1 or more", ApiErrorThreshold);
        Check(double.IsFinite(QueueLagMinutes) && QueueLagMinutes > 0, nameof(QueueLagMinutes), "a number of minutes greater than 0", QueueLagMinutes);
        Check(SlackTimeout > TimeSpan.Zero && SlackTimeout <= TimeSpan.FromMinutes(5), nameof(SlackTimeout), "between 0 and 5 minutes", SlackTimeout);
        Check(SlackRetries is >= 0 and <= 10, nameof(SlackRetries), "between 0 and 10", SlackRetries);
        Check(SlackRetryDelay >= TimeSpan.Zero && SlackRetryDelay <= TimeSpan.FromMinutes(1), nameof(SlackRetryDelay), "between 0 and 1 minute", SlackRetryDelay);
        if (!string.IsNullOrWhiteSpace(SlackWebhookUrl) && SlackUri() is null)
        {
            // The value is a secret: the message names the key and the rule, never the value.
            problems.Add($"{SectionName}:{nameof(SlackWebhookUrl)} must be an absolute https URL (plain http only to a loopback address); the value given is not (not shown: it is a secret).");
        }

        return problems;
    }

    /// <summary>The webhook as a URI when it is set and acceptable (https, or http to a loopback address); otherwise null.</summary>
    /// <returns>The URI.</returns>
    internal Uri? SlackUri() =>
        !string.IsNullOrWhiteSpace(SlackWebhookUrl)
        && Uri.TryCreate(SlackWebhookUrl.Trim(), UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback))
            ? uri
            : null;
}

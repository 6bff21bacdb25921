using AdPilot.Runtime.Alerts;

namespace AdPilot.Runtime.Tests.Alerts;

public sealed class AlertOptionsTests
{
    [Fact]
    public void Validate_Defaults_AreValid() => Assert.Empty(new AlertOptions().Validate());

    [Fact]
    public void Validate_EveryBadValue_IsNamedByItsKey_AndTheWebhookNeverShown()
    {
        var options = new AlertOptions
        {
            SpendSpikeFactor = 1m,
            SpendSpikeMinSpend = -1m,
            SpendSpikeMinHistoryHours = 0,
            LowRoasThreshold = 0m,
            LowRoasMinSpend = -5m,
            ApiErrorThreshold = 0,
            QueueLagMinutes = double.NaN,
            SlackTimeout = TimeSpan.Zero,
            SlackRetries = -1,
            SlackRetryDelay = TimeSpan.FromMinutes(2),
            SlackWebhookUrl = "http://hooks.example.com/services/SECRETVALUE",
        };

        var problems = options.Validate();

        foreach (var key in new[]
        {
            "SpendSpikeFactor", "SpendSpikeMinSpend", "SpendSpikeMinHistoryHours", "LowRoasThreshold", "LowRoasMinSpend", "ApiErrorThreshold",
            "QueueLagMinutes", "SlackTimeout", "SlackRetries", "SlackRetryDelay", "SlackWebhookUrl",
        })
        {
            Assert.Contains(problems, p => p.StartsWith($"Alerts:{key} ", StringComparison.Ordinal));
        }

        Assert.Equal(11, problems.Count);
        Assert.DoesNotContain(problems, p => p.Contains("SECRETVALUE", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("https://hooks.slack.com/services/T/B/x", true)]
    [InlineData("http://127.0.0.1:8080/hook", true)]
    [InlineData("http://hooks.slack.com/services/T/B/x", false)]
    [InlineData("not a url", false)]
    public void Validate_Webhook_HttpsOrLoopbackOnly(string url, bool valid) =>
        Assert.Equal(valid, new AlertOptions { SlackWebhookUrl = url }.Validate().Count == 0);
}

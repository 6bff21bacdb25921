using System.Net;
using System.Text.Json;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Tests.Infrastructure;
using AdPilot.Web.Tests.Infrastructure;

namespace AdPilot.Web.Tests.Observability;

public sealed class HealthTests(PostgresCluster cluster)
{
    [Theory]
    [InlineData(DatabaseDialect.Sqlite)]
    [InlineData(DatabaseDialect.PostgreSql)]
    public async Task Health_answers_ok_without_sign_in_when_the_database_answers(DatabaseDialect dialect)
    {
        await using var web = await WebHarness.StartAsync(cluster, dialect);

        using var response = await web.Client.GetAsync(new Uri("health", UriKind.Relative), WebHarness.Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(WebHarness.Ct));
        Assert.Equal("ok", body.RootElement.GetProperty("status").GetString());
        Assert.Equal("ok", body.RootElement.GetProperty("database").GetString());
    }

    [Fact]
    public async Task Metrics_are_served_in_prometheus_text_format()
    {
        await using var web = await WebHarness.StartAsync(cluster, DatabaseDialect.Sqlite);
        web.Service<AdPilot.Runtime.Observability.AdPilotMetrics>().WebhookQueue(3, 1.5);

        using var response = await web.Client.GetAsync(new Uri("metrics", UriKind.Relative), WebHarness.Ct);
        var text = await response.Content.ReadAsStringAsync(WebHarness.Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("adpilot_webhooks_queue_depth", text, StringComparison.Ordinal);
    }
}

using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using AdPilot.Core.Domain;
using AdPilot.Core.Simulation;
using AdPilot.Sandbox.Faults;
using AdPilot.Sandbox.Tests.Meta;

namespace AdPilot.Sandbox.Tests.Faults;

/// <summary>One call to each kind of endpoint of a started sandbox, and its faults controls, answered as raw text.</summary>
internal static class FaultCalls
{
    public static Task<SandboxServer> StartAsync(string faultsJson, TimeProvider? serverTime = null) =>
        SandboxServer.StartAsync(DefaultFamily.Preset(), 0, TestContext.Current.CancellationToken, serverTime, faults: SandboxFaults.Parse(faultsJson));

    public static Task<Answer> MetaInsightsAsync(SandboxServer server) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, MetaUrls.Signed(server, server.Meta.AccountId + "/insights")));

    /// <summary>The same call as <see cref="MetaInsightsAsync"/>, which the client gives up when <paramref name="giveUp"/> fires.</summary>
    public static Task<Answer> MetaInsightsUntilAsync(SandboxServer server, CancellationToken giveUp) =>
        SendUntilAsync(new HttpRequestMessage(HttpMethod.Get, MetaUrls.Signed(server, server.Meta.AccountId + "/insights")), giveUp);

    public static Task<Answer> MetaAccountAsync(SandboxServer server) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, MetaUrls.Signed(server, server.Meta.AccountId, "fields=id,currency")));

    public static Task<Answer> MetaUpdateAsync(SandboxServer server, string adSetId, string status) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, new Uri(server.MetaBaseUrl, "v25.0/" + adSetId))
        {
            Content = new FormUrlEncodedContent([.. MetaUrls.Auth(server), new("status", status)]),
        });

    public static Task<Answer> MetaBatchAsync(SandboxServer server, string batch) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, new Uri(server.MetaBaseUrl, "v25.0/"))
        {
            Content = new FormUrlEncodedContent([.. MetaUrls.Auth(server), new("batch", batch), new("include_headers", "false")]),
        });

    public static Task<Answer> TikTokAdGroupsAsync(SandboxServer server)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(server.TikTokBaseUrl, $"adgroup/get/?advertiser_id={server.TikTokAdvertiserIds[0]}"));
        request.Headers.Add("Access-Token", server.Credentials.TikTokAccessToken);
        return SendAsync(request);
    }

    public static Task<Answer> ShopifyShopAsync(SandboxServer server)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server.ShopifyBaseUrl, "admin/api/2026-01/graphql.json"))
        {
            Content = new StringContent("""{"query":"{ shop { name } }"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Shopify-Access-Token", server.Credentials.ShopifyAdminToken);
        return SendAsync(request);
    }

    public static Task<Answer> ClockAsync(SandboxServer server) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, new Uri(server.BaseUrl, "_sandbox/clock")));

    public static Task<Answer> ControlAsync(SandboxServer server, HttpMethod method, string? json = null) =>
        SendAsync(new HttpRequestMessage(method, new Uri(server.BaseUrl, "_sandbox/faults"))
        {
            Content = json is null ? null : new StringContent(json, Encoding.UTF8, "application/json"),
        });

    /// <summary>The <c>injected</c> counter of each rule, from <c>GET /_sandbox/faults</c>.</summary>
    public static async Task<long[]> InjectedAsync(SandboxServer server)
    {
        var answer = await ControlAsync(server, HttpMethod.Get);
        return answer.Json().GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("injected").GetInt64()).ToArray();
    }

    /// <summary>Waits until rule 0 has hit <paramref name="count"/> times (the request reached the fault), with a generous limit against hangs.</summary>
    public static async Task WaitForInjectedAsync(SandboxServer server, long count)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        limit.CancelAfter(TimeSpan.FromSeconds(30));
        while ((await InjectedAsync(server))[0] < count)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(10), TimeProvider.System, limit.Token);
        }
    }

    public static SandboxAdSet MetaAdSet(SandboxServer server, int i = 0) => server.Meta.AdSets[i];

    public static bool IsActive(SandboxServer server, SandboxAdSet adSet) => server.World.SettingsOf(adSet.Index).Status == AdSetStatus.Active;

    public static Task<Answer> SendAsync(HttpRequestMessage request) => SendUntilAsync(request, TestContext.Current.CancellationToken);

    public static async Task<Answer> SendUntilAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken, cancellationToken);
            using var response = await TestHttp.Client.SendAsync(request, linked.Token);
            var body = await response.Content.ReadAsStringAsync(linked.Token);
            return new Answer((int)response.StatusCode, response.Headers, response.Content.Headers.ContentType?.MediaType, body);
        }
    }
}

/// <summary>An HTTP answer: status, headers, media type and body text.</summary>
internal sealed record Answer(int Status, HttpResponseHeaders Headers, string? MediaType, string Body)
{
    public JsonElement Json()
    {
        using var document = JsonDocument.Parse(Body);
        return document.RootElement.Clone();
    }

    public JsonElement Header(string name)
    {
        using var document = JsonDocument.Parse(Headers.GetValues(name).Single());
        return document.RootElement.Clone();
    }
}

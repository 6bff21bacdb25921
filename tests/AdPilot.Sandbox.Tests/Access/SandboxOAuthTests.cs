using System.Text;
using System.Text.Json;
using AdPilot.Core.Simulation;
using AdPilot.Sandbox.Access;
using AdPilot.Sandbox.Meta;
using AdPilot.Sandbox.Tests.Meta;
using Microsoft.Extensions.Time.Testing;

namespace AdPilot.Sandbox.Tests.Access;

/// <summary>The sandbox's token exchanges (Meta's fb_exchange_token, TikTok's auth code) and their failure modes.</summary>
public sealed class SandboxOAuthTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task MetaExchange_ShortLivedToken_IssuesALongLivedTokenThatReadsUntilItExpires()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero));
        await using var server = await SandboxServer.StartAsync(DefaultFamily.Preset(), 0, Ct, serverTime: time);

        var (status, body) = await TestHttp.GetJsonAsync(Exchange(server, server.Credentials.MetaAppId, server.Credentials.MetaAppSecret, server.Credentials.MetaShortLivedToken));

        Assert.Equal(200, status);
        Assert.Equal(60 * 24 * 3600, body.GetProperty("expires_in").GetInt64());
        var token = body.GetProperty("access_token").GetString()!;
        var proof = MetaSandbox.AppSecretProof(token, server.Credentials.MetaAppSecret);
        var read = MetaUrls.Raw(server, "me/adaccounts", $"fields=id,currency&access_token={Uri.EscapeDataString(token)}&appsecret_proof={proof}");
        var (okStatus, accounts) = await TestHttp.GetJsonAsync(read);
        Assert.Equal(200, okStatus);
        Assert.Equal(server.Meta.AccountId, Assert.Single(accounts.GetProperty("data").EnumerateArray()).GetProperty("id").GetString());

        time.Advance(TimeSpan.FromDays(61));
        var (expiredStatus, expired) = await TestHttp.GetJsonAsync(read);
        Assert.Equal(400, expiredStatus);
        Assert.Equal((190, 463), (expired.GetProperty("error").GetProperty("code").GetInt32(), expired.GetProperty("error").GetProperty("error_subcode").GetInt32()));
    }

    [Fact]
    public async Task MetaExchange_FailureModes_AnswerAsMetaDoes()
    {
        await using var server = await SandboxServer.StartAsync(DefaultFamily.Preset(), 0, Ct, access: new SandboxAccess { MetaShortLivedTokenExpired = true });
        var c = server.Credentials;

        var expired = await TestHttp.GetJsonAsync(Exchange(server, c.MetaAppId, c.MetaAppSecret, c.MetaShortLivedToken));
        var wrongSecret = await TestHttp.GetJsonAsync(Exchange(server, c.MetaAppId, "wrong", c.MetaShortLivedToken));
        var wrongApp = await TestHttp.GetJsonAsync(Exchange(server, "1", c.MetaAppSecret, c.MetaShortLivedToken));
        var unknown = await TestHttp.GetJsonAsync(Exchange(server, c.MetaAppId, c.MetaAppSecret, "EAAnot-a-token"));

        Assert.Equal(463, expired.Body.GetProperty("error").GetProperty("error_subcode").GetInt32());
        Assert.Equal("Error validating client secret.", wrongSecret.Body.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal(101, wrongApp.Body.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Equal(190, unknown.Body.GetProperty("error").GetProperty("code").GetInt32());
        Assert.All([expired, wrongSecret, wrongApp, unknown], r => Assert.Equal(400, r.Status));
    }

    [Fact]
    public async Task TikTokAuthCode_Exchanged_ThenAdvertisersListed_AndABadCodeOrSecretRefused()
    {
        await using var server = await SandboxServer.StartAsync(DefaultFamily.Preset(), 0, Ct, accountsPerPlatform: 2);
        var c = server.Credentials;

        var good = await PostAsync(server, c.TikTokAppId, c.TikTokAppSecret, c.TikTokAuthCode);
        var badCode = await PostAsync(server, c.TikTokAppId, c.TikTokAppSecret, "nope");
        var badSecret = await PostAsync(server, c.TikTokAppId, "nope", c.TikTokAuthCode);

        Assert.Equal(0, good.GetProperty("code").GetInt32());
        Assert.Equal(c.TikTokAccessToken, good.GetProperty("data").GetProperty("access_token").GetString());
        Assert.Equal(server.TikTokAdvertiserIds, good.GetProperty("data").GetProperty("advertiser_ids").EnumerateArray().Select(e => e.GetString()!));
        Assert.Equal(40002, badCode.GetProperty("code").GetInt32());
        Assert.Equal(40001, badSecret.GetProperty("code").GetInt32());

        using var request = new HttpRequestMessage(
            HttpMethod.Get, new Uri(server.TikTokBaseUrl, $"oauth2/advertiser/get/?app_id={c.TikTokAppId}&secret={c.TikTokAppSecret}"));
        request.Headers.Add("Access-Token", c.TikTokAccessToken);
        using var response = await TestHttp.Client.SendAsync(request, Ct);
        using var list = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal(
            server.TikTokAdvertiserIds,
            list.RootElement.GetProperty("data").GetProperty("list").EnumerateArray().Select(a => a.GetProperty("advertiser_id").GetString()!));
    }

    private static Uri Exchange(SandboxServer server, string appId, string secret, string token) => MetaUrls.Raw(
        server,
        "oauth/access_token",
        $"grant_type=fb_exchange_token&client_id={Uri.EscapeDataString(appId)}&client_secret={Uri.EscapeDataString(secret)}&fb_exchange_token={Uri.EscapeDataString(token)}");

    private static async Task<JsonElement> PostAsync(SandboxServer server, string appId, string secret, string code)
    {
        var json = JsonSerializer.Serialize(new Dictionary<string, string> { ["app_id"] = appId, ["secret"] = secret, ["auth_code"] = code });
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await TestHttp.Client.PostAsync(new Uri(server.TikTokBaseUrl, "oauth2/access_token/"), content, Ct);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        return body.RootElement.Clone();
    }
}

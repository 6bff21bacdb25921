using System.Text.Json;
using AdPilot.Core.Simulation;
using AdPilot.Sandbox.Meta;

namespace AdPilot.Sandbox.Tests.Meta;

public sealed class MetaAuthTests
{
    [Fact]
    public void AppSecretProof_MatchesTheSdkVector()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "appsecret_proof_vector.json");
        using var vector = JsonDocument.Parse(File.ReadAllText(path));
        var root = vector.RootElement;

        var proof = MetaSandbox.AppSecretProof(root.GetProperty("access_token").GetString()!, root.GetProperty("app_secret").GetString()!);

        Assert.Equal(root.GetProperty("expected_appsecret_proof").GetString(), proof);
    }

    public static TheoryData<string, int> BadCredentials => new()
    {
        { "appsecret_proof=PROOF", 190 },
        { "access_token=EAAnotthetoken&appsecret_proof=PROOF", 190 },
        { "access_token=TOKEN", 100 },
        { "access_token=TOKEN&appsecret_proof=0123abcd", 100 },
    };

    [Theory]
    [MemberData(nameof(BadCredentials))]
    public async Task Insights_WithBadCredentials_AnswersInMetasErrorEnvelope(string query, int code)
    {
        await using var server = await SandboxServer.StartAsync(DefaultFamily.Preset(), 0, TestContext.Current.CancellationToken);
        var url = MetaUrls.Raw(
            server,
            server.Meta.AccountId + "/insights",
            query.Replace("PROOF", MetaUrls.Proof(server), StringComparison.Ordinal)
                .Replace("TOKEN", Uri.EscapeDataString(server.Credentials.MetaAccessToken), StringComparison.Ordinal));

        var (status, body) = await TestHttp.GetJsonAsync(url);

        Assert.Equal(400, status);
        var error = body.GetProperty("error");
        Assert.Equal(code, error.GetProperty("code").GetInt32());
        Assert.Equal("OAuthException", error.GetProperty("type").GetString());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
        Assert.False(string.IsNullOrEmpty(error.GetProperty("fbtrace_id").GetString()));
        Assert.DoesNotContain(server.Credentials.MetaAccessToken, body.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_WithoutCredentials_IsRefused_AndChangesNothing()
    {
        await using var server = await SandboxServer.StartAsync(DefaultFamily.Preset(), 0, TestContext.Current.CancellationToken);
        var adSet = server.Meta.AdSets[0];
        var before = server.World.SettingsOf(adSet.Index);

        var (status, body) = await TestHttp.PostFormAsync(MetaUrls.Raw(server, adSet.Ref.ExternalId, ""), [new("daily_budget", "2500")]);

        Assert.Equal(400, status);
        Assert.Equal(190, body.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Equal(before, server.World.SettingsOf(adSet.Index));
    }

    [Fact]
    public async Task UnknownVersion_IsAnUnknownPathError()
    {
        await using var server = await SandboxServer.StartAsync(DefaultFamily.Preset(), 0, TestContext.Current.CancellationToken);

        var (status, body) = await TestHttp.GetJsonAsync(new Uri(server.MetaBaseUrl, $"latest/{server.Meta.AccountId}/insights"));

        Assert.Equal(400, status);
        Assert.Equal(2500, body.GetProperty("error").GetProperty("code").GetInt32());
    }
}

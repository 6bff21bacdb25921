using System.Text.Json;

namespace AdPilot.Sandbox.Tests;

/// <summary>One HttpClient shared by every test (real loopback HTTP against the started sandbox).</summary>
internal static class TestHttp
{
    public static HttpClient Client { get; } = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(1) });

    public static async Task<(int Status, JsonElement Body)> GetJsonAsync(Uri url)
    {
        using var response = await Client.GetAsync(url, TestContext.Current.CancellationToken);
        return ((int)response.StatusCode, await ReadAsync(response));
    }

    public static async Task<(int Status, JsonElement Body)> PostFormAsync(Uri url, IEnumerable<KeyValuePair<string, string>> form)
    {
        using var content = new FormUrlEncodedContent(form);
        using var response = await Client.PostAsync(url, content, TestContext.Current.CancellationToken);
        return ((int)response.StatusCode, await ReadAsync(response));
    }

    public static async Task<(int Status, JsonElement Body)> PostAsync(Uri url)
    {
        using var response = await Client.PostAsync(url, null, TestContext.Current.CancellationToken);
        return ((int)response.StatusCode, await ReadAsync(response));
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return document.RootElement.Clone();
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;

namespace AdPilot.Sandbox.Tests.Shopify;

/// <summary>Posts GraphQL documents to a started sandbox's Shopify endpoint with its admin token.</summary>
internal static class ShopifyGraphQl
{
    public static async Task<(int Status, JsonElement Body)> PostAsync(SandboxServer server, string query, JsonObject? variables = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server.ShopifyBaseUrl, "admin/api/2026-01/graphql.json"))
        {
            Content = new StringContent(new JsonObject { ["query"] = query, ["variables"] = variables ?? [] }.ToJsonString(), System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Shopify-Access-Token", server.Credentials.ShopifyAdminToken);
        using var response = await TestHttp.Client.SendAsync(request, TestContext.Current.CancellationToken);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return ((int)response.StatusCode, body.RootElement.Clone());
    }
}

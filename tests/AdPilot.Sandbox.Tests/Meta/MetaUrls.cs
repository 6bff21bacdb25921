using AdPilot.Sandbox.Meta;

namespace AdPilot.Sandbox.Tests.Meta;

/// <summary>Builds Graph URLs against a started sandbox, signed the way the Meta SDK signs them.</summary>
internal static class MetaUrls
{
    public static Uri Signed(SandboxServer server, string path, string query = "") =>
        Raw(server, path, $"access_token={Uri.EscapeDataString(server.Credentials.MetaAccessToken)}&appsecret_proof={Proof(server)}" + (query.Length > 0 ? "&" + query : ""));

    public static Uri Raw(SandboxServer server, string path, string query) => new(server.MetaBaseUrl, $"v25.0/{path}?{query}");

    public static string Proof(SandboxServer server) =>
        MetaSandbox.AppSecretProof(server.Credentials.MetaAccessToken, server.Credentials.MetaAppSecret);

    public static IEnumerable<KeyValuePair<string, string>> Auth(SandboxServer server) =>
    [
        new("access_token", server.Credentials.MetaAccessToken),
        new("appsecret_proof", Proof(server)),
    ];

    public static string TimeRange(DateOnly since, DateOnly until) =>
        "time_range=" + Uri.EscapeDataString($"{{\"since\":\"{since:yyyy-MM-dd}\",\"until\":\"{until:yyyy-MM-dd}\"}}");
}

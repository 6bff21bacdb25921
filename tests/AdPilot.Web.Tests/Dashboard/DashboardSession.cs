using System.Net;
using System.Text.RegularExpressions;

namespace AdPilot.Web.Tests.Dashboard;

/// <summary>An HTTP client of the dashboard with its own cookies and no automatic redirects, and the form steps a browser takes.</summary>
internal sealed partial class DashboardSession : IDisposable
{
    private readonly HttpClient _client;

    public DashboardSession(Uri baseUrl)
    {
        Cookies = new CookieContainer();
        _client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = Cookies, UseCookies = true }) { BaseAddress = baseUrl };
    }

    public CookieContainer Cookies { get; }

    public HttpClient Client => _client;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The antiforgery token of the first form of a page.</summary>
    public static string FormToken(string html) => CsrfField().Match(html) is { Success: true } match
        ? WebUtility.HtmlDecode(match.Groups[1].Value)
        : throw new InvalidOperationException("the page has no antiforgery field");

    public async Task<string> GetPageAsync(string path)
    {
        using var response = await _client.GetAsync(new Uri(path, UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync(Ct);
    }

    /// <summary>Signs in through the form; returns the answer to the form's POST.</summary>
    public async Task<HttpResponseMessage> SignInAsync(string credential, string? name = null)
    {
        var token = FormToken(await GetPageAsync("/login"));
        return await PostFormAsync("/login", new Dictionary<string, string> { ["__csrf"] = token, ["credential"] = credential, ["name"] = name ?? string.Empty });
    }

    public async Task<HttpResponseMessage> PostFormAsync(string path, IReadOnlyDictionary<string, string> fields)
    {
        using var content = new FormUrlEncodedContent(fields);
        return await _client.PostAsync(new Uri(path, UriKind.Relative), content, Ct);
    }

    public void Dispose() => _client.Dispose();

    [GeneratedRegex("name=\"__csrf\" value=\"([^\"]+)\"")]
    private static partial Regex CsrfField();
}

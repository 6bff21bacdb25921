using System.Text.Json;
using AdPilot.Connectors.Tests.Sandbox;
using AdPilot.Core.Platforms;
using AdPilot.Tests.Fuzz;

namespace AdPilot.Connectors.Tests.Fuzz;

/// <summary>
/// Fuzzes one connector exchange (a client call and every request it makes): the exchange is recorded once against the
/// sandbox, then replayed once per input with one answer's body replaced by the fuzz input. The seeds are the recorded
/// bodies (input k replaces answer k) and the platform's published error bodies (put in place of an answer picked by
/// the input, with the error's HTTP status). The connector must return or throw a <see cref="PlatformException"/>
/// whose message names the platform; the resilience pipeline and throttle waits run on a <see cref="FaultTestClock"/>.
/// </summary>
internal static class ExchangeFuzz
{
    public static async Task<FuzzReport> RunAsync(
        string parser,
        ReplayPlatform platform,
        FaultTestClock clock,
        string platformName,
        IReadOnlyList<RecordedAnswer> errorSeeds,
        Func<CancellationToken, Task> exchange)
    {
        var script = await platform.RecordAsync(() => clock.RunAsync(() => exchange(TestContext.Current.CancellationToken)));
        Assert.NotEmpty(script);
        Assert.All(script, a => Assert.InRange(a.Status, 200, 299));
        var seeds = script.Concat(errorSeeds).ToList();
        var target = new FuzzTarget
        {
            Parser = parser,
            Corpus = FuzzCorpus.Json(seeds.Select(s => s.Body)),
            Weight = 2,
            Parse = async (input, cancellationToken) =>
            {
                var seed = seeds[input.SeedIndex];
                var position = input.SeedIndex < script.Count ? input.SeedIndex : input.Bytes.Length % script.Count;
                var headers = script[position].Headers.Where(h => !h.Name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
                    .Append(("Content-Type", "application/json; charset=utf-8"))
                    .ToList();
                platform.Replay(script, position, new RecordedAnswer(seed.Status, headers, input.Bytes));
                await clock.RunAsync(() => exchange(cancellationToken));
            },
            IsDocumentedError = e => e is PlatformException,
            MessageProblem = FuzzTarget.Naming(platformName),
        };
        return (await Fuzzer.RunAsync(target)).AssertBothPaths();
    }

    /// <summary>Meta's published Graph API errors (the fixture's cases), each with its HTTP status.</summary>
    public static IReadOnlyList<RecordedAnswer> MetaErrors()
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "meta", "errors_graph_api.airbyte.json")));
        return [.. document.RootElement.GetProperty("cases").EnumerateArray().Select(c => new RecordedAnswer(
            c.GetProperty("http_status").GetInt32(), [], JsonSerializer.SerializeToUtf8Bytes(c.GetProperty("body"))))];
    }

    /// <summary>TikTok's error envelope (HTTP 200 with a non-zero code), from the fixture.</summary>
    public static IReadOnlyList<RecordedAnswer> TikTokErrors() =>
        [new RecordedAnswer(200, [], File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "tiktok", "error_50000_system_error_http200.airbyte.json")))];

    /// <summary>Shopify's GraphQL throttle and error answers, from the fixtures.</summary>
    public static IReadOnlyList<RecordedAnswer> ShopifyErrors() =>
        [.. new[] { "graphql_throttled_with_cost.community-post.json", "graphql_error_with_cost.shopify-api-test.json", "graphql_throttled_minimal.shopify-app-remix-mock.json" }
            .Select(name => new RecordedAnswer(200, [], File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "shopify", name))))];
}

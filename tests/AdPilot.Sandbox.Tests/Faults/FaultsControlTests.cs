using System.Text.Json;

namespace AdPilot.Sandbox.Tests.Faults;

/// <summary>Runtime control at <c>/_sandbox/faults</c>, seeded determinism, probabilities and the <c>times</c> limit.</summary>
public sealed class FaultsControlTests
{
    private const string Half429 = """{"seed":7,"rules":[{"platform":"meta","endpoint":"insights","fault":"http_429","probability":0.5}]}""";

    [Fact]
    public async Task PutThenDelete_FaultStartsAndStops_AndTheClientRecovers()
    {
        await using var server = await FaultCalls.StartAsync("{}");
        Assert.Equal(200, (await FaultCalls.MetaInsightsAsync(server)).Status);

        var put = await FaultCalls.ControlAsync(server, HttpMethod.Put, """{"rules":[{"platform":"meta","endpoint":"insights","fault":"server_error","probability":1}]}""");
        var failing = await FaultCalls.MetaInsightsAsync(server);
        var shown = await FaultCalls.ControlAsync(server, HttpMethod.Get);
        var deleted = await FaultCalls.ControlAsync(server, HttpMethod.Delete);
        var recovered = await FaultCalls.MetaInsightsAsync(server);

        Assert.Equal(200, put.Status);
        Assert.Equal(500, failing.Status);
        var rule = Assert.Single(shown.Json().GetProperty("rules").EnumerateArray());
        Assert.Equal("server_error", rule.GetProperty("fault").GetString());
        Assert.Equal(1, rule.GetProperty("tried").GetInt64());
        Assert.Equal(1, rule.GetProperty("injected").GetInt64());
        Assert.Equal(200, deleted.Status);
        Assert.Empty(deleted.Json().GetProperty("rules").EnumerateArray());
        Assert.Equal(200, recovered.Status);
    }

    [Fact]
    public async Task Put_InvalidRules_400NamingTheField_AndKeepsTheRunningRules()
    {
        await using var server = await FaultCalls.StartAsync(Half429);

        var bad = await FaultCalls.ControlAsync(server, HttpMethod.Put, """{"rules":[{"fault":"http_429","probability":1.5}]}""");
        var shown = await FaultCalls.ControlAsync(server, HttpMethod.Get);

        Assert.Equal(400, bad.Status);
        var error = bad.Json().GetProperty("error");
        Assert.Equal("faults.rules[0].probability", error.GetProperty("field").GetString());
        Assert.Equal("faults.rules[0].probability must be within [0, 1], got 1.5", error.GetProperty("message").GetString());
        Assert.Equal(7UL, shown.Json().GetProperty("seed").GetUInt64());
        Assert.Equal(0.5, shown.Json().GetProperty("rules")[0].GetProperty("probability").GetDouble());
    }

    [Fact]
    public async Task Put_ChangedWebhookFaults_400_BecauseTheSenderReadsThemAtStart()
    {
        await using var server = await FaultCalls.StartAsync("""{"webhooks":{"duplicateProbability":0.25}}""");

        var changed = await FaultCalls.ControlAsync(server, HttpMethod.Put, """{"webhooks":{"duplicateProbability":0.5}}""");
        var omitted = await FaultCalls.ControlAsync(server, HttpMethod.Put, """{"rules":[]}""");

        Assert.Equal(400, changed.Status);
        Assert.Equal("faults.webhooks", changed.Json().GetProperty("error").GetProperty("field").GetString());
        Assert.Equal(200, omitted.Status);
        Assert.Equal(0.25, omitted.Json().GetProperty("webhooks").GetProperty("duplicateProbability").GetDouble());
    }

    [Fact]
    public async Task SameSeed_SameSequenceOfFaults_OtherSeed_AnotherSequence_HalfProbability_AMix()
    {
        var first = await SequenceAsync(Half429);
        var again = await SequenceAsync(Half429);
        var other = await SequenceAsync(Half429.Replace("\"seed\":7", "\"seed\":8", StringComparison.Ordinal));

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        Assert.All(first.Concat(other), s => Assert.Contains(s, new[] { 200, 429 }));
        Assert.InRange(first.Count(s => s == 429), 8, 32); // Binomial(40, 0.5)
    }

    [Fact]
    public async Task Put_SameRulesAgain_RestartsTheRandomSourceAndCounters()
    {
        await using var server = await FaultCalls.StartAsync(Half429);
        var first = await CallsAsync(server, 20);

        await FaultCalls.ControlAsync(server, HttpMethod.Put, Half429);
        var afterPut = await CallsAsync(server, 20);

        Assert.Equal(first, afterPut);
        Assert.Equal(afterPut.Count(s => s == 429), (await FaultCalls.InjectedAsync(server))[0]);
    }

    [Fact]
    public async Task Times_LimitsHowOftenARuleHits()
    {
        await using var server = await FaultCalls.StartAsync("""{"rules":[{"platform":"meta","endpoint":"insights","fault":"http_429","probability":1,"times":2}]}""");

        var statuses = await CallsAsync(server, 4);

        Assert.Equal([429, 429, 200, 200], statuses);
        Assert.Equal(new long[] { 2 }, await FaultCalls.InjectedAsync(server));
    }

    [Fact]
    public async Task Rules_LatencyAddsUp_FirstOtherHitDecides_LaterRulesAreNotTried()
    {
        await using var server = await FaultCalls.StartAsync("""
            {"rules":[
              {"platform":"meta","fault":"latency","probability":1,"latencyMs":1},
              {"platform":"meta","endpoint":"insights","fault":"http_429","probability":1},
              {"platform":"meta","fault":"server_error","probability":1}
            ]}
            """);

        var insights = await FaultCalls.MetaInsightsAsync(server);
        var account = await FaultCalls.MetaAccountAsync(server);
        var shown = (await FaultCalls.ControlAsync(server, HttpMethod.Get)).Json().GetProperty("rules");

        Assert.Equal(429, insights.Status);
        Assert.Equal(500, account.Status);
        Assert.Equal([2L, 1L, 1L], shown.EnumerateArray().Select(r => r.GetProperty("injected").GetInt64()));
        Assert.Equal([2L, 1L, 1L], shown.EnumerateArray().Select(r => r.GetProperty("tried").GetInt64()));
    }

    [Fact]
    public async Task Get_ShowsTheFileFormatBack()
    {
        const string Json = """{"seed":3,"rules":[{"platform":"tiktok","endpoint":"report","fault":"throttle","probability":0.25,"code":40133,"times":5}],"webhooks":{"duplicateProbability":0.1,"outOfOrderProbability":0.2,"failureProbability":0.05}}""";
        await using var server = await FaultCalls.StartAsync(Json);

        var shown = (await FaultCalls.ControlAsync(server, HttpMethod.Get)).Json();

        var rule = shown.GetProperty("rules")[0];
        Assert.Equal(3UL, shown.GetProperty("seed").GetUInt64());
        Assert.Equal(["platform", "endpoint", "fault", "probability", "code", "times", "tried", "injected"], rule.EnumerateObject().Select(p => p.Name));
        Assert.Equal(40133, rule.GetProperty("code").GetInt32());
        Assert.Equal(0.2, shown.GetProperty("webhooks").GetProperty("outOfOrderProbability").GetDouble());
        Assert.Equal(JsonValueKind.Number, rule.GetProperty("injected").ValueKind);
    }

    private static async Task<int[]> SequenceAsync(string json)
    {
        await using var server = await FaultCalls.StartAsync(json);
        return await CallsAsync(server, 40);
    }

    private static async Task<int[]> CallsAsync(SandboxServer server, int count)
    {
        var statuses = new int[count];
        for (var i = 0; i < count; i++)
        {
            statuses[i] = (await FaultCalls.MetaInsightsAsync(server)).Status;
        }

        return statuses;
    }
}

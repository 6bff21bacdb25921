using AdPilot.Sandbox.Faults;

namespace AdPilot.Sandbox.Tests.Faults;

public sealed class SandboxFaultsTests
{
    [Fact]
    public void Parse_EveryField_ReadsThemAll()
    {
        var faults = SandboxFaults.Parse("""
            {
              // comments are allowed
              "seed": 42,
              "rules": [
                {"platform": "meta", "endpoint": "insights", "fault": "throttle", "probability": 0.2, "code": 17, "retryAfterSeconds": 120, "times": 3},
                {"fault": "latency", "probability": 1, "latencyMs": 250},
                {"platform": "shopify", "endpoint": "graphql", "fault": "server_error", "probability": 0.1, "status": 503, "retryAfterSeconds": 4},
                {"platform": "tiktok", "fault": "timeout", "probability": 0.05, "holdMs": 90000},
                {"platform": "meta", "endpoint": "batch", "fault": "partial_batch", "probability": 0.5, "itemProbability": 0.25}
              ],
              "webhooks": {"duplicateProbability": 0.1, "outOfOrderProbability": 0.2, "failureProbability": 0.05}
            }
            """);

        Assert.Equal(42UL, faults.Seed);
        Assert.Equal(5, faults.Rules.Count);
        Assert.Equal(
            new FaultRule { Platform = FaultPlatform.Meta, Endpoint = "insights", Fault = FaultKind.Throttle, Probability = 0.2, Code = 17, RetryAfterSeconds = 120, Times = 3 },
            faults.Rules[0]);
        Assert.Equal(new FaultRule { Fault = FaultKind.Latency, Probability = 1, LatencyMs = 250 }, faults.Rules[1]);
        Assert.Equal(503, faults.Rules[2].Status);
        Assert.Equal(90000, faults.Rules[3].HoldMs);
        Assert.Equal(0.25, faults.Rules[4].ItemProbability);
        Assert.Equal(new WebhookFaults(0.1, 0.2, 0.05), faults.Webhooks);
    }

    [Fact]
    public void Parse_EmptyObject_NoFaults()
    {
        var faults = SandboxFaults.Parse("{}");

        Assert.Equal(0UL, faults.Seed);
        Assert.Empty(faults.Rules);
        Assert.Equal(WebhookFaults.None, faults.Webhooks);
    }

    [Theory]
    [InlineData("""{"rules":[{"fault":"http_429","probability":1.5}]}""", "faults.rules[0].probability", "faults.rules[0].probability must be within [0, 1], got 1.5")]
    [InlineData("""{"rules":[{"fault":"http_429","probability":1},{"fault":"http_429","probability":-0.1}]}""", "faults.rules[1].probability", "faults.rules[1].probability must be within [0, 1], got -0.1")]
    [InlineData("""{"rules":[{"fault":"http_429","probability":"1"}]}""", "faults.rules[0].probability", "faults.rules[0].probability must be within [0, 1], got \"1\"")]
    [InlineData("""{"rules":[{"fault":"http_429"}]}""", "faults.rules[0].probability", "faults.rules[0].probability is required (a number within [0, 1])")]
    [InlineData("""{"rules":[{"probability":1}]}""", "faults.rules[0].fault", "faults.rules[0].fault is required (one of {latency, http_429, throttle, usage_near_limit, server_error, timeout, malformed_body, partial_batch, expired_token})")]
    [InlineData("""{"rules":[{"fault":"explode","probability":1}]}""", "faults.rules[0].fault", "faults.rules[0].fault must be one of {latency, http_429, throttle, usage_near_limit, server_error, timeout, malformed_body, partial_batch, expired_token}, got \"explode\"")]
    [InlineData("""{"rules":[{"platform":"facebook","fault":"http_429","probability":1}]}""", "faults.rules[0].platform", "faults.rules[0].platform must be one of {any, meta, tiktok, shopify}, got \"facebook\"")]
    [InlineData("""{"rules":[{"platform":"shopify","endpoint":"insights","fault":"http_429","probability":1}]}""", "faults.rules[0].endpoint", "faults.rules[0].endpoint must be one of {*, graphql} for platform 'shopify', got \"insights\"")]
    [InlineData("""{"rules":[{"endpoint":"orders","fault":"http_429","probability":1}]}""", "faults.rules[0].endpoint", null)]
    [InlineData("""{"rules":[{"fault":"latency","probability":1}]}""", "faults.rules[0].latencyMs", "faults.rules[0].latencyMs is required for fault 'latency' (1 to 600000)")]
    [InlineData("""{"rules":[{"fault":"latency","probability":1,"latencyMs":0}]}""", "faults.rules[0].latencyMs", "faults.rules[0].latencyMs must be a whole number within [1, 600000], got 0")]
    [InlineData("""{"rules":[{"fault":"http_429","probability":1,"latencyMs":5}]}""", "faults.rules[0].latencyMs", "faults.rules[0].latencyMs does not apply to fault 'http_429'")]
    [InlineData("""{"rules":[{"fault":"http_429","probability":1,"retryAfterSeconds":1.5}]}""", "faults.rules[0].retryAfterSeconds", null)]
    [InlineData("""{"rules":[{"fault":"http_429","probability":1,"color":"red"}]}""", "faults.rules[0].color", null)]
    [InlineData("""{"rules":[{"platform":"meta","fault":"throttle","probability":1,"code":40100}]}""", "faults.rules[0].code", "faults.rules[0].code must be one of {4, 17, 613, 80000, 80004} for a meta throttle, got 40100")]
    [InlineData("""{"rules":[{"fault":"throttle","probability":1,"code":17}]}""", "faults.rules[0].code", null)]
    [InlineData("""{"rules":[{"platform":"shopify","fault":"throttle","probability":1,"status":503}]}""", "faults.rules[0].status", null)]
    [InlineData("""{"rules":[{"platform":"tiktok","fault":"throttle","probability":1,"retryAfterSeconds":3}]}""", "faults.rules[0].retryAfterSeconds", null)]
    [InlineData("""{"rules":[{"platform":"tiktok","fault":"usage_near_limit","probability":1}]}""", "faults.rules[0].platform", null)]
    [InlineData("""{"rules":[{"fault":"server_error","probability":1,"status":404}]}""", "faults.rules[0].status", "faults.rules[0].status must be within [500, 599], got 404")]
    [InlineData("""{"rules":[{"platform":"meta","fault":"server_error","probability":1,"code":50000}]}""", "faults.rules[0].code", null)]
    [InlineData("""{"rules":[{"platform":"tiktok","fault":"server_error","probability":1,"code":50000,"status":500}]}""", "faults.rules[0].status", null)]
    [InlineData("""{"rules":[{"fault":"timeout","probability":1,"holdMs":-1}]}""", "faults.rules[0].holdMs", null)]
    [InlineData("""{"rules":[{"platform":"meta","endpoint":"insights","fault":"partial_batch","probability":1}]}""", "faults.rules[0].endpoint", null)]
    [InlineData("""{"rules":[{"platform":"meta","endpoint":"batch","fault":"partial_batch","probability":1,"itemProbability":0}]}""", "faults.rules[0].itemProbability", null)]
    [InlineData("""{"rules":[{"fault":"http_429","probability":1,"times":0}]}""", "faults.rules[0].times", "faults.rules[0].times must be a whole number of at least 1, got 0")]
    [InlineData("""{"rules":[7]}""", "faults.rules[0]", "faults.rules[0] must be a JSON object, got 7")]
    [InlineData("""{"rules":{}}""", "faults.rules", "faults.rules must be an array of rules, got {}")]
    [InlineData("""{"seed":-1}""", "faults.seed", "faults.seed must be a whole number from 0 to 18446744073709551615, got -1")]
    [InlineData("""{"seeds":1}""", "faults.seeds", "faults.seeds is not a known field (known: seed, rules, webhooks)")]
    [InlineData("""{"webhooks":{"duplicateProbability":2}}""", "faults.webhooks.duplicateProbability", "faults.webhooks.duplicateProbability must be within [0, 1], got 2")]
    [InlineData("""{"webhooks":{"lostProbability":0.1}}""", "faults.webhooks.lostProbability", null)]
    [InlineData("""[]""", "faults", "faults must be a JSON object, got []")]
    [InlineData("""{"rules":[""", "faults", null)]
    public void Parse_Invalid_NamesTheField(string json, string field, string? message)
    {
        var ex = Assert.Throws<SandboxFaultsException>(() => SandboxFaults.Parse(json));

        Assert.Equal(field, ex.Field);
        Assert.StartsWith(field, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
        if (message is not null)
        {
            Assert.Equal(message, ex.Message);
        }
    }

    [Fact]
    public void Load_MissingFile_NamesTheFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"adpilot-faults-{Guid.NewGuid():N}.json");

        var ex = Assert.Throws<SandboxFaultsException>(() => SandboxFaults.Load(path));

        Assert.StartsWith(path + ": cannot read the file", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_InvalidFile_NamesTheFileAndTheField()
    {
        var path = Path.Combine(Path.GetTempPath(), $"adpilot-faults-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, """{"rules":[{"fault":"timeout","probability":1},{"fault":"http_429","probability":1.5}]}""");
        try
        {
            var ex = Assert.Throws<SandboxFaultsException>(() => SandboxFaults.Load(path));

            Assert.Equal($"{path}: faults.rules[1].probability must be within [0, 1], got 1.5", ex.Message);
            Assert.Equal("faults.rules[1].probability", ex.Field);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ToJson_ParsesBackToTheSameFaults()
    {
        var faults = SandboxFaults.Parse("""
            {"seed":9,"rules":[
              {"platform":"tiktok","endpoint":"adgroup_update","fault":"server_error","probability":0.3,"code":60001,"times":2},
              {"platform":"meta","endpoint":"batch","fault":"partial_batch","probability":1,"itemProbability":0.75},
              {"fault":"timeout","probability":0.01,"holdMs":1000}
            ],"webhooks":{"failureProbability":0.5}}
            """);

        var again = SandboxFaults.Parse(SandboxFaultsJson.ToJson(faults).ToJsonString());

        Assert.Equal(faults.Seed, again.Seed);
        Assert.Equal(faults.Rules, again.Rules);
        Assert.Equal(faults.Webhooks, again.Webhooks);
    }
}

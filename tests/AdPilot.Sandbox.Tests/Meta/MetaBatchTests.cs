using System.Text.Json;
using AdPilot.Core.Domain;
using AdPilot.Core.Simulation;
using AdPilot.Sandbox.Tests.Faults;

namespace AdPilot.Sandbox.Tests.Meta;

public sealed class MetaBatchTests
{
    [Fact]
    public async Task Batch_UpdatesAndReads_AnswersEachInOrder_AndAppliesTheUpdates()
    {
        await using var server = await SandboxServer.StartAsync(DefaultFamily.Preset(), 0, TestContext.Current.CancellationToken);
        var adSet = server.Meta.AdSets[0];
        var batch = $$"""
            [{"method":"POST","relative_url":"{{adSet.Ref.ExternalId}}","body":"status=PAUSED&daily_budget=2500"},
             {"method":"GET","relative_url":"v25.0/{{adSet.Ref.ExternalId}}?fields=id,status"},
             {"method":"GET","relative_url":"{{adSet.Ref.ExternalId}}/insights"}]
            """;

        var answer = await FaultCalls.MetaBatchAsync(server, batch);

        Assert.Equal(200, answer.Status);
        var items = answer.Json().EnumerateArray().ToArray();
        Assert.Equal(3, items.Length);
        Assert.Equal(200, items[0].GetProperty("code").GetInt32());
        Assert.False(items[0].TryGetProperty("headers", out _)); // include_headers=false
        Assert.True(Body(items[0]).GetProperty("success").GetBoolean());
        Assert.Equal("PAUSED", Body(items[1]).GetProperty("status").GetString());
        Assert.Equal(400, items[2].GetProperty("code").GetInt32());
        Assert.Equal(100, Body(items[2]).GetProperty("error").GetProperty("code").GetInt32());
        Assert.Equal(AdSetStatus.Paused, server.World.SettingsOf(adSet.Index).Status);
        Assert.Equal(25m, server.World.SettingsOf(adSet.Index).DailyBudget);
    }

    [Fact]
    public async Task Batch_MoreThan50Requests_Error100()
    {
        await using var server = await SandboxServer.StartAsync(DefaultFamily.Preset(), 0, TestContext.Current.CancellationToken);
        var batch = "[" + string.Join(',', Enumerable.Repeat($$"""{"method":"GET","relative_url":"{{server.Meta.AccountId}}"}""", 51)) + "]";

        var answer = await FaultCalls.MetaBatchAsync(server, batch);

        Assert.Equal(400, answer.Status);
        Assert.Equal(100, answer.Json().GetProperty("error").GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task Batch_WithoutToken_Error190()
    {
        await using var server = await SandboxServer.StartAsync(DefaultFamily.Preset(), 0, TestContext.Current.CancellationToken);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server.MetaBaseUrl, "v25.0/"))
        {
            Content = new FormUrlEncodedContent([new("batch", "[]")]),
        };

        var answer = await FaultCalls.SendAsync(request);

        Assert.Equal(400, answer.Status);
        Assert.Equal(190, answer.Json().GetProperty("error").GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task PartialBatch_SomeItemsFailAsNullOrTransientErrors_OthersSucceed()
    {
        await using var server = await FaultCalls.StartAsync("""{"seed":11,"rules":[{"platform":"meta","endpoint":"batch","fault":"partial_batch","probability":1}]}""");
        var read = $$"""{"method":"GET","relative_url":"{{server.Meta.AccountId}}"}""";
        var batch = "[" + string.Join(',', Enumerable.Repeat(read, 30)) + "]";

        var items = (await FaultCalls.MetaBatchAsync(server, batch)).Json().EnumerateArray().ToArray();

        Assert.Equal(30, items.Length);
        var succeeded = items.Where(i => i.ValueKind == JsonValueKind.Object && i.GetProperty("code").GetInt32() == 200).ToArray();
        var errors = items.Where(i => i.ValueKind == JsonValueKind.Object && i.GetProperty("code").GetInt32() != 200).ToArray();
        var nulls = items.Count(i => i.ValueKind == JsonValueKind.Null);
        Assert.NotEmpty(succeeded);
        Assert.NotEmpty(errors);
        Assert.NotEqual(0, nulls);
        Assert.Equal(30, succeeded.Length + errors.Length + nulls);
        Assert.All(succeeded, i => Assert.Equal(server.Meta.AccountId, Body(i).GetProperty("id").GetString()));
        Assert.All(errors, i =>
        {
            Assert.Equal(500, i.GetProperty("code").GetInt32());
            Assert.Equal(2, Body(i).GetProperty("error").GetProperty("code").GetInt32());
            Assert.True(Body(i).GetProperty("error").GetProperty("is_transient").GetBoolean());
        });
    }

    [Fact]
    public async Task PartialBatch_AFailedItemIsNotExecuted()
    {
        await using var server = await FaultCalls.StartAsync("""{"rules":[{"platform":"meta","endpoint":"batch","fault":"partial_batch","probability":1,"itemProbability":1}]}""");
        var adSet = server.Meta.AdSets[0];

        var items = (await FaultCalls.MetaBatchAsync(server, $$"""[{"method":"POST","relative_url":"{{adSet.Ref.ExternalId}}","body":"status=PAUSED"}]""")).Json();

        var item = Assert.Single(items.EnumerateArray());
        Assert.True(item.ValueKind == JsonValueKind.Null || item.GetProperty("code").GetInt32() == 500);
        Assert.Equal(AdSetStatus.Active, server.World.SettingsOf(adSet.Index).Status);
        Assert.Equal(200, (await FaultCalls.MetaUpdateAsync(server, adSet.Ref.ExternalId, "PAUSED")).Status); // single updates are not batches
    }

    private static JsonElement Body(JsonElement item)
    {
        using var document = JsonDocument.Parse(item.GetProperty("body").GetString()!);
        return document.RootElement.Clone();
    }
}

using System.Data.Common;
using AdPilot.Core.Guardrails;
using AdPilot.Runtime.Demo;
using AdPilot.Sandbox;
using AdPilot.Storage.Connections;
using Dapper;
using Microsoft.Extensions.Time.Testing;

namespace AdPilot.Runtime.Tests.Demo;

/// <summary>One three-day demo (a day each of shadow, pilot and expand), run once for the class, then read many ways.</summary>
public sealed class DemoRunFixture : IAsyncLifetime
{
    public string Out { get; } = Path.Combine(Path.GetTempPath(), "adpilot-demo-" + Guid.NewGuid().ToString("N"));

    public DemoOptions Options => new() { Days = 3, OutDirectory = Out, TrainingEpisodes = 3, Seed = 7 };

    public DemoSummary Summary { get; private set; } = null!;

    /// <summary>Gets every secret the run's sandbox issued.</summary>
    public IReadOnlyList<string> Secrets { get; private set; } = [];

    /// <summary>Gets the personal data of every order the sandbox's shop took.</summary>
    public IReadOnlyList<string> PersonalData { get; private set; } = [];

    /// <summary>Gets every text value of every table of the demo's database.</summary>
    public IReadOnlyList<string> DatabaseText { get; private set; } = [];

    public async ValueTask InitializeAsync()
    {
        await using var runner = await DemoRunner.StartAsync(Options, TimeProvider.System, cancellationToken: TestContext.Current.CancellationToken);
        Summary = await runner.RunAsync(cancellationToken: TestContext.Current.CancellationToken);
        var c = runner.Sandbox.Credentials;
        Secrets = [c.MetaAccessToken, c.MetaAppSecret, c.TikTokAccessToken, c.ShopifyAdminToken, c.ShopifyWebhookSecret];
        PersonalData = [.. runner.Sandbox.World.Orders()
            .Select(o => o.Customer)
            .OfType<ShopifyCustomer>()
            .SelectMany(p => new[] { p.Email, p.Phone, p.Address1, $"{p.FirstName} {p.LastName}" })
            .Distinct(StringComparer.Ordinal)];
        DatabaseText = await ReadAllTextAsync(runner.Database);
    }

    public ValueTask DisposeAsync()
    {
        if (Directory.Exists(Out))
        {
            Directory.Delete(Out, recursive: true);
        }

        return ValueTask.CompletedTask;
    }

    private static async Task<IReadOnlyList<string>> ReadAllTextAsync(StorageDatabase database)
    {
        await using var connection = await database.OpenConnectionAsync(TestContext.Current.CancellationToken);
        var tables = (await connection.QueryAsync<string>("SELECT name FROM sqlite_master WHERE type = 'table'")).ToList();
        var text = new List<string>();
        foreach (var table in tables)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM \"{table}\"";
            await using DbDataReader reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
            while (await reader.ReadAsync(TestContext.Current.CancellationToken))
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    if (!reader.IsDBNull(i) && reader.GetValue(i) is string s)
                    {
                        text.Add(s);
                    }
                }
            }
        }

        return text;
    }
}

public sealed class DemoRunTests(DemoRunFixture demo) : IClassFixture<DemoRunFixture>
{
    [Fact]
    public void The_loop_runs_shadow_then_pilot_then_expand_one_day_each()
    {
        Assert.Equal((1, 1, 1), demo.Summary.Modes);
        Assert.Equal([RolloutStage.Shadow, RolloutStage.Pilot, RolloutStage.Expand], demo.Summary.Timeline.Select(d => d.Stage));
        Assert.Equal(0, demo.Summary.FailedCycles);
        Assert.True(demo.Summary.Decisions >= 3 * 24 * demo.Summary.AdSets / 2, $"{demo.Summary.Decisions} decisions");
        Assert.Equal(0, demo.Summary.Timeline[0].Applied);
        Assert.True(demo.Summary.Applied > 0, "nothing was applied in pilot and expand");
    }

    [Fact]
    public void The_world_s_own_record_shows_no_guardrail_broken()
    {
        Assert.Empty(demo.Summary.GuardrailViolations);
    }

    [Fact]
    public void AdPilot_and_the_baselines_are_scored_on_the_same_days()
    {
        Assert.Equal(["adpilot", "fixed", "rules"], demo.Summary.Policies.Select(p => p.Name));
        foreach (var policy in demo.Summary.Policies)
        {
            Assert.Equal(3, policy.Days.Count);
            Assert.Equal(policy.Total.Profit, policy.Days.Sum(d => d.Profit), 6);
            Assert.True(policy.Total.AdSpend > 0 && policy.Total.Revenue > 0);
        }

        // Shadow changes nothing: on its day AdPilot's world is the fixed budgets' world, to the cent.
        Assert.Equal(demo.Summary.Policies[1].Days[0].Profit, demo.Summary.Policies[0].Days[0].Profit, 6);
        Assert.Equal(demo.Summary.Policies[1].Days[0].AdSpend, demo.Summary.Policies[0].Days[0].AdSpend, 6);
    }

    [Fact]
    public void No_token_or_personal_data_reaches_the_log_or_the_database()
    {
        var log = File.ReadAllLines(demo.Summary.LogPath);
        Assert.NotEmpty(log);
        Assert.NotEmpty(demo.PersonalData);
        Assert.True(demo.DatabaseText.Count > 1000, $"only {demo.DatabaseText.Count} text values read");
        foreach (var value in demo.Secrets.Concat(demo.PersonalData))
        {
            Assert.DoesNotContain(log, line => line.Contains(value, StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain(demo.DatabaseText, text => text.Contains(value, StringComparison.OrdinalIgnoreCase));
        }
    }

    [Fact]
    public void Every_log_line_is_a_json_object_with_an_event_id()
    {
        foreach (var line in File.ReadLines(demo.Summary.LogPath))
        {
            using var json = System.Text.Json.JsonDocument.Parse(line);
            Assert.True(json.RootElement.TryGetProperty("eventId", out _), line);
            Assert.True(json.RootElement.TryGetProperty("timestamp", out _), line);
        }
    }
}

public sealed class DemoOptionsTests
{
    [Theory]
    [InlineData(14, 4, 4, 6)]
    [InlineData(1, 1, 0, 0)]
    [InlineData(2, 1, 1, 0)]
    [InlineData(3, 1, 1, 1)]
    [InlineData(7, 2, 2, 3)]
    public void The_default_schedule_gives_a_quarter_to_shadow_and_to_pilot(int days, int shadow, int pilot, int expand)
    {
        Assert.Equal((shadow, pilot, expand), new DemoOptions { Days = days }.Stages);
    }

    [Fact]
    public void Stages_follow_each_other_by_day()
    {
        var options = new DemoOptions { Days = 5, ShadowDays = 2, PilotDays = 0 };

        Assert.Equal(RolloutStage.Shadow, options.StageAt(0));
        Assert.Equal(RolloutStage.Shadow, options.StageAt(47));
        Assert.Equal(RolloutStage.Expand, options.StageAt(48));
    }

    [Fact]
    public void Bad_options_are_named()
    {
        var errors = new DemoOptions { Days = 0, AdSets = 1, ShadowDays = 3, PilotDays = 3 }.Validate();

        Assert.Contains(errors, e => e.Contains("--days", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("--adsets", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("--shadow-days", StringComparison.Ordinal));
    }
}

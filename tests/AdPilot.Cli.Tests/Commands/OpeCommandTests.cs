using System.Collections;
using System.Text.Json;
using AdPilot.Core.Agents;
using AdPilot.Core.Agents.Checkpoints;
using AdPilot.Core.Agents.QLearning;
using AdPilot.Core.Domain;
using AdPilot.Core.Guardrails;
using AdPilot.Core.Simulation;
using AdPilot.Runtime.Evidence;
using AdPilot.Storage.Actions;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Rewards;
using AdPilot.Storage.Stores;
using Microsoft.Data.Sqlite;

namespace AdPilot.Cli.Tests.Commands;

/// <summary>
/// <c>adpilot ope</c> on a database whose action log and rewards were written through the storage APIs the way the loop
/// writes them: a frozen Q-learner (exploring 30% of the time) decided every hour of a simulated store.
/// </summary>
public sealed class OpeCommandTests : IDisposable
{
    private const int AdSets = 3;
    private const int Days = 3;
    private readonly string _folder = Directory.CreateTempSubdirectory("adpilot-ope-").FullName;

    private string Db => $"sqlite:{Path.Combine(_folder, "adpilot.db")}";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Theory]
    [InlineData("--policy", "ope")]
    [InlineData("--from", "ope", "--policy", "fixed", "--from", "yesterday")]
    [InlineData("whole hour", "ope", "--policy", "fixed", "--from", "2026-03-01T05:30Z")]
    [InlineData("must be before --to", "ope", "--policy", "fixed", "--from", "2026-03-02", "--to", "2026-03-01")]
    [InlineData("--policy", "ope", "--policy", "no-such-checkpoint.ckpt")]
    [InlineData("--max-weight", "ope", "--policy", "rules", "--max-weight", "0")]
    [InlineData("--seeds", "ope", "validate", "--seeds", "0")]
    [InlineData("--first-seed", "ope", "validate", "--first-seed", "-3")]
    public async Task BadArguments_AreAUsageErrorOnOneLine(string named, params string[] args)
    {
        var result = await RunAsync(args);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(named, result.Stderr, StringComparison.Ordinal);
        Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Empty(result.Stdout);
    }

    [Fact]
    public async Task NotACheckpoint_IsAUsageErrorNamingTheFile()
    {
        var file = Path.Combine(_folder, "notes.ckpt");
        await File.WriteAllTextAsync(file, "hello", Ct);

        var result = await RunAsync("ope", "--policy", file);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("notes.ckpt' is not a usable checkpoint", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_TheLoggingPolicysOwnCheckpoint_HasIpsEqualToTheLoggedValue()
    {
        var (from, to) = await LogAsync(RolloutMode.Expand);
        var checkpoint = Path.Combine(_folder, "logger.ckpt");
        var stream = File.Create(checkpoint);
        await using (stream)
        {
            await CheckpointFormat.WriteAsync(stream, Logger().ToCheckpoint("logger-run", from, new Dictionary<string, string>()), Ct);
        }

        var result = await RunAsync("ope", "--policy", checkpoint, "--db", Db, "--from", Iso(from), "--to", Iso(to), "--json");

        Assert.True(result.ExitCode == 0, result.Stderr);
        using var json = JsonDocument.Parse(result.Stdout);
        var root = json.RootElement;
        Assert.StartsWith("qlearning:logger-run", root.GetProperty("policy").GetString(), StringComparison.Ordinal);
        Assert.Equal(from, root.GetProperty("from").GetDateTimeOffset());
        Assert.Equal(to, root.GetProperty("to").GetDateTimeOffset());
        var decisions = root.GetProperty("decisions").GetInt32();
        Assert.InRange(decisions, AdSets * Days, AdSets * (Days + 1));
        Assert.Equal(JsonValueKind.Object, root.GetProperty("skipped").ValueKind);
        var logged = root.GetProperty("logged").GetProperty("value").GetDecimal();
        var estimators = root.GetProperty("estimators").EnumerateArray().ToArray();
        Assert.Equal(["ips", "snips", "dr"], estimators.Select(e => e.GetProperty("name").GetString()));
        Assert.All(estimators, e =>
        {
            var ci = e.GetProperty("ci95").EnumerateArray().Select(v => v.GetDecimal()).ToArray();
            Assert.Equal(2, ci.Length);
            Assert.True(ci[0] <= e.GetProperty("value").GetDecimal() && e.GetProperty("value").GetDecimal() <= ci[1]);
            Assert.True(e.GetProperty("stderr").GetDecimal() > 0);
        });

        // The candidate is the logger: every weight is 1, so IPS is the logged mean and the sample is fully effective.
        Assert.InRange(estimators[0].GetProperty("value").GetDecimal(), logged - 0.01m, logged + 0.01m);
        Assert.InRange(estimators[1].GetProperty("value").GetDecimal(), logged - 0.01m, logged + 0.01m);
        Assert.Equal(decisions, root.GetProperty("effectiveSampleSize").GetDouble(), 0.01);
        Assert.Equal(1, root.GetProperty("maxWeight").GetDouble(), 1e-4);
    }

    [Fact]
    public async Task Table_ABaseline_PrintsEveryEstimatorAndWhatWasLeftOut()
    {
        var (from, to) = await LogAsync(RolloutMode.Expand);

        var result = await RunAsync("ope", "--policy", "fixed", "--db", Db, "--store", ShopDomain, "--from", Iso(from), "--to", Iso(to.AddHours(2)));

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("Off-policy evaluation of fixed on", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("logged (the logging policy)", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("snips", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Effective sample size", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_AShadowLog_UsesNoDecisionAndSaysWhy()
    {
        var (from, to) = await LogAsync(RolloutMode.Shadow);

        var result = await RunAsync("ope", "--policy", "rules", "--db", Db, "--from", Iso(from), "--to", Iso(to), "--json");

        Assert.True(result.ExitCode == 0, result.Stderr);
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.Equal(0, json.RootElement.GetProperty("decisions").GetInt32());
        Assert.True(json.RootElement.GetProperty("skipped").GetProperty("shadow").GetInt32() >= AdSets * Days);
        Assert.All(json.RootElement.GetProperty("estimators").EnumerateArray(), e => Assert.Equal(JsonValueKind.Null, e.GetProperty("value").ValueKind));
    }

    [Fact]
    public async Task UnknownStore_IsAUsageError()
    {
        await LogAsync(RolloutMode.Expand);

        var result = await RunAsync("ope", "--policy", "fixed", "--db", Db, "--store", "nope.myshopify.com");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--store: no store 'nope.myshopify.com'", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_Json_ReportsCoverageBiasErrorAndWidthPerEstimator()
    {
        var result = await RunAsync("ope", "validate", "--seeds", "20", "--first-seed", "5", "--json");

        Assert.True(result.ExitCode == 0, result.Stderr);
        using var json = JsonDocument.Parse(result.Stdout);
        var root = json.RootElement;
        Assert.Equal(20, root.GetProperty("seeds").GetInt32());
        Assert.Equal(5UL, root.GetProperty("firstSeed").GetUInt64());
        Assert.Equal(8 * 14, root.GetProperty("decisionsPerSeed").GetDouble());
        var estimators = root.GetProperty("estimators").EnumerateArray().ToArray();
        Assert.Equal(["ips", "snips", "dr"], estimators.Select(e => e.GetProperty("name").GetString()));
        Assert.All(estimators, e =>
        {
            Assert.InRange(e.GetProperty("coverage").GetDouble(), 0.5, 1);
            Assert.True(e.GetProperty("rmse").GetDouble() > 0);
            Assert.True(e.GetProperty("meanWidth").GetDouble() > 0);
            Assert.Equal(JsonValueKind.Number, e.GetProperty("bias").ValueKind);
        });
    }

    private const string ShopDomain = "ope.myshopify.com";

    private static string Iso(DateTimeOffset hour) => hour.ToString("yyyy-MM-ddTHH:mm'Z'", System.Globalization.CultureInfo.InvariantCulture);

    private static Task<CliResult> RunAsync(params string[] args) => RunWithAsync(new Hashtable(), args);

    private static async Task<CliResult> RunWithAsync(Hashtable environment, string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exitCode = await CliApp.RunAsync(args, stdout, stderr, Ct, TimeProvider.System, environment);
        return new CliResult(exitCode, stdout.ToString(), stderr.ToString());
    }

    /// <summary>The logging policy: a frozen Q-learner whose greedy move is the largest raise, exploring 30% of the time.</summary>
    private static QLearningAgent Logger()
    {
        var agent = new QLearningAgent(new QLearningOptions { EvaluationEpsilon = 0.3 }) { Training = false };
        for (var row = 0; row < agent.Table.StateCount; row++)
        {
            agent.Learn(row, 4, 1, -1);
        }

        return agent;
    }

    /// <summary>Logs <see cref="Days"/> days of the logger on a simulated store, as the loop would: action log and rewards.</summary>
    private async Task<(DateTimeOffset From, DateTimeOffset To)> LogAsync(RolloutMode mode)
    {
        await using var database = await StorageDatabase.OpenMigratedAsync(DatabaseTarget.Parse(Db), Ct);
        var time = TimeProvider.System;
        var guardrails = new GuardrailOptions();
        var scenario = DefaultFamily.Sample(17, AdSets);
        var world = new SimulatedEnvironment(scenario);
        var result = world.Reset();
        var adSets = world.AdSets.Select((a, i) => new AdSetDescriptor(
            a.Ref, a.Ref.ExternalId, (double)guardrails.MinDailyBudgetFor(a.Ref.Platform), (double)Math.Min(guardrails.MaxDailyBudget, guardrails.AdSetDailyCap), result.States[i].CurrentBudget)).ToArray();
        var logger = Logger();
        logger.Reset(new PolicyContext(adSets, world.Currency, new ActionLimits { MaxHourlyBudgetChange = (double)guardrails.MaxHourlyChange }, 0));
        var storeId = await new StoreDirectory(database, time).UpsertAsync(
            new StoreProfile { ShopDomain = ShopDomain, Currency = world.Currency, TimeZone = scenario.Store.TimeZone, GrossMargin = (decimal)scenario.Store.GrossMargin, DataSince = world.StartUtc },
            Ct);
        var log = new ActionLog(database, time);
        var rewards = new List<RewardRecord>();
        for (var t = 0; t < Days * 24; t++)
        {
            var states = result.States.ToArray();
            var hour = result.HourStartUtc;
            var actions = new AdAction[AdSets];
            var propensities = new double[AdSets];
            logger.Decide(new DecisionContext(t, hour, states), actions, propensities);
            for (var i = 0; i < AdSets; i++)
            {
                await log.RecordAsync(
                    storeId,
                    new ActionDecision
                    {
                        IdempotencyKey = $"{adSets[i].Ref}:{hour:O}",
                        AdSet = adSets[i].Ref,
                        Hour = hour,
                        Mode = mode,
                        StateJson = LoggedDecisionJson.State(states[i]),
                        PolicyName = "qlearning",
                        PolicyVersion = "1",
                        ProposedActionJson = LoggedDecisionJson.Proposal(states[i], actions[i], world.Currency),
                        Propensity = propensities[i],
                        Verdict = AdPilot.Storage.Actions.GuardrailVerdict.Allow,
                        Status = mode == RolloutMode.Shadow ? ActionStatus.Shadow : ActionStatus.Intended,
                    },
                    Ct);
            }

            result = world.Step(mode == RolloutMode.Shadow ? [.. states.Select(s => AdAction.Keep(s))] : actions);
            for (var i = 0; i < AdSets; i++)
            {
                var r = result.Rewards[i];
                var (revenue, spend, cogs) = (decimal.Round((decimal)r.Revenue, 4), decimal.Round((decimal)r.AdSpend, 4), decimal.Round((decimal)r.Cogs, 4));
                rewards.Add(new RewardRecord(adSets[i].Ref, hour, revenue, spend, cogs, revenue - cogs - spend, world.Currency, null, null, (int)Math.Round(r.Conversions), (double)(revenue - cogs - spend)));
            }
        }

        await new RewardStore(database, time).UpsertAsync(storeId, rewards, Ct);
        return (world.StartUtc, world.StartUtc.AddHours(Days * 24));
    }
}

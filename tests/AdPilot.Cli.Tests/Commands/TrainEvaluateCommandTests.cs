using System.Text.Json;
using AdPilot.Core.Agents.Checkpoints;
using AdPilot.Core.Simulation;
using AdPilot.Core.Training;

namespace AdPilot.Cli.Tests.Commands;

public sealed class TrainEvaluateCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("adpilot-cli-train-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Train_Bandit_WritesMetricsAndACheckpointAndSaysWhere()
    {
        var result = await Train("--agent", "bandit", "--episodes", "2");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(string.Empty, result.Stderr);
        Assert.Contains("Trained bandit: 2 episodes", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("episode 2/2", result.Stdout, StringComparison.Ordinal);
        Assert.Equal(2, File.ReadAllLines(Path.Combine(_directory, "metrics.jsonl")).Length);
        var checkpoint = await ReadCheckpointAsync(Path.Combine(_directory, "latest.ckpt"));
        Assert.Equal("bandit", checkpoint.AgentKind);
        Assert.Equal(2, TrainingMetadata.EpisodesOf(checkpoint));
        Assert.Equal((5UL, 6UL), TrainingMetadata.FamilySeedsOf(checkpoint));
    }

    [Fact]
    public async Task Train_Resume_CarriesTheRunOnToTheNewEpisodeCount()
    {
        Assert.Equal(0, (await Train("--agent", "bandit", "--episodes", "1")).ExitCode);

        var result = await Train("--resume", Path.Combine(_directory, "latest.ckpt"), "--episodes", "3");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("2 episodes", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("(3 in all)", result.Stdout, StringComparison.Ordinal);
        Assert.Equal(3, File.ReadAllLines(Path.Combine(_directory, "metrics.jsonl")).Length);
        Assert.Equal(3, TrainingMetadata.EpisodesOf(await ReadCheckpointAsync(Path.Combine(_directory, "latest.ckpt"))));
    }

    [Fact]
    public async Task Train_ResumeWithAnotherSeedOrAgent_IsRefusedNamingTheDifference()
    {
        Assert.Equal(0, (await Train("--agent", "bandit", "--episodes", "1")).ExitCode);
        var latest = Path.Combine(_directory, "latest.ckpt");

        var otherSeed = await CliRunner.RunAsync("train", "--resume", latest, "--episodes", "2", "--days", "1", "--first-seed", "5", "--seed", "4", "--out", _directory);
        var otherAgent = await Train("--resume", latest, "--agent", "qlearning", "--episodes", "2");

        Assert.Equal(2, otherSeed.ExitCode);
        Assert.Contains("--seed differs", otherSeed.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, otherAgent.ExitCode);
        Assert.Contains("holds a bandit agent", otherAgent.Stderr, StringComparison.Ordinal);
        Assert.Single(File.ReadAllLines(Path.Combine(_directory, "metrics.jsonl")));
    }

    [Fact]
    public async Task Train_FreshRunIntoADirectoryHoldingARun_IsRefusedPointingAtResume()
    {
        Assert.Equal(0, (await Train("--agent", "bandit", "--episodes", "1")).ExitCode);
        var before = await File.ReadAllBytesAsync(Path.Combine(_directory, "latest.ckpt"), TestContext.Current.CancellationToken);

        var result = await Train("--agent", "qlearning", "--episodes", "1");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("already holds a training run", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("--resume", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllBytesAsync(Path.Combine(_directory, "latest.ckpt"), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Train_ResumeAlreadyDone_SaysSoAndChangesNothing()
    {
        Assert.Equal(0, (await Train("--agent", "bandit", "--episodes", "2")).ExitCode);

        var result = await Train("--resume", Path.Combine(_directory, "latest.ckpt"), "--episodes", "2");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("nothing to do", result.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--agent is required", "train", "--episodes", "1", "--out", "x")]
    [InlineData("'sarsa'", "train", "--agent", "sarsa", "--episodes", "1", "--out", "x")]
    [InlineData("--episodes must be between 1 and 1000000, got 0", "train", "--agent", "bandit", "--episodes", "0", "--out", "x")]
    [InlineData("--scenario and --family cannot be used together", "train", "--agent", "bandit", "--episodes", "1", "--out", "x", "--scenario", "a.json", "--family", "default")]
    [InlineData("--seeds applies to --family", "evaluate", "--checkpoint", "c.ckpt", "--scenario", "a.json", "--seeds", "3")]
    [InlineData("--checkpoint", "evaluate", "--seeds", "3")]
    public async Task TrainOrEvaluate_BadArguments_ExitTwoNamingTheProblem(string expected, params string[] args)
    {
        var result = await CliRunner.RunAsync(args);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Stderr, StringComparison.Ordinal);
        Assert.Single(result.Stderr.TrimEnd().Split('\n'));
    }

    [Fact]
    public async Task Evaluate_MissingOrCorruptCheckpoint_ExitsTwoNamingTheCause()
    {
        Assert.Equal(0, (await Train("--agent", "bandit", "--episodes", "1")).ExitCode);
        var corrupt = Path.Combine(_directory, "corrupt.ckpt");
        var bytes = await File.ReadAllBytesAsync(Path.Combine(_directory, "latest.ckpt"), TestContext.Current.CancellationToken);
        bytes[bytes.Length / 2] ^= 0x40;
        await File.WriteAllBytesAsync(corrupt, bytes, TestContext.Current.CancellationToken);
        var truncated = Path.Combine(_directory, "truncated.ckpt");
        await File.WriteAllBytesAsync(truncated, bytes[..(bytes.Length / 3)], TestContext.Current.CancellationToken);

        var missing = await CliRunner.RunAsync("evaluate", "--checkpoint", Path.Combine(_directory, "nope.ckpt"));
        var flipped = await CliRunner.RunAsync("evaluate", "--checkpoint", corrupt);
        var cut = await CliRunner.RunAsync("evaluate", "--checkpoint", truncated);

        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("does not exist", missing.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, flipped.ExitCode);
        Assert.Contains("not a usable checkpoint", flipped.Stderr, StringComparison.Ordinal);
        Assert.Contains("checksum", flipped.Stderr, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(2, cut.ExitCode);
        Assert.Contains("not a usable checkpoint", cut.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Evaluate_Json_PrintsOneObjectWithEveryContractField()
    {
        Assert.Equal(0, (await Train("--agent", "bandit", "--episodes", "1")).ExitCode);

        var result = await CliRunner.RunAsync(
            "evaluate", "--checkpoint", Path.Combine(_directory, "latest.ckpt"), "--family", "default", "--seeds", "3", "--first-seed", "2001", "--days", "2", "--json");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(string.Empty, result.Stderr);
        using var json = JsonDocument.Parse(result.Stdout);
        var root = json.RootElement;
        Assert.Equal(3, root.GetProperty("scenarios").GetInt32());
        Assert.Equal(2, root.GetProperty("days").GetInt32());
        Assert.True(root.GetProperty("heldOut").GetBoolean());
        var policies = root.GetProperty("policies").EnumerateArray().ToList();
        Assert.Equal(["oracle", "fixed", "rules", "proportional", "agent"], policies.Select(p => p.GetProperty("name").GetString()));
        foreach (var p in policies)
        {
            var profit = p.GetProperty("profit").GetDecimal();
            var revenue = p.GetProperty("revenue").GetDecimal();
            var spend = p.GetProperty("spend").GetDecimal();
            var cogs = p.GetProperty("cogs").GetDecimal();
            Assert.InRange(profit - (revenue - cogs - spend), -0.05m, 0.05m);
            Assert.True(p.GetProperty("roas").GetDouble() >= 0);
            Assert.True(p.GetProperty("conversions").GetInt64() >= 0);
            Assert.Equal(JsonValueKind.Number, p.GetProperty("fractionOfOracle").ValueKind);
            Assert.True(p.GetProperty("guardrailInterventions").GetInt64() >= 0);
        }

        Assert.Equal(1.0, policies[0].GetProperty("fractionOfOracle").GetDouble());
        var best = root.GetProperty("bestBaseline").GetString();
        Assert.Contains(best, new[] { "fixed", "rules", "proportional" });
        var bestProfit = policies.Single(p => p.GetProperty("name").GetString() == best).GetProperty("profit").GetDecimal();
        var difference = root.GetProperty("agentMinusBestBaseline");
        var ci = difference.GetProperty("ci95").EnumerateArray().Select(v => v.GetDecimal()).ToList();
        Assert.Equal(2, ci.Count);
        Assert.True(ci[0] <= difference.GetProperty("mean").GetDecimal() && difference.GetProperty("mean").GetDecimal() <= ci[1]);
        Assert.InRange(difference.GetProperty("mean").GetDecimal() - ((policies[^1].GetProperty("profit").GetDecimal() - bestProfit) / 3), -0.05m, 0.05m);
    }

    [Fact]
    public async Task Evaluate_OnTrainingSeeds_WarnsThatTheFiguresAreNotHeldOut()
    {
        Assert.Equal(0, (await Train("--agent", "bandit", "--episodes", "2")).ExitCode);

        var result = await CliRunner.RunAsync("evaluate", "--checkpoint", Path.Combine(_directory, "latest.ckpt"), "--seeds", "2", "--first-seed", "6", "--days", "1");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("overlap the training seeds 5–6", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("not held-out", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("agent", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TrainAndEvaluate_ScenarioFiles_RunThoseScenarios()
    {
        var file = Path.Combine(_directory, "store.json");
        await File.WriteAllTextAsync(file, ScenarioJson.Serialize(DefaultFamily.Sample(42, 3)), TestContext.Current.CancellationToken);

        var train = await CliRunner.RunAsync("train", "--agent", "bandit", "--scenario", file, "--episodes", "2", "--days", "1", "--out", _directory);
        var evaluate = await CliRunner.RunAsync("evaluate", "--checkpoint", Path.Combine(_directory, "latest.ckpt"), "--scenario", file, file, "--days", "1", "--json");

        Assert.Equal(0, train.ExitCode);
        var checkpoint = await ReadCheckpointAsync(Path.Combine(_directory, "latest.ckpt"));
        Assert.StartsWith("scenarios:", checkpoint.Metadata[TrainingMetadata.Source], StringComparison.Ordinal);
        Assert.Null(TrainingMetadata.FamilySeedsOf(checkpoint));
        Assert.Equal(0, evaluate.ExitCode);
        using var json = JsonDocument.Parse(evaluate.Stdout);
        Assert.Equal(2, json.RootElement.GetProperty("scenarios").GetInt32());
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("heldOut").ValueKind);
    }

    private Task<CliResult> Train(params string[] args) =>
        CliRunner.RunAsync([.. new[] { "train", "--days", "1", "--first-seed", "5", "--seed", "3", "--out", _directory }, .. args]);

    private static async Task<Checkpoint> ReadCheckpointAsync(string path)
    {
        await using var stream = File.OpenRead(path);
        return await CheckpointFormat.ReadAsync(stream, null, TestContext.Current.CancellationToken);
    }
}

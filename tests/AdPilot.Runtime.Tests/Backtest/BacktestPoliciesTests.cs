using AdPilot.Core.Agents;
using AdPilot.Core.Agents.Checkpoints;
using AdPilot.Runtime.Backtest;

namespace AdPilot.Runtime.Tests.Backtest;

public sealed class BacktestPoliciesTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("adpilot-policies-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData("fixed", typeof(FixedBudgetPolicy))]
    [InlineData("rules", typeof(RulesPolicy))]
    [InlineData("proportional", typeof(ProportionalPolicy))]
    public async Task CreateAsync_Baseline_ByName(string name, Type type)
    {
        var policy = await BacktestPolicies.CreateAsync(name, 1, _folder, 1, TimeProvider.System, null, TestContext.Current.CancellationToken);

        Assert.IsType(type, policy.Policy);
        Assert.Equal(name, policy.Name);
        Assert.Null(policy.Checkpoint);
    }

    [Fact]
    public async Task CreateAsync_Default_PretrainsTheBanditIntoTheCacheThenLoadsIt()
    {
        var steps = new List<string>();

        var first = await BacktestPolicies.CreateAsync(null, 3, _folder, 1, TimeProvider.System, steps.Add, TestContext.Current.CancellationToken);
        var second = await BacktestPolicies.CreateAsync("bandit", 3, _folder, 1, TimeProvider.System, steps.Add, TestContext.Current.CancellationToken);

        Assert.Equal("bandit", first.Name);
        Assert.Equal(first.Checkpoint, second.Checkpoint);
        Assert.Equal(Path.Combine(_folder, "pretrained-bandit-s3-e1.ckpt"), first.Checkpoint);
        Assert.Single(steps);
        Assert.False(((ILearningAgent)second.Policy).Training);
    }

    [Fact]
    public async Task CreateAsync_NoSuchFile_SaysWhatIsAccepted()
    {
        var error = await Assert.ThrowsAsync<FileNotFoundException>(() =>
            BacktestPolicies.CreateAsync("missing.ckpt", 1, _folder, 1, TimeProvider.System, null, TestContext.Current.CancellationToken));
        Assert.Contains("neither fixed, rules, proportional nor bandit", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateAsync_FileThatIsNoCheckpoint_Refused()
    {
        var path = Path.Combine(_folder, "not.ckpt");
        await File.WriteAllTextAsync(path, "hello", TestContext.Current.CancellationToken);

        await Assert.ThrowsAsync<CheckpointException>(() =>
            BacktestPolicies.CreateAsync(path, 1, _folder, 1, TimeProvider.System, null, TestContext.Current.CancellationToken));
    }
}

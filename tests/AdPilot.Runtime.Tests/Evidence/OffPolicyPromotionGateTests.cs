using AdPilot.Runtime.Evidence;
using AdPilot.Storage.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace AdPilot.Runtime.Tests.Evidence;

/// <summary>
/// The gate on a store whose every ad set loses money (so cutting budgets beats holding them), logged by a Q-learner that
/// picks its daily move uniformly at random; the candidates are frozen Q-learners that cut, hold or raise (exploring 30% of
/// the time, so their weights leave enough effective decisions).
/// </summary>
public sealed class OffPolicyPromotionGateTests(OffPolicyPromotionGateTests.Evidence evidence) : IClassFixture<OffPolicyPromotionGateTests.Evidence>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Judge_CandidateThatCutsAgainstServingThatRaises_Promotes()
    {
        var verdict = await evidence.JudgeAsync(evidence.Cut, evidence.Raise);

        Assert.True(verdict.Promote, verdict.Reason);
        Assert.Equal("dr", verdict.Method);
        Assert.Equal(evidence.Decisions, verdict.Decisions);
        Assert.True(verdict.CandidateValue > verdict.CurrentValue);
        Assert.True(verdict.DifferenceLower > 0, verdict.Reason);
        Assert.StartsWith("promoted: candidate − the serving checkpoint", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Judge_CandidateThatRaisesAgainstServingThatCuts_KeepsItOut()
    {
        var verdict = await evidence.JudgeAsync(evidence.Raise, evidence.Cut);

        Assert.False(verdict.Promote);
        Assert.True(verdict.DifferenceUpper < 0, verdict.Reason);
        Assert.StartsWith("kept out: candidate − the serving checkpoint", verdict.Reason, StringComparison.Ordinal);
        Assert.Contains("does not say the candidate is no worse", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Judge_NoServingCheckpoint_ComparesWithTheLoggedPolicy()
    {
        var better = await evidence.JudgeAsync(evidence.Cut, null);
        var worse = await evidence.JudgeAsync(evidence.Raise, null);

        Assert.True(better.Promote, better.Reason);
        Assert.Contains("the logged policy", better.Reason, StringComparison.Ordinal);
        Assert.False(worse.Promote, worse.Reason);
        Assert.True(better.CurrentValue < 0);
        Assert.Equal(better.CurrentValue, worse.CurrentValue);
    }

    [Fact]
    public async Task Judge_TheLoggingPolicyItself_IsNoWorseThanTheLog()
    {
        var verdict = await evidence.JudgeAsync(evidence.Logger, null);

        Assert.True(verdict.Promote, verdict.Reason);
        Assert.InRange(0, verdict.DifferenceLower!.Value, verdict.DifferenceUpper!.Value);
    }

    [Fact]
    public async Task Judge_TooFewDecisionsTooFewEffectiveOnesOrAnUnreadableCheckpoint_KeepsItOutSayingWhy()
    {
        var few = await evidence.JudgeAsync(evidence.Cut, evidence.Hold, new PromotionGateOptions { MinDecisions = evidence.Decisions + 1 });
        var thin = await evidence.JudgeAsync(evidence.Cut, evidence.Hold, new PromotionGateOptions { MinEffectiveSampleSize = evidence.Decisions + 1 });
        var missing = await evidence.JudgeAsync(Path.Combine(evidence.Folder, "missing.ckpt"), evidence.Hold);
        var garbage = Path.Combine(evidence.Folder, "garbage.ckpt");
        await File.WriteAllTextAsync(garbage, "not a checkpoint", Ct);
        var unreadable = await evidence.JudgeAsync(evidence.Cut, garbage);

        Assert.All(new[] { few, thin, missing, unreadable }, v => Assert.False(v.Promote));
        Assert.Contains($"only {evidence.Decisions} logged decisions", few.Reason, StringComparison.Ordinal);
        Assert.Null(few.DifferenceLower);
        Assert.Contains("effective decisions", thin.Reason, StringComparison.Ordinal);
        Assert.Contains("the candidate checkpoint cannot be read", missing.Reason, StringComparison.Ordinal);
        Assert.Contains("the serving checkpoint cannot be read", unreadable.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_Invalid_AreRefusedAtConstruction()
    {
        var reader = new LoggedDecisionReader(evidence.Db.Database, TimeProvider.System);

        var ex = Assert.Throws<ArgumentException>(() => new OffPolicyPromotionGate(reader, new PromotionGateOptions { MinDecisions = 1, RelativeTolerance = 2 }));

        Assert.Contains("MinDecisions must be at least 2", ex.Message, StringComparison.Ordinal);
        Assert.Contains("RelativeTolerance must be between 0 and 1", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>Eighteen days of six money-losing ad sets, logged once for every test of the class, and the checkpoints judged.</summary>
    public sealed class Evidence : IAsyncLifetime
    {
        public const int Days = 18;
        public const int AdSets = 6;

        public string Folder { get; } = Directory.CreateTempSubdirectory("adpilot-gate-").FullName;

        public TestDatabase Db { get; private set; } = null!;

        internal EvidenceLog.Logged Logged { get; private set; } = null!;

        public int Decisions { get; private set; }

        public string Logger { get; private set; } = string.Empty;

        public string Cut { get; private set; } = string.Empty;

        public string Hold { get; private set; } = string.Empty;

        public string Raise { get; private set; } = string.Empty;

        public async ValueTask InitializeAsync()
        {
            Db = await TestDatabase.CreateAsync(null!, Storage.Connections.DatabaseDialect.Sqlite);
            var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero));
            Logged = await EvidenceLog.WriteAsync(Db.Database, clock, EvidenceLog.Agent(2, 1), EvidenceLog.MoneyLosing(31, AdSets), Days * 24);
            Logger = await EvidenceLog.SaveAsync(EvidenceLog.Agent(2, 1), Folder, "logger");
            Cut = await EvidenceLog.SaveAsync(EvidenceLog.Agent(0, 0.3), Folder, "cut");
            Hold = await EvidenceLog.SaveAsync(EvidenceLog.Agent(2, 0.3), Folder, "hold");
            Raise = await EvidenceLog.SaveAsync(EvidenceLog.Agent(4, 0.3), Folder, "raise");

            // One decision per ad set and local day (the spring's 23-hour day shifts the last one by an hour).
            var history = await new LoggedDecisionReader(Db.Database, clock).ReadAsync(Logged.StoreId, Logged.From, Logged.To, null, Ct);
            Decisions = Core.Training.OffPolicy.DecisionUnitSet.Build(history).Units.Count;
            Assert.InRange(Decisions, Days * AdSets, (Days + 1) * AdSets);
        }

        public Task<AdPilot.Runtime.Evidence.PromotionVerdict> JudgeAsync(string candidate, string? current, PromotionGateOptions? options = null)
        {
            var gate = new OffPolicyPromotionGate(new LoggedDecisionReader(Db.Database, TimeProvider.System), options);
            return gate.JudgeAsync(new PromotionRequest(Logged.StoreId, candidate, current, Logged.From, Logged.To), Ct);
        }

        public async ValueTask DisposeAsync()
        {
            await Db.DisposeAsync();
            Directory.Delete(Folder, recursive: true);
        }
    }
}

using AdPilot.Core.Agents.Features;
using AdPilot.Core.Domain;
using AdPilot.Core.Simulation;
using CsCheck;

namespace AdPilot.Core.Tests.Agents.Features;

public sealed class StateEncoderTests
{
    internal static readonly AdSetDescriptor AdSet = new(new AdSetRef(Platform.Instagram, "1"), "ig", 5, 500, 50);

    internal static AdEnvironmentState State(double budget = 50, int hour = 12, DayOfWeek day = DayOfWeek.Wednesday) => new(
        day,
        hour,
        budget,
        AgeGroup.Age25To34,
        Interests.None,
        CreativeType.Ugc,
        Platform.Instagram,
        HistoricalCtr: 0.01,
        HistoricalCvr: 0.03,
        CompetitorActivity: 0,
        Seasonality: 1,
        BidStrategy.LowestCost,
        AdSetStatus.Active,
        SpendLast24Hours: 50,
        RevenueLast24Hours: 150,
        InLearningPhase: false);

    internal static Gen<AdEnvironmentState> AnyState { get; } = Gen.Select(
        Gen.Int[0, 6],
        Gen.Int[0, 23],
        Gen.Double,
        Gen.Double,
        Gen.Double,
        Gen.Double,
        Gen.Double,
        Gen.Select(Gen.Double, Gen.Double, Gen.Bool, Gen.Int[0, 3], Gen.Int[0, 1], Gen.Int[0, 2]),
        (day, hour, budget, ctr, cvr, competitor, season, rest) => new AdEnvironmentState(
            (DayOfWeek)day,
            hour,
            budget,
            AgeGroup.Age35To44,
            Interests.Fitness,
            (CreativeType)rest.Item4,
            (Platform)rest.Item5,
            ctr,
            cvr,
            competitor,
            season,
            new BidStrategy((BidStrategyKind)rest.Item6, rest.Item6 == 0 ? null : 10m),
            rest.Item3 ? AdSetStatus.Paused : AdSetStatus.Active,
            rest.Item1,
            rest.Item2,
            rest.Item3));

    [Fact]
    public void Names_OnePerFeature()
    {
        Assert.Equal(StateEncoder.Length, StateEncoder.Names.Count);
        Assert.Equal(StateEncoder.Length, StateEncoder.Names.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Encode_BudgetAtStart_ReadsZeroBudgetChangeAndTheKnownRatios()
    {
        var features = new double[StateEncoder.Length];

        StateEncoder.Encode(State(), AdSet, features);

        Assert.Equal(1, features[Index("bias")]);
        Assert.Equal(0, features[Index("log_budget_vs_start")], 12);
        Assert.Equal(Math.Log(10), features[Index("log_budget_over_min")], 12);
        Assert.Equal(Math.Log(10), features[Index("log_max_over_budget")], 12);
        Assert.Equal(0, features[Index("log_ctr_vs_typical")], 12);
        Assert.Equal(Math.Log(4), features[Index("log1p_roas_24h")], 12);
        Assert.Equal(1, features[Index("spend_24h_share_of_budget")], 12);
        Assert.Equal(-1, features[Index("hour_cos")], 12);
    }

    [Fact]
    public void Encode_AnyState_EveryFeatureFiniteAndOneHotGroupsSumToOne()
    {
        AnyState.Sample(state =>
        {
            var features = new double[StateEncoder.Length];
            StateEncoder.Encode(state, AdSet, features);
            Assert.All(features, f => Assert.True(double.IsFinite(f), $"non-finite feature in {state}"));
            Assert.Equal(1, features[Index("platform_tiktok")] + features[Index("platform_instagram")]);
            Assert.Equal(1, features[18..22].Sum());
            Assert.Equal(1, features[22..25].Sum());
            Assert.InRange(features[Index("competitor_activity")], -1, 1);
        }, iter: 2_000);
    }

    [Fact]
    public void Encode_ShortBuffer_Throws()
    {
        Assert.Throws<ArgumentException>(() => StateEncoder.Encode(State(), AdSet, new double[StateEncoder.Length - 1]));
    }

    private static int Index(string name) => StateEncoder.Names.ToList().IndexOf(name);
}

using AdPilot.Core.Simulation;
using AdPilot.Core.Tests.TestData;
using CsCheck;

namespace AdPilot.Core.Tests.Simulation;

public sealed class DefaultFamilyTests
{
    [Fact]
    public void Sample_AnySeedAndCount_IsValid()
    {
        Gen.Select(Gen.ULong, Gen.Int[1, 50]).Sample(
            (seed, count) =>
            {
                var scenario = DefaultFamily.Sample(seed, count);

                Assert.Equal(count, scenario.AdSets.Count);
                Assert.Empty(ScenarioValidator.Validate(scenario));
            },
            iter: 300);
    }

    [Fact]
    public void Sample_EdgeSeeds_AreValid()
    {
        foreach (var seed in new[] { 0UL, 1UL, ulong.MaxValue, ulong.MaxValue - 1, 1UL << 63 })
        {
            Assert.Empty(ScenarioValidator.Validate(DefaultFamily.Sample(seed, 50)));
        }
    }

    [Fact]
    public void Sample_SameSeed_GivesTheSameScenario()
    {
        Gen.Select(Gen.ULong, Gen.Int[1, 50]).Sample(
            (seed, count) => Assert.Equal(
                ScenarioJson.Serialize(DefaultFamily.Sample(seed, count)),
                ScenarioJson.Serialize(DefaultFamily.Sample(seed, count))),
            iter: 100);
    }

    [Fact]
    public void Sample_DifferentSeeds_GiveDifferentWorlds()
    {
        // Compare with the seed-derived labels blanked, so only the drawn world can tell two samples apart.
        Gen.Select(Gen.ULong, Gen.ULong).Where(t => t.Item1 != t.Item2).Sample(
            (a, b) => Assert.NotEqual(WorldOnly(DefaultFamily.Sample(a, 4)), WorldOnly(DefaultFamily.Sample(b, 4))),
            iter: 100);
    }

    [Fact]
    public void Sample_AnySeedAndCount_HasUniqueAdSetIds()
    {
        Gen.Select(Gen.ULong, Gen.Int[1, 50]).Sample(
            (seed, count) =>
            {
                var ids = DefaultFamily.Sample(seed, count).AdSets.Select(a => a.Id).ToList();

                Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
            },
            iter: 200);
    }

    [Fact]
    public void Sample_ManyAdSets_UsesBothPlatforms()
    {
        var platforms = DefaultFamily.Sample(11, 50).AdSets.Select(a => a.Platform).Distinct().Count();

        Assert.Equal(2, platforms);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Sample_NoAdSets_ThrowsArgumentOutOfRange(int count)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => DefaultFamily.Sample(1, count));
    }

    [Fact]
    public void Preset_IsSampleOfSeedOneWithEightAdSets()
    {
        var preset = DefaultFamily.Preset();

        Assert.Equal(ScenarioJson.Serialize(DefaultFamily.Sample(1, 8)), ScenarioJson.Serialize(preset));
        Assert.Equal(DefaultFamily.PresetSeed, preset.Seed);
        Assert.Equal(DefaultFamily.DefaultAdSetCount, preset.AdSets.Count);
    }

    [Fact]
    public void Preset_CommittedDefaultScenario_IsThePreset()
    {
        var committed = File.ReadAllText(RepoPaths.Combine("scenarios", "default.json")).TrimEnd();

        Assert.True(
            string.Equals(ScenarioJson.Serialize(DefaultFamily.Preset()), committed, StringComparison.Ordinal),
            "scenarios/default.json is not the default preset; regenerate it with the CLI's `scenario` command.");
    }

    private static string WorldOnly(Scenario scenario) => ScenarioJson.Serialize(scenario with
    {
        Name = "x",
        Seed = 0,
        Store = scenario.Store with { Domain = "x.myshopify.com" },
    });
}

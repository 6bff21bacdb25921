using System.ComponentModel;
using AdPilot.Core.Domain;

namespace AdPilot.Core.Simulation;

/// <summary>The patterns every ad set of a scenario shares: traffic, competition, platforms, attribution, audiences.</summary>
public sealed record MarketParameters
{
    /// <summary>Gets 24 relative traffic levels by local hour (0–23); platforms pace daily budgets along them.</summary>
    [Description("24 relative traffic levels by local hour 0..23, each in [0.001, 1000]; budgets are paced along them.")]
    public required IReadOnlyList<double> HourlyTraffic { get; init; }

    /// <summary>Gets 7 relative traffic levels by local day, Sunday first.</summary>
    [Description("7 relative traffic levels by local day, Sunday first, each in [0.001, 1000].")]
    public required IReadOnlyList<double> WeekdayTraffic { get; init; }

    /// <summary>Gets 24 relative conversion-rate levels by local hour.</summary>
    [Description("24 relative conversion-rate multipliers by local hour 0..23, each in [0.001, 1000].")]
    public required IReadOnlyList<double> HourlyConversion { get; init; }

    /// <summary>Gets 7 relative conversion-rate levels by local day, Sunday first.</summary>
    [Description("7 relative conversion-rate multipliers by local day, Sunday first, each in [0.001, 1000].")]
    public required IReadOnlyList<double> WeekdayConversion { get; init; }

    /// <summary>Gets how competitors move auction prices.</summary>
    public required CompetitionParameters Competition { get; init; }

    /// <summary>Gets Meta's (Instagram's) delivery rules.</summary>
    public required PlatformParameters Instagram { get; init; }

    /// <summary>Gets TikTok's delivery rules.</summary>
    public required PlatformParameters TikTok { get; init; }

    /// <summary>Gets how purchases arrive and are attributed.</summary>
    public required AttributionParameters Attribution { get; init; }

    /// <summary>Gets the CTR multiplier of each age band, relative to 25–34.</summary>
    [Description("CTR multiplier of each age band relative to 25-34, each in [0.01, 100]; applied as a ratio when an ad set's targeting changes.")]
    public required IReadOnlyDictionary<AgeGroup, double> AgeCtr { get; init; }

    /// <summary>Gets the conversion-rate multiplier of each age band, relative to 25–34.</summary>
    [Description("Conversion-rate multiplier of each age band relative to 25-34, each in [0.01, 100].")]
    public required IReadOnlyDictionary<AgeGroup, double> AgeCvr { get; init; }

    /// <summary>Gets the CPM multiplier of each age band, relative to 25–34.</summary>
    [Description("CPM multiplier of each age band relative to 25-34, each in [0.01, 100].")]
    public required IReadOnlyDictionary<AgeGroup, double> AgeCpm { get; init; }

    /// <summary>Gets how well each interest matches the store's products (conversion-rate multiplier; 1 = broad).</summary>
    [Description("Conversion-rate multiplier of each interest for this store's products, each in [0.01, 10] (1 = as good as broad targeting).")]
    public required IReadOnlyDictionary<string, double> InterestAffinity { get; init; }

    /// <summary>Gets the standard deviation of the logarithm of each day's delivery opportunity (good days spend more).</summary>
    [Description("Standard deviation of the log of each local day's delivery opportunity: good days spend more of the budget, in [0, 1].")]
    public required double DailyDemandNoise { get; init; }

    /// <summary>Gets the standard deviation of the logarithm of hourly pacing noise.</summary>
    [Description("Standard deviation of the log of hourly spend noise around the paced plan, in [0, 1].")]
    public required double PacingNoise { get; init; }

    /// <summary>How well a targeting's interests convert: the mean affinity of its interests (unrated ones count as 1; broad is 1).</summary>
    /// <param name="interests">The targeted interests.</param>
    /// <returns>The conversion-rate multiplier.</returns>
    public double AffinityOf(Interests interests)
    {
        if (interests == Interests.None)
        {
            return 1;
        }

        var sum = 0.0;
        var rated = 0;
        foreach (var (name, value) in InterestAffinity)
        {
            if (InterestsJsonConverter.TryParse(name, out var interest) && (interests & interest) != 0)
            {
                sum += value;
                rated++;
            }
        }

        var unrated = System.Numerics.BitOperations.PopCount((uint)interests) - rated;
        return (sum + unrated) / (rated + unrated);
    }
}

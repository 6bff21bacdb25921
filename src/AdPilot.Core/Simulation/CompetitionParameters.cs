using System.ComponentModel;

namespace AdPilot.Core.Simulation;

/// <summary>
/// Competitor pressure on auction prices per platform: log pressure = weekly cycle + AR(1) shocks, and auction
/// prices (CPM) scale with exp(log pressure × the ad set's sensitivity).
/// </summary>
public sealed record CompetitionParameters
{
    /// <summary>Gets the amplitude of the weekly cycle in log pressure.</summary>
    [Description("Amplitude of the weekly cycle of log competitor pressure, in [0, 2].")]
    public required double WeeklyAmplitude { get; init; }

    /// <summary>Gets the hour of the week (0–167 from Sunday 00:00 local) where the cycle peaks.</summary>
    [Description("Hour of the week (0..167, from Sunday 00:00 local) where the weekly cycle peaks.")]
    public required double WeeklyPeakHour { get; init; }

    /// <summary>Gets the hourly persistence of shocks, in [0, 1).</summary>
    [Description("Hourly persistence (AR(1) coefficient) of competitor shocks, in [0, 1).")]
    public required double Persistence { get; init; }

    /// <summary>Gets the standard deviation of each hour's new shock.</summary>
    [Description("Standard deviation of each hour's new log-pressure shock, in [0, 1].")]
    public required double Volatility { get; init; }

    /// <summary>Gets the probability per hour of a sudden competitor push (a sale, a launch).</summary>
    [Description("Probability per hour of a sudden competitor push such as a sale, in [0, 1].")]
    public required double JumpProbability { get; init; }

    /// <summary>Gets the size of such a push in log pressure; it decays with <see cref="Persistence"/>.</summary>
    [Description("Size of such a push in log pressure, in [0, 3]; it decays with the persistence.")]
    public required double JumpSize { get; init; }
}

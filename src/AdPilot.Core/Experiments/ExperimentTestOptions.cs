namespace AdPilot.Core.Experiments;

/// <summary>How a targeting experiment is judged.</summary>
public sealed record ExperimentTestOptions
{
    /// <summary>Gets the hours in each paired block (24: a day, so each block holds every hour of the day once).</summary>
    public int BlockHours { get; init; } = 24;

    /// <summary>
    /// Gets the hours at the start of the test that are not compared: a new copy runs in the platform's learning phase,
    /// and the original's first hours still earn from clicks bought on its whole budget before the cut (orders arrive hours
    /// after the click), so both would bias the comparison.
    /// </summary>
    public int WarmUpHours { get; init; } = 48;

    /// <summary>Gets the significance level of the two-sided paired t-test.</summary>
    public double Alpha { get; init; } = 0.05;

    /// <summary>Gets the fewest blocks a verdict needs; with fewer the original is kept.</summary>
    public int MinBlocks { get; init; } = 3;

    /// <summary>Gets how much more profit per unit of budget the copy must make, as a share of the original's, to be kept.</summary>
    public double MinLift { get; init; } = 0.1;

    /// <summary>The problems of these settings, each naming the setting.</summary>
    /// <returns>The problems; empty when valid.</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (BlockHours is < 1 or > 168)
        {
            errors.Add($"BlockHours must be within [1, 168], got {BlockHours}");
        }

        if (WarmUpHours is < 0 or > 24 * 30)
        {
            errors.Add($"WarmUpHours must be within [0, 720], got {WarmUpHours}");
        }

        if (!(Alpha > 0 && Alpha < 1))
        {
            errors.Add($"Alpha must be within (0, 1), got {Alpha}");
        }

        if (MinBlocks < 2)
        {
            errors.Add($"MinBlocks must be at least 2, got {MinBlocks}");
        }

        if (!(MinLift >= 0 && MinLift <= 10))
        {
            errors.Add($"MinLift must be within [0, 10], got {MinLift}");
        }

        return errors;
    }
}

namespace AdPilot.Core.Features;

/// <summary>How <see cref="Seasonality"/> learns hour-of-week factors from a store's orders.</summary>
public sealed class SeasonalityOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "Features:Seasonality";

    /// <summary>Gets or sets the shortest history, in days, that is learned from; shorter history gives flat factors.</summary>
    /// <value>The default value is 14 days (two of each weekday).</value>
    public int MinHistoryDays { get; set; } = 14;

    /// <summary>Gets or sets the fewest orders learned from; fewer give flat factors.</summary>
    /// <value>The default value is 168 (one per hour of the week on average).</value>
    public int MinOrders { get; set; } = 168;

    /// <summary>
    /// Gets or sets the pseudo-orders each hour of the week starts with at the store's average rate, which shrinks
    /// hours seen rarely or with few orders toward 1.
    /// </summary>
    /// <value>The default value is 2 orders.</value>
    public double PseudoOrders { get; set; } = 2;

    /// <summary>
    /// Gets or sets the radius, in hours, of the triangular kernel that smooths neighbouring hours of the week
    /// (around the week's circle, so Saturday 23:00 neighbours Sunday 00:00); 0 turns smoothing off.
    /// </summary>
    /// <value>The default value is 1 hour (weights ¼, ½, ¼).</value>
    public int SmoothingRadiusHours { get; set; } = 1;

    /// <summary>The names of the settings that are out of range, with why.</summary>
    /// <returns>The errors; empty when valid.</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (MinHistoryDays < 7)
        {
            errors.Add($"{nameof(MinHistoryDays)} must be at least 7 (a week), got {MinHistoryDays}");
        }

        if (MinOrders < 1)
        {
            errors.Add($"{nameof(MinOrders)} must be at least 1, got {MinOrders}");
        }

        if (!double.IsFinite(PseudoOrders) || PseudoOrders < 0)
        {
            errors.Add($"{nameof(PseudoOrders)} must be a finite number ≥ 0, got {PseudoOrders}");
        }

        if (SmoothingRadiusHours is < 0 or > 12)
        {
            errors.Add($"{nameof(SmoothingRadiusHours)} must be between 0 and 12, got {SmoothingRadiusHours}");
        }

        return errors;
    }
}

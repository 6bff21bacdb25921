namespace AdPilot.Runtime.Evidence;

/// <summary>
/// When <see cref="OffPolicyPromotionGate"/> lets a candidate serve: enough logged decisions, weights that leave enough
/// effective decisions, and a doubly robust 95% interval of candidate minus current whose lower end is above minus the
/// tolerance.
/// </summary>
public sealed record PromotionGateOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "PromotionGate";

    /// <summary>Gets the fewest logged decisions (ad set-days) a verdict rests on.</summary>
    /// <value>The default value is 50: about a week of eight ad sets.</value>
    public int MinDecisions { get; init; } = 50;

    /// <summary>Gets the smallest effective sample size ((Σ w)² ÷ Σ w²) each judged policy's weights may leave.</summary>
    /// <value>The default value is 20.</value>
    public double MinEffectiveSampleSize { get; init; } = 20;

    /// <summary>Gets how much worse per decision, in the store currency, the candidate may be and still count as no worse.</summary>
    /// <value>The default value is 0.</value>
    public double AbsoluteTolerance { get; init; }

    /// <summary>
    /// Gets how much worse, as a share of the current policy's value per decision, the candidate may be and still count as
    /// no worse; the tolerance is the larger of this and <see cref="AbsoluteTolerance"/>.
    /// </summary>
    /// <value>The default value is 0.02 (2%): an equal candidate's interval straddles 0, so no tolerance at all would keep every equal candidate out.</value>
    public double RelativeTolerance { get; init; } = 0.02;

    /// <summary>Gets the clip on importance weights; null for none.</summary>
    /// <value>The default value is null.</value>
    public double? MaxWeight { get; init; }

    /// <summary>Gets how the logged decisions are read (guardrails, warm-up).</summary>
    public LoggedDecisionReaderOptions Reader { get; init; } = new();

    /// <summary>Gets the local hour an ad set's decision day starts at.</summary>
    /// <value>The default value is 0.</value>
    public int DayStartHour { get; init; }

    /// <summary>Checks the options.</summary>
    /// <returns>The problems, one sentence each; empty when there are none.</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (MinDecisions < 2)
        {
            errors.Add($"MinDecisions must be at least 2, was {MinDecisions}");
        }

        if (!(MinEffectiveSampleSize >= 0) || double.IsInfinity(MinEffectiveSampleSize))
        {
            errors.Add($"MinEffectiveSampleSize must be a non-negative number, was {MinEffectiveSampleSize}");
        }

        if (!(AbsoluteTolerance >= 0) || double.IsInfinity(AbsoluteTolerance))
        {
            errors.Add($"AbsoluteTolerance must be a non-negative number, was {AbsoluteTolerance}");
        }

        if (!(RelativeTolerance is >= 0 and <= 1))
        {
            errors.Add($"RelativeTolerance must be between 0 and 1, was {RelativeTolerance}");
        }

        if (MaxWeight is { } m && !(m > 0 && double.IsFinite(m)))
        {
            errors.Add($"MaxWeight must be a positive number, was {m}");
        }

        if (DayStartHour is < 0 or > 23)
        {
            errors.Add($"DayStartHour must be a local hour (0 to 23), was {DayStartHour}");
        }

        errors.AddRange(Reader?.Validate() ?? ["Reader must be set"]);
        return errors;
    }
}

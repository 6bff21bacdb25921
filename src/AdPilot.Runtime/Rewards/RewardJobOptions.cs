using AdPilot.Core.Rewards;

namespace AdPilot.Runtime.Rewards;

/// <summary>How the <see cref="RewardJob"/> scores hours and how far back late orders and refunds reach.</summary>
public sealed class RewardJobOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "RewardJob";

    /// <summary>Gets or sets the reward's shaping and attribution options (including the attribution lag k).</summary>
    /// <value>The default value is the reward defaults (no lag, UTM revenue).</value>
    public RewardOptions Rewards { get; set; } = new();

    /// <summary>
    /// Gets or sets how far back, in hours before the scored hour, an order placed earlier and changed since the last
    /// run (a late refund, a cancellation) makes its hours be scored again. Older changes are left as they were scored.
    /// </summary>
    /// <value>The default value is 1,344 hours (56 days).</value>
    public int LateChangeLookbackHours { get; set; } = 24 * 56;

    /// <summary>The settings that are out of range, with why.</summary>
    /// <returns>The errors; empty when valid.</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Rewards is null)
        {
            errors.Add($"{nameof(Rewards)} must not be null");
        }
        else
        {
            errors.AddRange(Rewards.Validate());
            if (LateChangeLookbackHours < Rewards.LagHours)
            {
                errors.Add($"{nameof(LateChangeLookbackHours)} must be at least the lag ({Rewards.LagHours} hours), got {LateChangeLookbackHours}");
            }
        }

        if (LateChangeLookbackHours < 0)
        {
            errors.Add($"{nameof(LateChangeLookbackHours)} must be ≥ 0, got {LateChangeLookbackHours}");
        }

        return errors;
    }
}

using AdPilot.Core.Features;
using AdPilot.Core.Guardrails;
using AdPilot.Core.Rewards;

namespace AdPilot.Core.Training.Backtest;

/// <summary>How a backtest replays its history: the live loop's featurizer, reward and guardrail settings, and the estimate's.</summary>
public sealed record BacktestOptions
{
    /// <summary>Gets the reward settings (attribution source, lag, shaping), as the live reward job uses them.</summary>
    /// <value>The default value is the reward defaults (UTM revenue, no lag).</value>
    public RewardOptions Rewards { get; init; } = new();

    /// <summary>Gets the featurizer settings, as the live feature store uses them.</summary>
    /// <value>The default value is the featurizer's defaults.</value>
    public FeaturizerOptions Featurizer { get; init; } = new();

    /// <summary>Gets the seasonality learner's settings.</summary>
    /// <value>The default value is the learner's defaults.</value>
    public SeasonalityOptions Seasonality { get; init; } = new();

    /// <summary>Gets how many days of orders before each UTC day the seasonality table is learned from, as the feature store does.</summary>
    /// <value>The default value is 56 days.</value>
    public int SeasonalityDays { get; init; } = 56;

    /// <summary>Gets a value indicating whether CTR and CVR shrink toward the account's own rates (one prior per platform).</summary>
    /// <value>The default value is true.</value>
    public bool UseAccountPrior { get; init; } = true;

    /// <summary>Gets the guardrails every proposal passes.</summary>
    /// <value>The default value is the guardrail defaults.</value>
    public GuardrailOptions Guardrails { get; init; } = GuardrailOptions.Default;

    /// <summary>
    /// Gets a value indicating whether a budget increase the guardrails send for a person's approval counts as approved
    /// (applied at once); otherwise it is not applied.
    /// </summary>
    /// <value>The default value is true.</value>
    public bool ApproveIncreases { get; init; } = true;

    /// <summary>Gets the spend-response model's settings.</summary>
    /// <value>The default value is the model's defaults.</value>
    public SpendResponseOptions Response { get; init; } = new();

    /// <summary>Gets how many bootstrap refits of the response model (days resampled) the 95% interval is drawn from; 0 for none.</summary>
    /// <value>The default value is 200.</value>
    public int BootstrapSamples { get; init; } = 200;

    /// <summary>Gets the seed of the policy's own randomness and of the bootstrap.</summary>
    /// <value>The default value is 1.</value>
    public ulong Seed { get; init; } = 1;

    /// <summary>The problems of these settings, one sentence each.</summary>
    /// <returns>The problems; empty when valid.</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        errors.AddRange(Rewards.Validate());
        errors.AddRange(Featurizer.Validate());
        errors.AddRange(Seasonality.Validate());
        errors.AddRange(Guardrails.Validate().Select(e => e.ToString()));
        errors.AddRange(Response.Validate());
        if (SeasonalityDays < 1)
        {
            errors.Add($"{nameof(SeasonalityDays)} must be at least 1, got {SeasonalityDays}");
        }

        if (BootstrapSamples is < 0 or > 10_000)
        {
            errors.Add($"{nameof(BootstrapSamples)} must be 0 to 10000, got {BootstrapSamples}");
        }

        return errors;
    }
}

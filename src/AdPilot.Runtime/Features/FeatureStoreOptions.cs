using AdPilot.Core.Features;

namespace AdPilot.Runtime.Features;

/// <summary>How the <see cref="FeatureStore"/> reads history and learns seasonality.</summary>
public sealed class FeatureStoreOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "FeatureStore";

    /// <summary>Gets or sets the featurizer's options (half-lives and the history window).</summary>
    /// <value>The default value is the featurizer's defaults (56 days of history).</value>
    public FeaturizerOptions Featurizer { get; set; } = new();

    /// <summary>Gets or sets the seasonality learner's options.</summary>
    /// <value>The default value is the learner's defaults (at least 14 days and 168 orders).</value>
    public SeasonalityOptions Seasonality { get; set; } = new();

    /// <summary>Gets or sets how many days of order history, before the current UTC day, the seasonality table is learned from.</summary>
    /// <value>The default value is 56 days.</value>
    public int SeasonalityDays { get; set; } = 56;

    /// <summary>
    /// Gets or sets a value indicating whether rates shrink towards the account's own CTR and CVR (one prior per
    /// platform, from the totals of all its ad sets over the history window); otherwise towards
    /// <see cref="AccountPrior.Default"/>, as the simulator's states do.
    /// </summary>
    /// <value>The default value is true.</value>
    public bool UseAccountPrior { get; set; } = true;

    /// <summary>The settings that are out of range, with why.</summary>
    /// <returns>The errors; empty when valid.</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Featurizer is null)
        {
            errors.Add($"{nameof(Featurizer)} must not be null");
        }
        else
        {
            errors.AddRange(Featurizer.Validate());
        }

        if (Seasonality is null)
        {
            errors.Add($"{nameof(Seasonality)} must not be null");
        }
        else
        {
            errors.AddRange(Seasonality.Validate());
            if (SeasonalityDays < Seasonality.MinHistoryDays)
            {
                errors.Add($"{nameof(SeasonalityDays)} must be at least {nameof(SeasonalityOptions.MinHistoryDays)} = {Seasonality.MinHistoryDays}, got {SeasonalityDays}");
            }
        }

        return errors;
    }
}

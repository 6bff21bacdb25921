using AdPilot.Core.Guardrails;
using AdPilot.Core.Rewards;
using AdPilot.Core.Training.Backtest;
using AdPilot.Runtime.Configuration;
using AdPilot.Runtime.Features;
using AdPilot.Runtime.Loop;
using AdPilot.Runtime.Rewards;
using Microsoft.Extensions.Configuration;

namespace AdPilot.Runtime.Backtest;

/// <summary>A backtest's settings from the live loop's configuration: the same guardrails, reward and featurizer settings.</summary>
public static class BacktestSettings
{
    /// <summary>The replay's options from configuration.</summary>
    /// <param name="configuration">The configuration (the same sections as <c>adpilot run</c> reads).</param>
    /// <param name="attribution">How the input ties orders to ad sets (overrides the configured revenue source).</param>
    /// <returns>The options, to be completed with the run's seed and bootstrap.</returns>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">A section is invalid.</exception>
    public static BacktestOptions FromConfiguration(IConfiguration configuration, RevenueSource attribution)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var guardrails = ConfigurationSections.Read(
            configuration, LoopServiceCollectionExtensions.GuardrailsSection, () => new GuardrailOptions(), o => o.Validate().Select(e => e.ToString()).ToList());
        var features = ConfigurationSections.Read(configuration, FeatureStoreOptions.SectionName, () => new FeatureStoreOptions(), o => o.Validate());
        var rewards = ConfigurationSections.Read(configuration, RewardJobOptions.SectionName, () => new RewardJobOptions(), o => o.Validate()).Rewards;
        rewards.RevenueSource = attribution;
        return new BacktestOptions
        {
            Guardrails = guardrails,
            Rewards = rewards,
            Featurizer = features.Featurizer,
            Seasonality = features.Seasonality,
            SeasonalityDays = features.SeasonalityDays,
            UseAccountPrior = features.UseAccountPrior,
        };
    }
}

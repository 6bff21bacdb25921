namespace AdPilot.Core.Rewards;

/// <summary>
/// How an ad set-hour's reward is shaped from its profit (guide §8): ROAS tier bonuses, a per-conversion bonus,
/// penalties for high spend at poor ROAS and for budget spikes, and the attribution lag. Amounts are in the store
/// currency; shares are fractions.
/// </summary>
public sealed class RewardOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "Rewards";

    /// <summary>The longest attribution lag accepted, in hours (a week).</summary>
    public const int MaxLagHours = 168;

    /// <summary>Gets the tiers used when <see cref="RoasTiers"/> is empty: ROAS &gt; 2 earns 2% of spend, &gt; 3 5%, &gt; 4 10%.</summary>
    public static IReadOnlyList<RoasTier> DefaultRoasTiers { get; } = [new(2, 0.02), new(3, 0.05), new(4, 0.10)];

    /// <summary>
    /// Gets or sets the ROAS tiers, by rising threshold. Only the highest tier an hour beats pays (tiers do not add up).
    /// Empty means <see cref="DefaultRoasTiers"/> (the configuration binder appends to a pre-filled array, so the
    /// defaults live apart); to switch the bonuses off, configure tiers whose bonus is 0.
    /// </summary>
    /// <value>The default value is empty, i.e. <see cref="DefaultRoasTiers"/>.</value>
    public RoasTier[] RoasTiers { get; set; } = [];

    /// <summary>Gets the tiers in force: <see cref="RoasTiers"/>, or <see cref="DefaultRoasTiers"/> when it is empty.</summary>
    public IReadOnlyList<RoasTier> EffectiveRoasTiers => RoasTiers is { Length: > 0 } tiers ? tiers : DefaultRoasTiers;

    /// <summary>Gets or sets the bonus per attributed conversion, in the store currency.</summary>
    /// <value>The default value is 0.50.</value>
    public decimal PerConversionBonus { get; set; } = 0.50m;

    /// <summary>Gets or sets the ROAS below which spend is penalised as poor.</summary>
    /// <value>The default value is 1.0 (the ads do not even return their cost).</value>
    public double PoorRoasThreshold { get; set; } = 1.0;

    /// <summary>
    /// Gets or sets the spend, as a fraction of the daily budget, from which an hour's spend counts as high; below it
    /// poor ROAS is not penalised (one hour of small spend says little).
    /// </summary>
    /// <value>The default value is 0.0625 (1.5 × an even hourly pace of 1/24).</value>
    public double HighSpendShareOfDailyBudget { get; set; } = 0.0625;

    /// <summary>
    /// Gets or sets the poor-ROAS penalty rate: penalty = rate × spend × (1 − ROAS ÷ threshold), ROAS floored at 0.
    /// </summary>
    /// <value>The default value is 0.25.</value>
    public double PoorRoasPenaltyRate { get; set; } = 0.25;

    /// <summary>Gets or sets the rise of the daily budget over the previous hour's above which it is a spike (0.5 = +50%).</summary>
    /// <value>The default value is 0.5.</value>
    public double BudgetSpikeThreshold { get; set; } = 0.5;

    /// <summary>
    /// Gets or sets the spike penalty rate: penalty = rate × (new budget − previous × (1 + threshold)), in an hour that spends.
    /// </summary>
    /// <value>The default value is 0.02.</value>
    public double BudgetSpikePenaltyRate { get; set; } = 0.02;

    /// <summary>Gets or sets k: how many hours before a purchase its revenue is spread over; 0 keeps it in its hour.</summary>
    /// <value>The default value is 0 (no spreading).</value>
    public int LagHours { get; set; }

    /// <summary>
    /// Gets or sets the lag weights, k + 1 of them: index j for the hour j hours before the purchase (0 = its own hour).
    /// Empty means equal weights. They are normalised, so only their ratios matter.
    /// </summary>
    /// <value>The default value is empty.</value>
    public double[] LagWeights { get; set; } = [];

    /// <summary>Gets or sets which attributed revenue the reward uses.</summary>
    /// <value>The default value is <see cref="RevenueSource.Utm"/>.</value>
    public RevenueSource RevenueSource { get; set; } = RevenueSource.Utm;

    /// <summary>
    /// Gets or sets the expected share of ad-driven orders that reach Shopify without their UTM tags (in-app browsers,
    /// stripped links). When the platforms report no purchases in an hour, the modelled figure credits the ad sets
    /// with untagged orders worth tagged × rate ÷ (1 − rate), split by spend.
    /// </summary>
    /// <value>The default value is 0.2.</value>
    public double ExpectedUtmLossRate { get; set; } = 0.2;

    /// <summary>
    /// Gets or sets a value indicating whether a refund returns the refunded share of the order's cost of goods
    /// (the goods come back to stock); otherwise the cost of goods stays whole.
    /// </summary>
    /// <value>The default value is true.</value>
    public bool RefundRestoresCogs { get; set; } = true;

    /// <summary>The names of the settings that are out of range, with why.</summary>
    /// <returns>The errors; empty when valid.</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (RoasTiers is null)
        {
            errors.Add($"{nameof(RoasTiers)} must not be null (use an empty list for the default tiers)");
        }
        else
        {
            for (var i = 0; i < RoasTiers.Length; i++)
            {
                var tier = RoasTiers[i];
                if (tier is null)
                {
                    errors.Add($"{nameof(RoasTiers)}[{i}] must not be null");
                    continue;
                }

                if (!double.IsFinite(tier.Threshold) || tier.Threshold <= 0)
                {
                    errors.Add($"{nameof(RoasTiers)}[{i}].{nameof(RoasTier.Threshold)} must be a finite number > 0, got {tier.Threshold}");
                }
                else if (i > 0 && RoasTiers[i - 1] is { } previous && !(tier.Threshold > previous.Threshold))
                {
                    errors.Add($"{nameof(RoasTiers)}[{i}].{nameof(RoasTier.Threshold)} must be above the previous tier's {previous.Threshold}, got {tier.Threshold}");
                }

                if (!double.IsFinite(tier.BonusShareOfSpend) || tier.BonusShareOfSpend < 0)
                {
                    errors.Add($"{nameof(RoasTiers)}[{i}].{nameof(RoasTier.BonusShareOfSpend)} must be a finite number ≥ 0, got {tier.BonusShareOfSpend}");
                }
            }
        }

        if (PerConversionBonus < 0)
        {
            errors.Add($"{nameof(PerConversionBonus)} must be ≥ 0, got {PerConversionBonus}");
        }

        if (!double.IsFinite(PoorRoasThreshold) || PoorRoasThreshold <= 0)
        {
            errors.Add($"{nameof(PoorRoasThreshold)} must be a finite number > 0, got {PoorRoasThreshold}");
        }

        if (!(HighSpendShareOfDailyBudget >= 0 && HighSpendShareOfDailyBudget <= 1))
        {
            errors.Add($"{nameof(HighSpendShareOfDailyBudget)} must be between 0 and 1, got {HighSpendShareOfDailyBudget}");
        }

        NonNegative(PoorRoasPenaltyRate, nameof(PoorRoasPenaltyRate));
        NonNegative(BudgetSpikeThreshold, nameof(BudgetSpikeThreshold));
        NonNegative(BudgetSpikePenaltyRate, nameof(BudgetSpikePenaltyRate));
        if (LagHours is < 0 or > MaxLagHours)
        {
            errors.Add($"{nameof(LagHours)} must be between 0 and {MaxLagHours}, got {LagHours}");
        }

        if (LagWeights is null)
        {
            errors.Add($"{nameof(LagWeights)} must not be null (use an empty list for equal weights)");
        }
        else if (LagWeights.Length > 0)
        {
            if (LagWeights.Length != LagHours + 1)
            {
                errors.Add($"{nameof(LagWeights)} must have {nameof(LagHours)} + 1 = {LagHours + 1} weights, got {LagWeights.Length}");
            }

            if (LagWeights.Any(w => !double.IsFinite(w) || w < 0))
            {
                errors.Add($"{nameof(LagWeights)} must all be finite numbers ≥ 0");
            }
            else if (!(LagWeights.Sum() > 0))
            {
                errors.Add($"{nameof(LagWeights)} must not all be 0");
            }
        }

        if (!Enum.IsDefined(RevenueSource))
        {
            errors.Add($"{nameof(RevenueSource)} must be Utm or Modelled, got {RevenueSource}");
        }

        if (!(ExpectedUtmLossRate >= 0 && ExpectedUtmLossRate < 1))
        {
            errors.Add($"{nameof(ExpectedUtmLossRate)} must be in [0, 1), got {ExpectedUtmLossRate}");
        }

        return errors;

        void NonNegative(double value, string name)
        {
            if (!double.IsFinite(value) || value < 0)
            {
                errors.Add($"{name} must be a finite number ≥ 0, got {value}");
            }
        }
    }

    /// <summary>Throws when a setting is out of range, naming every bad one.</summary>
    /// <exception cref="ArgumentException">A setting is out of range.</exception>
    public void ThrowIfInvalid()
    {
        var errors = Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("invalid reward options: " + string.Join("; ", errors));
        }
    }
}

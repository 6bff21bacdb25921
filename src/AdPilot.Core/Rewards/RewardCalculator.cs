using System.Globalization;
using AdPilot.Core.Domain;
using AdPilot.Core.Features;

namespace AdPilot.Core.Rewards;

/// <summary>
/// Computes the reward of each ad set-hour (guide §8) from platform spend and Shopify orders:
/// <list type="number">
/// <item>orders are attributed to ad set-hours (<see cref="Attribution"/>), refunds netted at the order's hour;</item>
/// <item>each ad set-hour's attributed figures are spread back over the lag hours (<see cref="AttributionLag"/>);</item>
/// <item>profit = revenue − cost of goods − spend, from the configured <see cref="RevenueSource"/>;</item>
/// <item>the reward is profit + the highest ROAS tier's bonus (a share of spend) + a bonus per conversion − a penalty
/// for high spend at poor ROAS − a penalty for a budget spike over the previous hour, each rounded to the cent.</item>
/// </list>
/// The result is a pure function of its inputs: the runtime recomputes the hours <see cref="AttributionLag.AffectedHours"/>
/// names when late orders or refunds arrive and upserts them.
/// </summary>
public sealed class RewardCalculator
{
    private readonly RoasTier[] _tiers;
    private readonly decimal _perConversionBonus;
    private readonly double _poorRoasThreshold;
    private readonly double _highSpendShare;
    private readonly double _poorRoasPenaltyRate;
    private readonly double _spikeThreshold;
    private readonly double _spikePenaltyRate;
    private readonly double[] _lagWeights;
    private readonly RevenueSource _source;
    private readonly RewardOptions _attributionOptions;

    /// <summary>Initializes a new instance of the <see cref="RewardCalculator"/> class.</summary>
    /// <param name="options">The options; defaults when null. Their values are copied.</param>
    /// <exception cref="ArgumentException">The options are invalid (the message names every bad setting).</exception>
    public RewardCalculator(RewardOptions? options = null)
    {
        options ??= new RewardOptions();
        options.ThrowIfInvalid();
        _tiers = [.. options.EffectiveRoasTiers];
        _perConversionBonus = options.PerConversionBonus;
        _poorRoasThreshold = options.PoorRoasThreshold;
        _highSpendShare = options.HighSpendShareOfDailyBudget;
        _poorRoasPenaltyRate = options.PoorRoasPenaltyRate;
        _spikeThreshold = options.BudgetSpikeThreshold;
        _spikePenaltyRate = options.BudgetSpikePenaltyRate;
        _lagWeights = AttributionLag.WeightsOf(options);
        _source = options.RevenueSource;
        _attributionOptions = new RewardOptions
        {
            ExpectedUtmLossRate = options.ExpectedUtmLossRate,
            RefundRestoresCogs = options.RefundRestoresCogs,
        };
    }

    /// <summary>The rewards of every ad set-hour that has activity or attributed revenue.</summary>
    /// <param name="activity">The ad set-hours the platforms report, one per ad set and hour.</param>
    /// <param name="orders">The orders whose revenue can reach those hours (placed up to k hours after the last).</param>
    /// <param name="currency">The store currency.</param>
    /// <param name="costOfGoods">The store's cost model, for orders without a known cost of goods.</param>
    /// <param name="emit">
    /// Which ad set-hours to shape, when only some are wanted (an account's ad sets of a store-wide attribution, the
    /// hours being scored but not the hour read for its budget); every one when null. Attribution still sees all of them.
    /// </param>
    /// <returns>The rewards, by ad set then hour.</returns>
    /// <exception cref="ArgumentException">
    /// The currency is not an ISO code, an hour is not a whole UTC hour, an ad set-hour repeats or has negative spend or
    /// budget, or an order is in another currency.
    /// </exception>
    public IReadOnlyList<AdSetHourReward> Compute(
        IReadOnlyList<AdSetHourActivity> activity,
        IReadOnlyList<ShopOrder> orders,
        string currency,
        CostOfGoods costOfGoods,
        Func<AdSetRef, DateTimeOffset, bool>? emit = null)
    {
        ArgumentNullException.ThrowIfNull(activity);
        ArgumentNullException.ThrowIfNull(orders);
        ArgumentNullException.ThrowIfNull(costOfGoods);
        if (!Money.IsCurrencyCode(currency))
        {
            throw new ArgumentException($"'{currency}' is not a three-letter ISO 4217 currency code", nameof(currency));
        }

        var byKey = new Dictionary<(AdSetRef, DateTimeOffset), AdSetHourActivity>();
        foreach (var a in activity)
        {
            if (!LocalHour.IsWholeUtcHour(a.HourUtc))
            {
                throw new ArgumentException($"{a.AdSet} hour {a.HourUtc:O} is not a whole UTC hour", nameof(activity));
            }

            if (a.Spend < 0 || a.DailyBudget < 0)
            {
                throw new ArgumentException($"{a.AdSet} hour {a.HourUtc:O} has negative spend or budget", nameof(activity));
            }

            if (!byKey.TryAdd((a.AdSet, a.HourUtc.ToUniversalTime()), a))
            {
                throw new ArgumentException($"{a.AdSet} hour {a.HourUtc:O} appears twice", nameof(activity));
            }
        }

        var attribution = Attribution.Attribute(orders, activity, currency, costOfGoods, _attributionOptions);
        var spread = Spread(attribution.ByAdSetHour, currency);
        var keys = byKey.Keys.Union(spread.Keys)
            .Where(k => emit is null || emit(k.Item1, k.Item2))
            .OrderBy(k => k.Item1.Platform)
            .ThenBy(k => k.Item1.ExternalId, StringComparer.Ordinal)
            .ThenBy(k => k.Item2);
        var rewards = new List<AdSetHourReward>();
        foreach (var key in keys)
        {
            var (adSet, hour) = key;
            var a = byKey.GetValueOrDefault(key);
            decimal? previousBudget = byKey.TryGetValue((adSet, hour.AddHours(-1)), out var previous) ? previous.DailyBudget : null;
            var (utm, modelled) = spread.GetValueOrDefault(key);
            rewards.Add(Shape(adSet, hour, currency, a.Spend, a.DailyBudget, previousBudget, utm, modelled));
        }

        return rewards;
    }

    /// <summary>Shapes the reward of one ad set-hour from its figures.</summary>
    /// <param name="adSet">The ad set.</param>
    /// <param name="hourUtc">The hour.</param>
    /// <param name="currency">The store currency.</param>
    /// <param name="spend">Spend.</param>
    /// <param name="dailyBudget">The daily budget in force (0 when unknown: then any spend counts as high).</param>
    /// <param name="previousDailyBudget">The previous hour's daily budget, or null when unknown (no spike penalty).</param>
    /// <param name="utm">UTM-attributed figures.</param>
    /// <param name="modelled">Modelled figures.</param>
    /// <returns>The reward.</returns>
    public AdSetHourReward Shape(
        AdSetRef adSet,
        DateTimeOffset hourUtc,
        string currency,
        decimal spend,
        decimal dailyBudget,
        decimal? previousDailyBudget,
        OrderFigures utm,
        OrderFigures modelled)
    {
        var decimals = LargestRemainder.MinorUnitDecimals(currency);
        var figures = _source == RevenueSource.Modelled ? modelled : utm;
        var profit = figures.Revenue - figures.Cogs - spend;
        var components = new List<RewardComponent>
        {
            new(RewardComponent.Profit, profit, Text($"revenue {figures.Revenue} − cost of goods {figures.Cogs} − spend {spend}")),
        };

        var roas = spend > 0 ? (double)(figures.Revenue / spend) : (double?)null;
        if (roas is { } r && _tiers.LastOrDefault(t => r > t.Threshold) is { } tier)
        {
            Add(RewardComponent.RoasTierBonus, spend * (decimal)tier.BonusShareOfSpend, Text($"ROAS {r:0.00} > {tier.Threshold}: {tier.BonusShareOfSpend:P1} of spend"));
        }

        if (figures.Conversions != 0)
        {
            Add(RewardComponent.ConversionBonus, figures.Conversions * _perConversionBonus, Text($"{figures.Conversions:0.####} conversions × {_perConversionBonus}"));
        }

        if (roas is { } poor && poor < _poorRoasThreshold && (double)spend >= _highSpendShare * (double)dailyBudget)
        {
            var shortfall = 1 - (Math.Max(0, poor) / _poorRoasThreshold);
            Add(RewardComponent.PoorRoasPenalty, -spend * (decimal)(_poorRoasPenaltyRate * shortfall), Text($"ROAS {poor:0.00} < {_poorRoasThreshold} on spend {spend}"));
        }

        if (spend > 0 && previousDailyBudget is { } before && before > 0)
        {
            var allowed = before * (1 + (decimal)_spikeThreshold);
            if (dailyBudget > allowed)
            {
                Add(RewardComponent.BudgetSpikePenalty, -(dailyBudget - allowed) * (decimal)_spikePenaltyRate, Text($"daily budget {before} → {dailyBudget}, more than +{_spikeThreshold:P0}"));
            }
        }

        return new AdSetHourReward(
            adSet,
            hourUtc,
            currency,
            _source,
            figures.Revenue,
            figures.Cogs,
            spend,
            figures.Conversions,
            utm,
            modelled,
            components.Sum(c => c.Amount),
            components);

        void Add(string name, decimal amount, string explanation)
        {
            var rounded = Math.Round(amount, decimals, MidpointRounding.ToEven);
            if (rounded != 0)
            {
                components.Add(new RewardComponent(name, rounded, explanation));
            }
        }
    }

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private Dictionary<(AdSetRef, DateTimeOffset), (OrderFigures Utm, OrderFigures Modelled)> Spread(IReadOnlyList<AttributedRevenue> attributed, string currency)
    {
        var decimals = LargestRemainder.MinorUnitDecimals(currency);
        var result = new Dictionary<(AdSetRef, DateTimeOffset), (OrderFigures Utm, OrderFigures Modelled)>();
        foreach (var a in attributed)
        {
            var utm = SpreadFigures(a.Utm, decimals);
            var modelled = SpreadFigures(a.Modelled, decimals);
            for (var j = 0; j < _lagWeights.Length; j++)
            {
                var key = (a.AdSet, a.HourUtc.AddHours(-j));
                var existing = result.GetValueOrDefault(key);
                if (utm[j] != OrderFigures.Zero || modelled[j] != OrderFigures.Zero || j == 0)
                {
                    result[key] = (existing.Utm + utm[j], existing.Modelled + modelled[j]);
                }
            }
        }

        return result;
    }

    private OrderFigures[] SpreadFigures(OrderFigures figures, int decimals)
    {
        var revenue = LargestRemainder.Split(figures.Revenue, decimals, _lagWeights);
        var cogs = LargestRemainder.Split(figures.Cogs, decimals, _lagWeights);
        var conversions = LargestRemainder.Split(figures.Conversions, 6, _lagWeights);
        return [.. Enumerable.Range(0, _lagWeights.Length).Select(j => new OrderFigures(revenue[j], cogs[j], conversions[j]))];
    }
}

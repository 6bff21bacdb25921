using System.Globalization;
using AdPilot.Core.Domain;
using AdPilot.Core.Simulation;
using AdPilot.Runtime.Features;

namespace AdPilot.Runtime.Retraining;

/// <summary>
/// A family of scenarios calibrated on one store's accumulated data: each draw holds the store's own ad sets (those that
/// delivered in the range, or a random selection of them) with their observed CPM, click-through rate, conversion rate,
/// order value, daily budget, platform and targeting, and takes everything the data cannot tell (the shape of returns to
/// spend, competitor sensitivity, creative fatigue, the other creatives' relative click-through rates, the market's
/// hourly and weekly patterns, the platforms' learning phases, attribution lags) from a draw of <see cref="DefaultFamily"/>.
/// </summary>
/// <remarks>
/// <para>Observed rates are shrunk toward the default draw by pseudo-counts (<see cref="PriorImpressions"/>,
/// <see cref="PriorClicks"/>, <see cref="PriorOrders"/>), so an ad set with little data stays close to the family, and each
/// draw spreads them by their sampling uncertainty (a log-normal factor with a standard deviation of one over the square
/// root of the events behind the rate; for the CPM, a quarter over the square root of one plus the days of delivery), so
/// training sees the range of worlds the data allows rather than one point.</para>
/// <para>The simulator's CPM is the price at low spend and usual competition; the observed one is the price paid at the
/// ad set's mean hourly spend, so the base is recovered through the Hill curve: with half-saturation <c>K</c> (the default
/// draw's ratio to the hourly budget, applied to this ad set's budget) and shape <c>a</c>, the delivered CPM at hourly
/// spend <c>s</c> is <c>base × (u + u^(1−a))</c> with <c>u = s ÷ K</c>. The conversion rate is Shopify's UTM-attributed
/// orders per click, divided by the share of orders that keep their UTM (one minus the default draw's missing rate),
/// since the simulator's rate is the true one. Organic orders per hour are the store's orders without an ad set's UTM,
/// per hour of the range.</para>
/// </remarks>
public sealed class StoreScenarioFamily
{
    /// <summary>Impressions of the default draw's rates that an ad set's observed CPM and click-through rate are weighed against.</summary>
    public const double PriorImpressions = 5_000;

    /// <summary>Clicks of the default draw's conversion rate that the observed one is weighed against.</summary>
    public const double PriorClicks = 100;

    /// <summary>Orders of the default draw's order value that the observed one is weighed against.</summary>
    public const double PriorOrders = 3;

    private readonly RetrainingData _data;
    private readonly IReadOnlyList<AdSetObservation> _adSets;
    private readonly int _adSetsPerScenario;
    private readonly string _namePrefix;
    private readonly DateOnly _startDate;
    private readonly double _organicOrdersPerHour;

    /// <summary>Initializes a new instance of the <see cref="StoreScenarioFamily"/> class.</summary>
    /// <param name="data">The store's data.</param>
    /// <param name="adSetsPerScenario">The most ad sets one scenario holds.</param>
    /// <param name="namePrefix">The scenarios' names start with it (each ends with its seed).</param>
    /// <exception cref="ArgumentException">No ad set delivered in the range: there is nothing to calibrate on.</exception>
    public StoreScenarioFamily(RetrainingData data, int adSetsPerScenario, string namePrefix)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfLessThan(adSetsPerScenario, 1);
        ArgumentException.ThrowIfNullOrWhiteSpace(namePrefix);
        _adSets = data.Delivering;
        if (_adSets.Count == 0)
        {
            throw new ArgumentException(
                $"no ad set with a daily budget of its own in {data.Profile.Currency} delivered an impression between {data.From:u} and {data.To:u}: there is nothing to calibrate the simulator on",
                nameof(data));
        }

        _data = data;
        _adSetsPerScenario = adSetsPerScenario;
        _namePrefix = namePrefix;
        var zone = TimeZoneInfo.FindSystemTimeZoneById(data.Profile.TimeZone);
        _startDate = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(data.From, zone).DateTime);
        var hours = Math.Max(1, (data.To - data.From).TotalHours);
        _organicOrdersPerHour = Math.Round(Math.Max(0, data.Orders - data.AttributedOrders) / hours, 4);
    }

    /// <summary>Gets the ad sets the family is calibrated on.</summary>
    public IReadOnlyList<AdSetObservation> AdSets => _adSets;

    /// <summary>Draws one scenario.</summary>
    /// <param name="seed">The seed of the draw and of the scenario's world.</param>
    /// <returns>A valid scenario.</returns>
    /// <exception cref="InvalidOperationException">The calibrated scenario is not valid (a bug: every value is clamped to its range).</exception>
    public Scenario Sample(ulong seed)
    {
        var rng = Rng.ForStream(seed, 0x5E7A11ED);
        var chosen = Choose(ref rng);
        var template = DefaultFamily.Sample(seed, chosen.Count);
        var margin = (double)_data.Profile.GrossMargin;
        var adSets = new AdSetParameters[chosen.Count];
        for (var i = 0; i < chosen.Count; i++)
        {
            adSets[i] = Calibrate(chosen[i], template.AdSets[i], template.Market, margin, ref rng);
        }

        var scenario = template with
        {
            Name = string.Create(CultureInfo.InvariantCulture, $"{_namePrefix}-{seed}"),
            StartDate = _startDate,
            Store = new StoreSettings
            {
                Domain = _data.Profile.ShopDomain,
                Currency = _data.Profile.Currency,
                TimeZone = _data.Profile.TimeZone,
                GrossMargin = margin,
                OrganicOrdersPerHour = _organicOrdersPerHour,
            },
            AdSets = adSets,
        };
        var errors = ScenarioValidator.Validate(scenario);
        return errors.Count == 0
            ? scenario
            : throw new InvalidOperationException($"the calibrated scenario {scenario.Name} is not valid: {string.Join("; ", errors.Select(e => e.ToString()))}");
    }

    /// <summary>A log-normal factor with median 1 and the sampling spread of a rate measured from <paramref name="events"/> events.</summary>
    private static double Spread(ref Rng rng, double events) => rng.LogNormalWithMedian(1, 1 / Math.Sqrt(Math.Max(1, events)));

    private static AdSetParameters Calibrate(AdSetObservation o, AdSetParameters t, MarketParameters market, double margin, ref Rng rng)
    {
        var configuration = StoredConfiguration.From(o.AdSet, o.AdSet.Currency);
        var instagram = o.AdSet.Platform == Platform.Instagram;
        var budget = o.AdSet.DailyBudget!.Value;
        var minBudget = Math.Min(instagram ? 5m : 20m, budget);
        var maxBudget = Math.Round(Math.Max(budget * 10, 500m), 2);
        var impressions = (double)o.Impressions;
        var clicks = (double)o.Clicks;
        var orders = (double)o.Orders;

        // Returns to spend: the template's half-saturation relative to its hourly budget, applied to this budget.
        var shape = t.HillShape;
        var halfSaturation = Math.Clamp(t.HalfSaturationHourlySpend / ((double)t.DailyBudget / 24) * ((double)budget / 24), 0.01, 1e7);

        // CPM: the base price that, through the Hill curve at the observed hourly spend, gives the observed delivered CPM.
        var hourlySpend = o.Hours > 0 && o.Spend > 0 ? (double)o.Spend / o.Hours : (double)budget / 24;
        var u = hourlySpend / halfSaturation;
        var observedBase = (double)o.Spend * 1000 / impressions / (u + Math.Pow(u, 1 - shape));
        var weight = impressions / (impressions + PriorImpressions);
        var baseCpm = Math.Exp((weight * Math.Log(Math.Max(observedBase, 0.01))) + ((1 - weight) * Math.Log(t.BaseCpm)))
            * Spread(ref rng, 16 * (1 + (o.Hours / 24.0)));
        baseCpm = Math.Clamp(baseCpm, 0.01, 10_000);

        // Click-through rate of the running creative; the others keep the template's ratios to it.
        var templateCtr = t.CtrByCreative[configuration.CreativeType];
        var ctr = (clicks + (PriorImpressions * templateCtr)) / (impressions + PriorImpressions) * Spread(ref rng, clicks + (PriorImpressions * templateCtr));
        var ctrByCreative = new Dictionary<CreativeType, double>();
        foreach (var creative in Enum.GetValues<CreativeType>())
        {
            ctrByCreative[creative] = Math.Round(Math.Clamp(ctr * t.CtrByCreative[creative] / templateCtr, 1e-6, 0.2), 8);
        }

        // Conversion rate: attributed orders per click, corrected for orders that lose their UTM.
        var kept = 1 - market.Attribution.UtmMissingRate;
        var templateUtmCvr = t.Cvr * kept;
        var utmCvr = (orders + (PriorClicks * templateUtmCvr)) / (clicks + PriorClicks) * Spread(ref rng, orders + (PriorClicks * templateUtmCvr));
        var cvr = Math.Clamp(utmCvr / kept, 1e-6, 0.5);

        var orderValue = (((double)o.Revenue) + (PriorOrders * t.AverageOrderValue)) / (orders + PriorOrders) * Spread(ref rng, (orders + PriorOrders) * 4);
        orderValue = Math.Clamp(orderValue, 0.01, 1e7);

        // Fatigue: the template's half-life in days of delivery, at this ad set's daily impressions.
        var templateDaily = (double)t.DailyBudget / t.BaseCpm * 1000;
        var daily = (double)budget / baseCpm * 1000;
        var fatigue = Math.Clamp(t.FatigueHalfLifeImpressions / templateDaily * daily, 1, 1e12);

        var bid = configuration.BidStrategy.IsValid
            ? configuration.BidStrategy
            : new BidStrategy(configuration.BidStrategy.Kind, Math.Max(0.01m, Math.Round((decimal)(orderValue * margin), 2)));
        return t with
        {
            Id = o.AdSet.ExternalId,
            Name = string.IsNullOrWhiteSpace(o.AdSet.Name) ? o.AdSet.ExternalId : o.AdSet.Name,
            Platform = o.AdSet.Platform,
            TargetAgeGroup = configuration.TargetAgeGroup,
            TargetInterests = configuration.TargetInterests,
            CreativeType = configuration.CreativeType,
            DailyBudget = budget,
            MinDailyBudget = minBudget,
            MaxDailyBudget = maxBudget,
            BidStrategy = bid,
            BaseCpm = Math.Round(baseCpm, 4),
            HalfSaturationHourlySpend = Math.Round(halfSaturation, 4),
            CtrByCreative = ctrByCreative,
            Cvr = Math.Round(cvr, 8),
            AverageOrderValue = Math.Round(orderValue, 2),
            FatigueHalfLifeImpressions = Math.Round(fatigue),
        };
    }

    /// <summary>All the ad sets when they fit in one scenario; else a random selection of them, in the store's order.</summary>
    private List<AdSetObservation> Choose(ref Rng rng)
    {
        if (_adSets.Count <= _adSetsPerScenario)
        {
            return [.. _adSets];
        }

        var indices = Enumerable.Range(0, _adSets.Count).ToArray();
        for (var i = 0; i < _adSetsPerScenario; i++)
        {
            var j = i + rng.NextInt(indices.Length - i);
            (indices[i], indices[j]) = (indices[j], indices[i]);
        }

        return [.. indices.Take(_adSetsPerScenario).Order().Select(i => _adSets[i])];
    }
}

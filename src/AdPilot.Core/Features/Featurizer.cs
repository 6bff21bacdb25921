using AdPilot.Core.Domain;

namespace AdPilot.Core.Features;

/// <summary>
/// Builds an ad set's <see cref="AdEnvironmentState"/> at the start of a UTC hour from its hourly history (guide §7),
/// with the simulator's meaning for every field:
/// <list type="bullet">
/// <item>day and hour: the hour's local weekday and hour in the store's zone (<see cref="LocalHour"/>);</item>
/// <item>historical CTR and CVR: <see cref="ShrunkEwma"/> of clicks ÷ impressions and attributed orders ÷ clicks,
/// shrunk toward the <see cref="AccountPrior"/>, the hour just completed weighing 1;</item>
/// <item>competitor activity: <see cref="CompetitorActivity"/> over the CPMs of the hours with impressions;</item>
/// <item>seasonality: the store's <see cref="SeasonalityTable"/> factor of the hour;</item>
/// <item>spend and revenue of the trailing 24 hours, and the configuration as given.</item>
/// </list>
/// Only rows before the hour are read: a state is what a policy can know when the hour starts.
/// </summary>
public sealed class Featurizer
{
    private readonly double _rateHalfLifeHours;
    private readonly double _cpmHalfLifeHours;
    private readonly int _competitorMinimumHours;
    private readonly int _historyHours;

    /// <summary>Initializes a new instance of the <see cref="Featurizer"/> class.</summary>
    /// <param name="options">The settings; defaults when null. Their values are copied.</param>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public Featurizer(FeaturizerOptions? options = null)
    {
        options ??= new FeaturizerOptions();
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("invalid featurizer options: " + string.Join("; ", errors), nameof(options));
        }

        _rateHalfLifeHours = options.RateHalfLifeHours;
        _cpmHalfLifeHours = options.CpmBaselineHalfLifeHours;
        _competitorMinimumHours = options.CompetitorMinimumHours;
        _historyHours = options.HistoryHours;
    }

    /// <summary>The state of an ad set at the start of an hour.</summary>
    /// <param name="hourUtc">The hour, a whole UTC hour.</param>
    /// <param name="history">The ad set's hourly rows, in any order, one per hour; rows at or after the hour are ignored.</param>
    /// <param name="configuration">The ad set's configuration at the hour.</param>
    /// <param name="prior">The account's prior for CTR and CVR.</param>
    /// <param name="seasonality">The store's seasonality.</param>
    /// <param name="zone">The store's time zone.</param>
    /// <returns>The state.</returns>
    /// <exception cref="ArgumentException">
    /// The hour or a row's hour is not a whole UTC hour, two rows share an hour, a row has negative counts, or the prior is invalid.
    /// </exception>
    public AdEnvironmentState StateAt(
        DateTimeOffset hourUtc,
        IReadOnlyList<AdSetHour> history,
        AdSetConfiguration configuration,
        AccountPrior prior,
        SeasonalityTable seasonality,
        TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(seasonality);
        ArgumentNullException.ThrowIfNull(zone);
        if (!LocalHour.IsWholeUtcHour(hourUtc))
        {
            throw new ArgumentException($"{hourUtc:O} is not a whole UTC hour", nameof(hourUtc));
        }

        var priorErrors = prior.Validate();
        if (priorErrors.Count > 0)
        {
            throw new ArgumentException("invalid prior: " + string.Join("; ", priorErrors), nameof(prior));
        }

        var rows = Window(hourUtc, history);
        var ctr = new RateObservation[rows.Count];
        var cvr = new RateObservation[rows.Count];
        var cpms = new List<double>(rows.Count);
        double spend24 = 0;
        double revenue24 = 0;
        for (var i = 0; i < rows.Count; i++)
        {
            var (age, row) = rows[i];
            ctr[i] = new RateObservation(age, row.Clicks, row.Impressions);
            cvr[i] = new RateObservation(age, row.AttributedOrders, row.Clicks);
            if (CompetitorActivity.Cpm((double)row.Spend, row.Impressions) is { } cpm)
            {
                cpms.Add(cpm);
            }

            if (age < 24)
            {
                spend24 += (double)row.Spend;
                revenue24 += (double)row.AttributedRevenue;
            }
        }

        var local = LocalHour.FromUtc(hourUtc, zone);
        return new AdEnvironmentState(
            local.DayOfWeek,
            local.HourOfDay,
            (double)configuration.DailyBudget.Amount,
            configuration.TargetAgeGroup,
            configuration.TargetInterests,
            configuration.CreativeType,
            configuration.Platform,
            ShrunkEwma.Rate(ctr, prior.Ctr, prior.CtrWeightImpressions, _rateHalfLifeHours),
            ShrunkEwma.Rate(cvr, prior.Cvr, prior.CvrWeightClicks, _rateHalfLifeHours),
            CompetitorActivity.FromCpms(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(cpms), _cpmHalfLifeHours, _competitorMinimumHours),
            seasonality.Factor(local.HourOfWeek),
            configuration.BidStrategy,
            configuration.Status,
            spend24,
            revenue24,
            configuration.InLearningPhase);
    }

    /// <summary>The rows of the history window, oldest first, each with its age (0 = the hour just completed).</summary>
    private List<(int Age, AdSetHour Row)> Window(DateTimeOffset hourUtc, IReadOnlyList<AdSetHour> history)
    {
        var rows = new List<(int Age, AdSetHour Row)>();
        foreach (var row in history)
        {
            if (!LocalHour.IsWholeUtcHour(row.HourUtc))
            {
                throw new ArgumentException($"row hour {row.HourUtc:O} is not a whole UTC hour", nameof(history));
            }

            if (row.Spend < 0 || row.Impressions < 0 || row.Clicks < 0 || row.PlatformPurchases < 0
                || !(row.AttributedOrders >= 0) || !double.IsFinite(row.AttributedOrders))
            {
                throw new ArgumentException($"row of {row.HourUtc:O} has a negative or non-finite count or spend", nameof(history));
            }

            var age = (int)((hourUtc.UtcTicks - row.HourUtc.UtcTicks) / TimeSpan.TicksPerHour) - 1;
            if (age >= 0 && age < _historyHours)
            {
                rows.Add((age, row));
            }
        }

        rows.Sort(static (a, b) => b.Age.CompareTo(a.Age));
        for (var i = 1; i < rows.Count; i++)
        {
            if (rows[i].Age == rows[i - 1].Age)
            {
                throw new ArgumentException($"two rows for the hour {rows[i].Row.HourUtc:O}", nameof(history));
            }
        }

        return rows;
    }
}

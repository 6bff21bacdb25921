using System.Buffers;
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
    /// <summary>The parameter a bad row is reported against.</summary>
    private const string History = "history";

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
        return StateAt(hourUtc, Summarize(hourUtc, history), configuration, prior, seasonality, zone);
    }

    /// <summary>
    /// What an ad set's history says at the start of an hour, before the account's prior is applied: the decayed sums
    /// behind its CTR and CVR, competitor activity, the trailing day's spend and revenue, and the window's totals (from
    /// which the account's prior is pooled). A store's ad sets are summarised one at a time as their rows stream by;
    /// only the summaries are kept until the prior is known.
    /// </summary>
    /// <param name="hourUtc">The hour, a whole UTC hour.</param>
    /// <param name="history">The ad set's hourly rows, in any order (oldest first reads them without a copy), one per hour; rows at or after the hour or older than the window are ignored.</param>
    /// <returns>The summary.</returns>
    /// <exception cref="ArgumentException">
    /// The hour or a row's hour is not a whole UTC hour, two rows share an hour, or a row has negative counts.
    /// </exception>
    public HistorySummary Summarize(DateTimeOffset hourUtc, IReadOnlyList<AdSetHour> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        if (!LocalHour.IsWholeUtcHour(hourUtc))
        {
            throw new ArgumentException($"{hourUtc:O} is not a whole UTC hour", nameof(hourUtc));
        }

        var rows = OldestFirst(history);
        double[]? rented = null;
        var cpms = rows.Count <= 256 ? stackalloc double[256] : (rented = ArrayPool<double>.Shared.Rent(rows.Count));
        try
        {
            return SummarizeOldestFirst(hourUtc, rows, cpms);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<double>.Shared.Return(rented);
            }
        }
    }

    private HistorySummary SummarizeOldestFirst(DateTimeOffset hourUtc, IReadOnlyList<AdSetHour> rows, Span<double> cpms)
    {
        double ctrNumerator = 0, ctrDenominator = 0, cvrNumerator = 0, cvrDenominator = 0;
        double impressions = 0, clicks = 0, orders = 0, spend24 = 0, revenue24 = 0;
        var cpmCount = 0;
        var previousAge = int.MaxValue;
        foreach (var row in rows)
        {
            Validate(row);
            var age = (int)((hourUtc.UtcTicks - row.HourUtc.UtcTicks) / TimeSpan.TicksPerHour) - 1;
            if (age < 0 || age >= _historyHours)
            {
                continue;
            }

            if (age == previousAge)
            {
                throw new ArgumentException($"two rows for the hour {row.HourUtc:O}", History);
            }

            previousAge = age;
            var w = Math.Pow(2, -(double)age / _rateHalfLifeHours);
            ctrNumerator += w * row.Clicks;
            ctrDenominator += w * row.Impressions;
            cvrNumerator += w * row.AttributedOrders;
            cvrDenominator += w * row.Clicks;
            impressions += row.Impressions;
            clicks += row.Clicks;
            orders += row.AttributedOrders;
            if (CompetitorActivity.Cpm((double)row.Spend, row.Impressions) is { } cpm)
            {
                cpms[cpmCount++] = cpm;
            }

            if (age < 24)
            {
                spend24 += (double)row.Spend;
                revenue24 += (double)row.AttributedRevenue;
            }
        }

        return new HistorySummary(
            ctrNumerator,
            ctrDenominator,
            cvrNumerator,
            cvrDenominator,
            CompetitorActivity.FromCpms(cpms[..cpmCount], _cpmHalfLifeHours, _competitorMinimumHours),
            spend24,
            revenue24,
            impressions,
            clicks,
            orders);
    }

    /// <summary>The state of an ad set at the start of an hour, from its history's summary.</summary>
    /// <param name="hourUtc">The hour, a whole UTC hour.</param>
    /// <param name="summary">The ad set's history at the hour (<see cref="Summarize"/>).</param>
    /// <param name="configuration">The ad set's configuration at the hour.</param>
    /// <param name="prior">The account's prior for CTR and CVR.</param>
    /// <param name="seasonality">The store's seasonality.</param>
    /// <param name="zone">The store's time zone.</param>
    /// <returns>The state.</returns>
    /// <exception cref="ArgumentException">The hour is not a whole UTC hour, or the prior is invalid.</exception>
    public AdEnvironmentState StateAt(
        DateTimeOffset hourUtc,
        in HistorySummary summary,
        AdSetConfiguration configuration,
        AccountPrior prior,
        SeasonalityTable seasonality,
        TimeZoneInfo zone)
    {
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

        var local = LocalHour.FromUtc(hourUtc, zone);
        return new AdEnvironmentState(
            local.DayOfWeek,
            local.HourOfDay,
            (double)configuration.DailyBudget.Amount,
            configuration.TargetAgeGroup,
            configuration.TargetInterests,
            configuration.CreativeType,
            configuration.Platform,
            ShrunkEwma.Shrink(summary.CtrNumerator, summary.CtrDenominator, prior.Ctr, prior.CtrWeightImpressions),
            ShrunkEwma.Shrink(summary.CvrNumerator, summary.CvrDenominator, prior.Cvr, prior.CvrWeightClicks),
            summary.CompetitorActivity,
            seasonality.Factor(local.HourOfWeek),
            configuration.BidStrategy,
            configuration.Status,
            summary.Spend24,
            summary.Revenue24,
            configuration.InLearningPhase);
    }

    private static void Validate(in AdSetHour row)
    {
        if (!LocalHour.IsWholeUtcHour(row.HourUtc))
        {
            throw new ArgumentException($"row hour {row.HourUtc:O} is not a whole UTC hour", History);
        }

        if (row.Spend < 0 || row.Impressions < 0 || row.Clicks < 0 || row.PlatformPurchases < 0
            || !(row.AttributedOrders >= 0) || !double.IsFinite(row.AttributedOrders))
        {
            throw new ArgumentException($"row of {row.HourUtc:O} has a negative or non-finite count or spend", History);
        }
    }

    /// <summary>The rows oldest first: as given when they already are (as the feature store passes them), else a sorted copy.</summary>
    private static IReadOnlyList<AdSetHour> OldestFirst(IReadOnlyList<AdSetHour> history)
    {
        for (var i = 1; i < history.Count; i++)
        {
            if (history[i].HourUtc.UtcTicks < history[i - 1].HourUtc.UtcTicks)
            {
                return [.. history.OrderBy(h => h.HourUtc.UtcTicks)];
            }
        }

        return history;
    }
}

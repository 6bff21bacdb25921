using AdPilot.Core.Domain;

namespace AdPilot.Core.Training.Backtest;

/// <summary>
/// A store's spend-response model: per ad set, the expected Shopify-attributed revenue of an hour as a saturating function
/// of that hour's spend, times a store-wide hour-of-day profile, with ad sets that have little data shrunk toward the
/// account. It answers "what would this ad set have brought in had it spent s in that hour", which is what estimates the
/// profit of budgets that were never run (backtests, the shadow report).
/// </summary>
/// <remarks>
/// <para>
/// The curve of ad set a in local hour h: E[revenue] = m(h) × βₐ × s ÷ (1 + s ÷ Kₐ) — Michaelis–Menten saturation, the
/// shape of diminishing returns that marketing-mix tools fit (a Hill curve of shape 1). βₐ is the ROAS of the first unit of
/// spend in an average hour, Kₐ the spend at which ROAS has halved, and m(h) the hour-of-day profile (mean 1 over the 24
/// hours), shared by every ad set because one ad set's hours are too few to learn 24 factors.
/// </para>
/// <para>
/// Fitting, by maximum a posteriori with Gaussian noise, in the parameters the data pin down best: ρₐ, the ROAS at the ad
/// set's typical spend Sₐ (its mean over the hours it spent), and the saturation multiple κₐ = Kₐ ÷ Sₐ (so βₐ = ρₐ(1 + 1/κₐ)).
/// Hours that all spend about Sₐ say much about ρₐ and nothing about κₐ, which then stays at its prior. The account's
/// (ρ, κ) are fitted to every ad set's hours at once, under a weak prior on log κ
/// (<see cref="SpendResponseOptions.AccountSaturationPrior"/>). Each ad set's ρₐ then has the prior N(ρ, (r × ρ)²) and its
/// log κₐ the prior N(log κ, s²) (<see cref="SpendResponseOptions.RoasPriorRelativeSd"/>,
/// <see cref="SpendResponseOptions.SaturationPriorLogSd"/>), weighed against its own hours with its residual variance
/// (pulled toward the account's by <see cref="SpendResponseOptions.VariancePseudoHours"/>): an ad set with a handful of
/// hours keeps close to the account. For a given κ the best ρ is closed-form (a ridge regression on one variable, floored
/// at 0); κ is searched on a log grid and refined by golden-section search. The hour-of-day profile is a shrunk, smoothed ratio of
/// actual to expected revenue per hour of day, refitted in alternation with the curves
/// (<see cref="SpendResponseOptions.Iterations"/> rounds).
/// </para>
/// <para>
/// Limits: the model knows only spend and the hour of day. It cannot separate a budget's effect from anything that moved
/// with it (a promotion, a new creative, a competitor leaving), has no day-of-week or trend term, no carry-over of one
/// hour's ads into later hours' orders (adstock), and it extrapolates: beyond about twice the largest hourly spend an ad
/// set has run, its curve is the prior's shape, not evidence.
/// </para>
/// </remarks>
public sealed class SpendResponseCurve
{
    /// <summary>The placeholder ad set that names the account's own curve.</summary>
    public static readonly AdSetRef AccountRef = new(Platform.Instagram, "account");

    private const int HoursPerDay = 24;
    private static readonly double GoldenRatio = (Math.Sqrt(5) - 1) / 2;

    private readonly Dictionary<AdSetRef, AdSetResponse> _byAdSet;
    private readonly double[] _hourProfile;

    private SpendResponseCurve(AdSetResponse account, AdSetResponse[] adSets, double[] hourProfile, SpendResponseDiagnostics diagnostics)
    {
        Account = account;
        AdSets = adSets;
        _byAdSet = adSets.ToDictionary(a => a.AdSet);
        _hourProfile = hourProfile;
        Diagnostics = diagnostics;
    }

    /// <summary>Gets the account's curve: the ad sets' prior, and the curve of an ad set the history never saw.</summary>
    public AdSetResponse Account { get; }

    /// <summary>Gets each ad set's curve, by platform then id.</summary>
    public IReadOnlyList<AdSetResponse> AdSets { get; }

    /// <summary>Gets the hour-of-day profile: 24 factors, local hour 0 first, averaging 1.</summary>
    public IReadOnlyList<double> HourProfile => _hourProfile;

    /// <summary>Gets how well the model fits its history.</summary>
    public SpendResponseDiagnostics Diagnostics { get; }

    /// <summary>Fits the model to hourly history.</summary>
    /// <param name="history">
    /// The ad set-hours, in any order. Hours without spend say nothing about the curve (which is 0 there): revenue in them
    /// (late orders, tags that name a paused ad set) is left to the diagnostics, not the fit.
    /// </param>
    /// <param name="options">The priors and search settings; defaults when null.</param>
    /// <returns>The fitted model.</returns>
    /// <exception cref="ArgumentException">
    /// The options are invalid, a row has an hour of day outside 0–23, a negative or non-finite spend or a non-finite
    /// revenue, or no hour has any spend (nothing to fit).
    /// </exception>
    public static SpendResponseCurve Fit(IReadOnlyList<SpendRevenueHour> history, SpendResponseOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(history);
        options ??= new SpendResponseOptions();
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("invalid spend-response options: " + string.Join("; ", errors), nameof(options));
        }

        var series = Group(history);
        return new Fitter(series, options, null).Run();
    }

    /// <summary>
    /// Refits the model to other history (a bootstrap resample) starting from this model's hour-of-day profile, so fewer
    /// rounds reach the same point.
    /// </summary>
    /// <param name="history">The history.</param>
    /// <param name="options">The priors and search settings.</param>
    /// <returns>The fitted model.</returns>
    internal SpendResponseCurve Refit(IReadOnlyList<SpendRevenueHour> history, SpendResponseOptions options) =>
        new Fitter(Group(history), options, _hourProfile).Run();

    /// <summary>An ad set's curve, or the account's for an ad set the history never saw.</summary>
    /// <param name="adSet">The ad set.</param>
    /// <returns>The curve.</returns>
    public AdSetResponse For(AdSetRef adSet) => _byAdSet.GetValueOrDefault(adSet, Account);

    /// <summary>Whether the history had hours of an ad set (otherwise <see cref="For"/> gives the account's curve).</summary>
    /// <param name="adSet">The ad set.</param>
    /// <returns>Whether it has its own curve.</returns>
    public bool Knows(AdSetRef adSet) => _byAdSet.ContainsKey(adSet);

    /// <summary>The hour-of-day factor of a local hour.</summary>
    /// <param name="hourOfDay">The hour, 0–23, in the store's time zone.</param>
    /// <returns>The factor (1 = an average hour).</returns>
    /// <exception cref="ArgumentOutOfRangeException">The hour is outside 0–23.</exception>
    public double HourFactor(int hourOfDay)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(hourOfDay);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(hourOfDay, HoursPerDay - 1);
        return _hourProfile[hourOfDay];
    }

    /// <summary>The account's expected hourly revenue at an hourly spend (its typical ad set's curve).</summary>
    /// <param name="hourlySpend">The spend in the hour, in the store currency.</param>
    /// <param name="hourOfDay">The local hour of day, 0–23.</param>
    /// <returns>The expected revenue.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The hour is outside 0–23.</exception>
    public double ExpectedRevenue(double hourlySpend, int hourOfDay) => Account.ExpectedRevenue(hourlySpend, HourFactor(hourOfDay));

    /// <summary>An ad set's expected revenue in an hour at an hourly spend (the account's curve for an ad set never seen).</summary>
    /// <param name="adSet">The ad set.</param>
    /// <param name="hourlySpend">The spend in the hour, in the store currency.</param>
    /// <param name="hourOfDay">The local hour of day, 0–23.</param>
    /// <returns>The expected revenue.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The hour is outside 0–23.</exception>
    public double ExpectedRevenue(AdSetRef adSet, double hourlySpend, int hourOfDay) => For(adSet).ExpectedRevenue(hourlySpend, HourFactor(hourOfDay));

    /// <summary>An ad set's return on one more unit of spend at an hourly spend.</summary>
    /// <param name="adSet">The ad set.</param>
    /// <param name="hourlySpend">The spend in the hour.</param>
    /// <param name="hourOfDay">The local hour of day, 0–23.</param>
    /// <returns>d revenue ÷ d spend.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The hour is outside 0–23.</exception>
    public double MarginalRoas(AdSetRef adSet, double hourlySpend, int hourOfDay) => For(adSet).MarginalRoas(hourlySpend, HourFactor(hourOfDay));

    private static Series[] Group(IReadOnlyList<SpendRevenueHour> history)
    {
        var byAdSet = new Dictionary<AdSetRef, List<SpendRevenueHour>>();
        for (var i = 0; i < history.Count; i++)
        {
            var row = history[i];
            if (row.HourOfDay is < 0 or >= HoursPerDay)
            {
                throw new ArgumentException($"row {i} ({row.AdSet}, {row.HourUtc:O}): hour of day {row.HourOfDay} is outside 0–23", nameof(history));
            }

            if (!double.IsFinite(row.Spend) || row.Spend < 0)
            {
                throw new ArgumentException($"row {i} ({row.AdSet}, {row.HourUtc:O}): spend {row.Spend} is negative or not finite", nameof(history));
            }

            if (!double.IsFinite(row.Revenue))
            {
                throw new ArgumentException($"row {i} ({row.AdSet}, {row.HourUtc:O}): revenue {row.Revenue} is not finite", nameof(history));
            }

            if (!byAdSet.TryGetValue(row.AdSet, out var rows))
            {
                byAdSet[row.AdSet] = rows = [];
            }

            rows.Add(row);
        }

        if (!byAdSet.Values.Any(rows => rows.Any(r => r.Spend > 0)))
        {
            throw new ArgumentException("no hour of the history has any spend: a spend-response curve needs spend to be fitted", nameof(history));
        }

        return [.. byAdSet
            .OrderBy(kv => kv.Key.Platform)
            .ThenBy(kv => kv.Key.ExternalId, StringComparer.Ordinal)
            .Select(kv => new Series(kv.Key, kv.Value))];
    }

    /// <summary>One ad set's hours as arrays.</summary>
    private sealed class Series
    {
        public Series(AdSetRef adSet, List<SpendRevenueHour> rows)
        {
            AdSet = adSet;
            Hour = [.. rows.Select(r => r.HourOfDay)];
            Spend = [.. rows.Select(r => r.Spend)];
            Revenue = [.. rows.Select(r => r.Revenue)];
            HoursWithSpend = Spend.Count(s => s > 0);
            TypicalSpend = HoursWithSpend > 0 ? Spend.Where(s => s > 0).Average() : 0;
        }

        public AdSetRef AdSet { get; }

        public int[] Hour { get; }

        public double[] Spend { get; }

        public double[] Revenue { get; }

        public int HoursWithSpend { get; }

        /// <summary>Gets or sets the mean spend of the hours that spent (the account's when it never spent).</summary>
        public double TypicalSpend { get; set; }

        public int Count => Spend.Length;
    }

    /// <summary>The curve's parameters for one ad set during the fit.</summary>
    private readonly record struct Parameters(double Rho, double Kappa, double DataWeight);


    /// <summary>The alternating fit of curves and hour-of-day profile.</summary>
    private sealed class Fitter
    {
        private readonly Series[] _series;
        private readonly SpendResponseOptions _options;
        private readonly double[] _profile = Enumerable.Repeat(1.0, HoursPerDay).ToArray();
        private readonly double _accountTypicalSpend;
        private readonly int _total;

        public Fitter(Series[] series, SpendResponseOptions options, double[]? startProfile)
        {
            _series = series;
            _options = options;
            startProfile?.CopyTo(_profile, 0);
            _total = series.Sum(s => s.Count);
            var spent = series.SelectMany(s => s.Spend).Where(v => v > 0).ToArray();
            _accountTypicalSpend = spent.Average();
            foreach (var s in series.Where(s => s.HoursWithSpend == 0))
            {
                s.TypicalSpend = _accountTypicalSpend;
            }
        }

        public SpendResponseCurve Run()
        {
            (double Rho, double Kappa) account = default;
            var fitted = new Parameters[_series.Length];
            for (var round = 0; round < _options.Iterations; round++)
            {
                account = FitAccount();
                var pooledVariance = PooledVariance(account);
                for (var i = 0; i < _series.Length; i++)
                {
                    fitted[i] = FitAdSet(_series[i], account, pooledVariance);
                }

                if (round < _options.Iterations - 1)
                {
                    UpdateProfile(fitted);
                }
            }

            return Build(account, fitted);
        }

        /// <summary>The account's (β, κ): every ad set's hours under one shape, K = κ × the ad set's typical spend.</summary>
        private (double Rho, double Kappa) FitAccount()
        {
            var priorMean = Math.Log(_options.AccountSaturationPrior);
            var priorSd = _options.AccountSaturationPriorLogSd;
            var spent = Math.Max(1, _series.Sum(s => s.HoursWithSpend));
            var scale = _series.Sum(s => s.Revenue.Sum(r => r * r)) / _total;
            var epsilon = 1e-12 * (scale + 1e-12);

            double Objective(double logKappa)
            {
                var sse = AccountRho(Math.Exp(logKappa)).Sse;
                var z = (logKappa - priorMean) / priorSd;
                return (0.5 * spent * Math.Log((sse / spent) + epsilon)) + (0.5 * z * z);
            }

            var logKappa = Minimize(Objective);
            var kappa = Math.Exp(logKappa);
            return (AccountRho(kappa).Rho, kappa);
        }

        private (double Rho, double Sse) AccountRho(double kappa)
        {
            double xy = 0, xx = 0, yy = 0;
            foreach (var s in _series)
            {
                for (var t = 0; t < s.Count; t++)
                {
                    if (s.Spend[t] > 0)
                    {
                        var x = _profile[s.Hour[t]] * Shape(s.Spend[t], kappa, s.TypicalSpend);
                        xy += x * s.Revenue[t];
                        xx += x * x;
                        yy += s.Revenue[t] * s.Revenue[t];
                    }
                }
            }

            var rho = xx > 0 ? Math.Max(0, xy / xx) : 0;
            return (rho, Math.Max(0, yy - (2 * rho * xy) + (rho * rho * xx)));
        }

        /// <summary>The account's residual variance per unit of typical spend (revenue's variance grows with its scale).</summary>
        private double PooledVariance((double Rho, double Kappa) account)
        {
            double sse = 0, exposure = 0;
            foreach (var s in _series)
            {
                sse += Sse(s, account.Rho, account.Kappa, spentOnly: true);
                exposure += s.HoursWithSpend * s.TypicalSpend;
            }

            return exposure > 0 ? sse / exposure : 0;
        }

        private Parameters FitAdSet(Series s, (double Rho, double Kappa) account, double pooledVariance)
        {
            var prior = pooledVariance * s.TypicalSpend;
            var own = Sse(s, account.Rho, account.Kappa, spentOnly: true);
            var nu = _options.VariancePseudoHours;
            var variance = (own + (nu * prior)) / Math.Max(1e-9, s.HoursWithSpend + nu);
            var floor = 1e-12 * (1 + (account.Rho * s.TypicalSpend * account.Rho * s.TypicalSpend));
            variance = Math.Max(variance, floor);

            var rhoPriorSd = _options.RoasPriorRelativeSd * Math.Max(account.Rho, 1e-9);
            var rhoPrecision = 1 / (rhoPriorSd * rhoPriorSd);
            var kappaPriorMean = Math.Log(account.Kappa);
            var kappaPriorSd = _options.SaturationPriorLogSd;

            (double Rho, double Objective, double Weight) Evaluate(double logKappa)
            {
                var kappa = Math.Exp(logKappa);
                double xy = 0, xx = 0, yy = 0;
                for (var t = 0; t < s.Count; t++)
                {
                    var x = _profile[s.Hour[t]] * Shape(s.Spend[t], kappa, s.TypicalSpend);
                    xy += x * s.Revenue[t];
                    xx += x * x;
                    yy += s.Revenue[t] * s.Revenue[t];
                }

                var dataPrecision = xx / variance;
                var rho = Math.Max(0, ((xy / variance) + (account.Rho * rhoPrecision)) / (dataPrecision + rhoPrecision));
                var sse = Math.Max(0, yy - (2 * rho * xy) + (rho * rho * xx));
                var zr = (rho - account.Rho) / rhoPriorSd;
                var zk = (logKappa - kappaPriorMean) / kappaPriorSd;
                var objective = (0.5 * sse / variance) + (0.5 * zr * zr) + (0.5 * zk * zk);
                return (rho, objective, dataPrecision / (dataPrecision + rhoPrecision));
            }

            var best = Minimize(logKappa => Evaluate(logKappa).Objective);
            var (b, _, weight) = Evaluate(best);
            return new Parameters(b, Math.Exp(best), weight);
        }

        /// <summary>
        /// m(h) = (actual + ψ·r) ÷ (expected + ψ) per local hour, r the overall ratio and ψ pseudo-hours of average expected
        /// revenue, smoothed around the day's circle, then scaled to average 1 (the curves' ρ absorb the scale on the next round).
        /// </summary>
        private void UpdateProfile(Parameters[] fitted)
        {
            var actual = new double[HoursPerDay];
            var expected = new double[HoursPerDay];
            for (var i = 0; i < _series.Length; i++)
            {
                var s = _series[i];
                for (var t = 0; t < s.Count; t++)
                {
                    if (s.Spend[t] > 0)
                    {
                        actual[s.Hour[t]] += s.Revenue[t];
                        expected[s.Hour[t]] += fitted[i].Rho * Shape(s.Spend[t], fitted[i].Kappa, s.TypicalSpend);
                    }
                }
            }

            var totalExpected = expected.Sum();
            if (!(totalExpected > 0))
            {
                return;
            }

            var ratio = Math.Max(actual.Sum(), 1e-9 * totalExpected) / totalExpected;
            var pseudo = _options.HourProfilePseudoHours * totalExpected / Math.Max(1, _series.Sum(s => s.HoursWithSpend));
            for (var h = 0; h < HoursPerDay; h++)
            {
                var denominator = expected[h] + pseudo;
                _profile[h] = denominator > 0 ? Math.Max(0.01 * ratio, (actual[h] + (pseudo * ratio)) / denominator) : ratio;
            }

            var radius = _options.HourProfileSmoothingRadius;
            var raw = (double[])_profile.Clone();
            for (var h = 0; h < HoursPerDay; h++)
            {
                double sum = 0, weights = 0;
                for (var d = -radius; d <= radius; d++)
                {
                    var w = radius + 1 - Math.Abs(d);
                    sum += w * raw[(h + d + HoursPerDay) % HoursPerDay];
                    weights += w;
                }

                _profile[h] = sum / weights;
            }

            var mean = _profile.Average();
            for (var h = 0; h < HoursPerDay; h++)
            {
                _profile[h] /= mean;
            }
        }

        private SpendResponseCurve Build((double Rho, double Kappa) account, Parameters[] fitted)
        {
            var responses = new AdSetResponse[_series.Length];
            double sse = 0, actualTotal = 0, fittedTotal = 0;
            var mean = _series.Sum(s => s.Revenue.Sum()) / _total;
            double sst = 0;
            for (var i = 0; i < _series.Length; i++)
            {
                var s = _series[i];
                var kappa = fitted[i].Kappa;
                var own = Sse(s, fitted[i].Rho, kappa);
                var ownMean = s.Revenue.Average();
                var ownSst = s.Revenue.Sum(r => (r - ownMean) * (r - ownMean));
                var ownFitted = 0.0;
                for (var t = 0; t < s.Count; t++)
                {
                    ownFitted += fitted[i].Rho * _profile[s.Hour[t]] * Shape(s.Spend[t], kappa, s.TypicalSpend);
                    sst += (s.Revenue[t] - mean) * (s.Revenue[t] - mean);
                }

                sse += own;
                actualTotal += s.Revenue.Sum();
                fittedTotal += ownFitted;
                responses[i] = new AdSetResponse(
                    s.AdSet,
                    fitted[i].Rho * (1 + (1 / kappa)),
                    kappa * s.TypicalSpend,
                    s.TypicalSpend,
                    s.Count,
                    s.HoursWithSpend,
                    s.Revenue.Sum(),
                    ownFitted,
                    s.HoursWithSpend > 0 ? fitted[i].DataWeight : 0,
                    ownSst > 0 ? 1 - (own / ownSst) : 0);
            }

            var accountResponse = new AdSetResponse(
                AccountRef,
                account.Rho * (1 + (1 / account.Kappa)),
                account.Kappa * _accountTypicalSpend,
                _accountTypicalSpend,
                _total,
                _series.Sum(s => s.HoursWithSpend),
                actualTotal,
                fittedTotal,
                1,
                sst > 0 ? 1 - (sse / sst) : 0);
            var diagnostics = new SpendResponseDiagnostics(
                _total,
                accountResponse.HoursWithSpend,
                _series.Length,
                accountResponse.InitialRoas,
                account.Kappa,
                actualTotal,
                fittedTotal,
                accountResponse.RSquared,
                Math.Sqrt(sse / _total),
                responses.Average(r => r.DataWeight),
                _options.Iterations);
            return new SpendResponseCurve(accountResponse, responses, [.. _profile], diagnostics);
        }

        /// <summary>The residual sum of squares; over the hours that spent only, when asked (revenue in an hour without spend says nothing about the curve, which is 0 there).</summary>
        private double Sse(Series s, double rho, double kappa, bool spentOnly = false)
        {
            double sse = 0;
            for (var t = 0; t < s.Count; t++)
            {
                if (spentOnly && !(s.Spend[t] > 0))
                {
                    continue;
                }

                var e = s.Revenue[t] - (rho * _profile[s.Hour[t]] * Shape(s.Spend[t], kappa, s.TypicalSpend));
                sse += e * e;
            }

            return sse;
        }

        /// <summary>The minimum of a function of log κ over the search range: the best grid point, refined by golden section.</summary>
        private double Minimize(Func<double, double> objective)
        {
            var lo = Math.Log(_options.MinSaturationMultiple);
            var hi = Math.Log(_options.MaxSaturationMultiple);
            var n = _options.GridPoints;
            var step = (hi - lo) / (n - 1);
            var bestIndex = 0;
            var bestValue = double.PositiveInfinity;
            for (var i = 0; i < n; i++)
            {
                var value = objective(lo + (i * step));
                if (value < bestValue)
                {
                    bestValue = value;
                    bestIndex = i;
                }
            }

            var a = lo + (Math.Max(0, bestIndex - 1) * step);
            var b = lo + (Math.Min(n - 1, bestIndex + 1) * step);
            var c = b - (GoldenRatio * (b - a));
            var d = a + (GoldenRatio * (b - a));
            var fc = objective(c);
            var fd = objective(d);
            for (var iteration = 0; iteration < 40 && b - a > 1e-3; iteration++)
            {
                if (fc < fd)
                {
                    b = d;
                    d = c;
                    fd = fc;
                    c = b - (GoldenRatio * (b - a));
                    fc = objective(c);
                }
                else
                {
                    a = c;
                    c = d;
                    fc = fd;
                    d = a + (GoldenRatio * (b - a));
                    fd = objective(d);
                }
            }

            var refined = (a + b) / 2;
            return objective(refined) <= bestValue ? refined : lo + (bestIndex * step);
        }

        /// <summary>
        /// s × (1 + 1/κ) ÷ (1 + s ÷ (κ·S)): the curve before ρ and the hour factor, scaled to equal s at the typical spend S,
        /// so ρ is the ROAS at typical spend and hours that all spend S say nothing about κ.
        /// </summary>
        private static double Shape(double spend, double kappa, double typical) =>
            spend > 0 ? spend * (1 + (1 / kappa)) / (1 + (spend / (kappa * typical))) : 0;
    }
}

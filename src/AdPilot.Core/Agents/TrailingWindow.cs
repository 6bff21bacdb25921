namespace AdPilot.Core.Agents;

/// <summary>Spend and revenue of each ad set over its last <c>hours</c> hours, as a ring of hourly values.</summary>
public sealed class TrailingWindow
{
    private readonly int _hours;
    private readonly double[] _spend;
    private readonly double[] _revenue;
    private readonly double[] _spendSum;
    private readonly double[] _revenueSum;
    private readonly int[] _observed;
    private readonly int[] _cursor;

    /// <summary>Initializes a new instance of the <see cref="TrailingWindow"/> class.</summary>
    /// <param name="adSetCount">The number of ad sets.</param>
    /// <param name="hours">The window length in hours.</param>
    public TrailingWindow(int adSetCount, int hours)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(hours);
        _hours = hours;
        _spend = new double[adSetCount * hours];
        _revenue = new double[adSetCount * hours];
        _spendSum = new double[adSetCount];
        _revenueSum = new double[adSetCount];
        _observed = new int[adSetCount];
        _cursor = new int[adSetCount];
    }

    /// <summary>Records one hour of an ad set.</summary>
    /// <param name="adSet">The ad set.</param>
    /// <param name="spend">The hour's spend.</param>
    /// <param name="revenue">The hour's revenue.</param>
    public void Add(int adSet, double spend, double revenue)
    {
        var at = (adSet * _hours) + _cursor[adSet];
        _spendSum[adSet] += spend - _spend[at];
        _revenueSum[adSet] += revenue - _revenue[at];
        _spend[at] = spend;
        _revenue[at] = revenue;
        _cursor[adSet] = (_cursor[adSet] + 1) % _hours;
        _observed[adSet] = Math.Min(_hours, _observed[adSet] + 1);
    }

    /// <summary>Forgets an ad set's history, e.g. after a change, so the next verdict judges only the new settings.</summary>
    /// <param name="adSet">The ad set.</param>
    public void Clear(int adSet)
    {
        Array.Clear(_spend, adSet * _hours, _hours);
        Array.Clear(_revenue, adSet * _hours, _hours);
        _spendSum[adSet] = 0;
        _revenueSum[adSet] = 0;
        _observed[adSet] = 0;
    }

    /// <summary>Gets whether the ad set has a full window of history.</summary>
    /// <param name="adSet">The ad set.</param>
    /// <returns>Whether all hours of the window have been observed.</returns>
    public bool IsFull(int adSet) => _observed[adSet] >= _hours;

    /// <summary>Spend over the window.</summary>
    /// <param name="adSet">The ad set.</param>
    /// <returns>The sum.</returns>
    public double Spend(int adSet) => Math.Max(0, _spendSum[adSet]);

    /// <summary>Revenue over the window.</summary>
    /// <param name="adSet">The ad set.</param>
    /// <returns>The sum.</returns>
    public double Revenue(int adSet) => Math.Max(0, _revenueSum[adSet]);

    /// <summary>ROAS over the window, or <see langword="null"/> without spend.</summary>
    /// <param name="adSet">The ad set.</param>
    /// <returns>Revenue ÷ spend.</returns>
    public double? Roas(int adSet) => Spend(adSet) > 1e-9 ? Revenue(adSet) / Spend(adSet) : null;
}

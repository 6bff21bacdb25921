namespace AdPilot.Core.Features;

/// <summary>Learns a store's hour-of-week demand factors (<see cref="SeasonalityTable"/>) from its order history.</summary>
/// <remarks>
/// For each local hour of the week k: exposure eₖ is the number of UTC hours of the window that fall in it (a week
/// with a DST change gives the repeated hour two and the skipped hour none), and cₖ the orders placed in them. With
/// the store's average rate r = Σc ÷ Σe and m pseudo-orders, the shrunk rate is (cₖ + m) ÷ (eₖ + m ÷ r), which
/// tends to r where an hour is rarely seen. The rates are smoothed around the week's circle with a triangular kernel
/// and divided by their mean, so the factors average exactly 1 like the simulator's. A window shorter than
/// <see cref="SeasonalityOptions.MinHistoryDays"/> or with fewer than <see cref="SeasonalityOptions.MinOrders"/>
/// orders gives <see cref="SeasonalityTable.Flat"/>.
/// </remarks>
public static class Seasonality
{
    /// <summary>Learns the factors from the orders placed in a window of whole UTC hours.</summary>
    /// <param name="orderPlacedAt">When each order was placed; orders outside the window are ignored.</param>
    /// <param name="fromUtc">The window's first hour (floored to a whole UTC hour).</param>
    /// <param name="toUtc">The window's end, exclusive (floored to a whole UTC hour).</param>
    /// <param name="zone">The store's time zone.</param>
    /// <param name="options">The settings; defaults when null.</param>
    /// <returns>The learned table, or the flat one when history is short.</returns>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public static SeasonalityTable Learn(
        IEnumerable<DateTimeOffset> orderPlacedAt, DateTimeOffset fromUtc, DateTimeOffset toUtc, TimeZoneInfo zone, SeasonalityOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(orderPlacedAt);
        return LearnHourly(orderPlacedAt.Select(placed => (placed, 1L)), fromUtc, toUtc, zone, options);
    }

    /// <summary>
    /// Learns the factors from how many orders were placed in each UTC hour of a window (what a database counts without
    /// reading every order): the same table as <see cref="Learn"/> over those orders.
    /// </summary>
    /// <param name="orderHours">Orders per UTC hour (an instant in the hour names it); hours outside the window are ignored.</param>
    /// <param name="fromUtc">The window's first hour (floored to a whole UTC hour).</param>
    /// <param name="toUtc">The window's end, exclusive (floored to a whole UTC hour).</param>
    /// <param name="zone">The store's time zone.</param>
    /// <param name="options">The settings; defaults when null.</param>
    /// <returns>The learned table, or the flat one when history is short.</returns>
    /// <exception cref="ArgumentException">The options are invalid, or an hour has a negative count.</exception>
    public static SeasonalityTable LearnHourly(
        IEnumerable<(DateTimeOffset HourUtc, long Orders)> orderHours, DateTimeOffset fromUtc, DateTimeOffset toUtc, TimeZoneInfo zone, SeasonalityOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(orderHours);
        ArgumentNullException.ThrowIfNull(zone);
        options ??= new SeasonalityOptions();
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("invalid seasonality options: " + string.Join("; ", errors), nameof(options));
        }

        var from = LocalHour.FloorToUtcHour(fromUtc);
        var to = LocalHour.FloorToUtcHour(toUtc);
        var hours = (int)Math.Max(0, (to - from).Ticks / TimeSpan.TicksPerHour);
        if (hours < options.MinHistoryDays * 24)
        {
            return SeasonalityTable.Flat;
        }

        // Hour of week of each UTC hour in the window, computed once: the zone conversion is the costly part.
        var hourOfWeek = new byte[hours];
        var exposure = new double[LocalHour.HoursPerWeek];
        for (var h = 0; h < hours; h++)
        {
            var k = LocalHour.FromUtc(from.AddHours(h), zone).HourOfWeek;
            hourOfWeek[h] = (byte)k;
            exposure[k]++;
        }

        var counts = new double[LocalHour.HoursPerWeek];
        long total = 0;
        foreach (var (placed, orders) in orderHours)
        {
            if (orders < 0)
            {
                throw new ArgumentException($"the hour of {placed:O} has a negative order count ({orders})", nameof(orderHours));
            }

            var h = (placed.UtcTicks - from.UtcTicks) / TimeSpan.TicksPerHour;
            if (placed.UtcTicks >= from.UtcTicks && h < hours)
            {
                counts[hourOfWeek[h]] += orders;
                total += orders;
            }
        }

        if (total < options.MinOrders)
        {
            return SeasonalityTable.Flat;
        }

        var rate = total / (double)hours;
        var shrunk = new double[LocalHour.HoursPerWeek];
        for (var k = 0; k < shrunk.Length; k++)
        {
            shrunk[k] = (counts[k] + options.PseudoOrders) / (exposure[k] + (options.PseudoOrders / rate));
        }

        return SeasonalityTable.FromFactors(Smooth(shrunk, options.SmoothingRadiusHours));
    }

    private static double[] Smooth(double[] values, int radius)
    {
        var n = values.Length;
        var smoothed = new double[n];
        for (var k = 0; k < n; k++)
        {
            var sum = 0.0;
            var weights = 0.0;
            for (var d = -radius; d <= radius; d++)
            {
                var w = radius + 1 - Math.Abs(d);
                sum += w * values[(((k + d) % n) + n) % n];
                weights += w;
            }

            smoothed[k] = sum / weights;
        }

        return smoothed;
    }
}

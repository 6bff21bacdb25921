namespace AdPilot.Core.Rewards;

/// <summary>
/// Splits an amount into shares by weights, each a whole number of a quantum (a cent), that sum exactly to the
/// amount: every share gets the floor of its exact part, and the quanta left over go one each to the largest
/// remainders (ties to the earliest weight), so nothing is lost or created.
/// </summary>
public static class LargestRemainder
{
    /// <summary>The number of decimals of a currency's minor unit (ISO 4217): 2 for most, 0 for JPY, 3 for KWD.</summary>
    /// <param name="currency">The ISO 4217 code.</param>
    /// <returns>The decimals.</returns>
    public static int MinorUnitDecimals(string currency) => currency switch
    {
        "BIF" or "CLP" or "DJF" or "GNF" or "ISK" or "JPY" or "KMF" or "KRW" or "PYG" or "RWF" or "UGX" or "UYI" or "VND" or "VUV"
            or "XAF" or "XOF" or "XPF" => 0,
        "BHD" or "IQD" or "JOD" or "KWD" or "LYD" or "OMR" or "TND" => 3,
        _ => 2,
    };

    /// <summary>Splits an amount by weights into shares of <c>10^−decimals</c> (or finer, if the amount itself is).</summary>
    /// <param name="amount">The amount, of either sign.</param>
    /// <param name="decimals">The decimals of the quantum, 0–10; an amount with more decimals is split in its own.</param>
    /// <param name="weights">The weights, finite and ≥ 0, not all 0.</param>
    /// <returns>One share per weight, summing exactly to <paramref name="amount"/>; a share has the amount's sign or is 0.</returns>
    /// <exception cref="ArgumentException">The weights are empty, negative, not finite, or all 0.</exception>
    public static decimal[] Split(decimal amount, int decimals, ReadOnlySpan<double> weights)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(decimals);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(decimals, 10);
        var max = 0.0;
        foreach (var w in weights)
        {
            if (!double.IsFinite(w) || w < 0)
            {
                throw new ArgumentException($"weights must be finite and ≥ 0, got {w}", nameof(weights));
            }

            max = Math.Max(max, w);
        }

        if (!(max > 0))
        {
            throw new ArgumentException("at least one weight must be positive", nameof(weights));
        }

        // Weights as decimals relative to the largest, so tiny doubles do not vanish in the conversion.
        var n = weights.Length;
        var relative = new decimal[n];
        var totalWeight = 0m;
        for (var i = 0; i < n; i++)
        {
            relative[i] = (decimal)(weights[i] / max);
            totalWeight += relative[i];
        }

        var scale = Math.Max(decimals, (int)amount.Scale);
        var quantum = 1m / Pow10(scale);
        var units = Math.Abs(amount) / quantum;
        var shares = new decimal[n];
        var remainders = new decimal[n];
        var assigned = 0m;
        for (var i = 0; i < n; i++)
        {
            var exact = units * relative[i] / totalWeight;
            shares[i] = decimal.Floor(exact);
            remainders[i] = exact - shares[i];
            assigned += shares[i];
        }

        // Decimal division rounds at 28 digits, so in rare cases the floors overshoot; take those quanta back from the smallest remainders.
        var left = units - assigned;
        var order = Enumerable.Range(0, n).OrderByDescending(i => remainders[i]).ThenBy(i => i).ToArray();
        for (var k = 0; left > 0; k = (k + 1) % n)
        {
            shares[order[k]]++;
            left--;
        }

        for (var k = n - 1; left < 0; k = (k - 1 + n) % n)
        {
            if (shares[order[k]] > 0)
            {
                shares[order[k]]--;
                left++;
            }
        }

        var sign = amount < 0 ? -1m : 1m;
        for (var i = 0; i < n; i++)
        {
            shares[i] = sign * shares[i] * quantum;
        }

        return shares;
    }

    private static decimal Pow10(int exponent)
    {
        var result = 1m;
        for (var i = 0; i < exponent; i++)
        {
            result *= 10;
        }

        return result;
    }
}

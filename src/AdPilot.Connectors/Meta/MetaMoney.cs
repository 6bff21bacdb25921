using AdPilot.Core.Domain;

namespace AdPilot.Connectors.Meta;

/// <summary>
/// Meta's budgets and bid amounts are whole numbers in the currency's minor units ("offset"): cents for USD, but
/// the currency itself for zero-decimal currencies such as JPY. Convert at this edge, once.
/// </summary>
internal static class MetaMoney
{
    /// <summary>
    /// Currencies Meta counts with offset 1 (no minor unit). From Meta's currency table as commonly quoted;
    /// api-reference.md marks per-currency offsets UNCONFIRMED, so verify against the sandbox before trusting one.
    /// </summary>
    private static readonly HashSet<string> OffsetOne =
        new(["CLP", "COP", "CRC", "HUF", "IDR", "ISK", "JPY", "KRW", "PYG", "TWD", "VND"], StringComparer.Ordinal);

    public static int Offset(string currency) => OffsetOne.Contains(currency) ? 1 : 100;

    public static Money FromMinorUnits(long minorUnits, string currency) => new((decimal)minorUnits / Offset(currency), currency);

    /// <summary>The whole number of minor units; an amount finer than the minor unit is refused, never rounded silently.</summary>
    public static long ToMinorUnits(Money money)
    {
        var scaled = money.Amount * Offset(money.Currency);
        return decimal.Truncate(scaled) == scaled
            ? (long)scaled
            : throw new ArgumentException($"{money} is finer than {money.Currency}'s smallest unit on Meta", nameof(money));
    }
}

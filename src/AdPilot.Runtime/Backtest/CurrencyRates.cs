using System.Globalization;
using AdPilot.Connectors.Exports;
using AdPilot.Core.Domain;
using AdPilot.Core.Rewards;

namespace AdPilot.Runtime.Backtest;

/// <summary>
/// Fixed exchange rates into the store currency, from a CSV file with the columns <c>from,to,rate</c> (one row per currency:
/// 1 <c>from</c> = <c>rate</c> <c>to</c>, every <c>to</c> the store currency). An amount is converted once, where it is read,
/// and rounded to the store currency's minor unit. One rate holds for the whole window: a backtest over weeks in which the
/// rate moved carries that error.
/// </summary>
public sealed class CurrencyRates
{
    private readonly Dictionary<string, decimal> _rates;

    private CurrencyRates(string target, Dictionary<string, decimal> rates)
    {
        Target = target;
        _rates = rates;
    }

    /// <summary>Gets the currency every rate converts into (the store's).</summary>
    public string Target { get; }

    /// <summary>Gets the currencies the file converts from.</summary>
    public IReadOnlyCollection<string> Sources => _rates.Keys;

    /// <summary>Reads a rates file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The rates.</returns>
    /// <exception cref="ExportFormatException">The file cannot be read, lacks a column, has a bad code or rate, or converts into several currencies.</exception>
    public static async Task<CurrencyRates> LoadAsync(string path, CancellationToken cancellationToken)
    {
        var document = await CsvDocument.LoadAsync(path, cancellationToken).ConfigureAwait(false);
        return Parse(document);
    }

    /// <summary>Reads rates from a CSV document.</summary>
    /// <param name="document">The document.</param>
    /// <returns>The rates.</returns>
    /// <exception cref="ExportFormatException">A column is missing, a code or rate is bad, or the rows convert into several currencies.</exception>
    public static CurrencyRates Parse(CsvDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        int Column(string name)
        {
            var index = document.Header.ToList().FindIndex(h => string.Equals(h.Trim(), name, StringComparison.OrdinalIgnoreCase));
            return index >= 0
                ? index
                : throw new ExportFormatException(document.File, 1, null, $"missing column '{name}': a rates file has the columns from,to,rate (1 from = rate to)");
        }

        var from = Column("from");
        var to = Column("to");
        var rate = Column("rate");
        string? target = null;
        var rates = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var record in document.Records)
        {
            var source = record[from].Trim().ToUpperInvariant();
            var into = record[to].Trim().ToUpperInvariant();
            if (!Money.IsCurrencyCode(source))
            {
                throw new ExportFormatException(document.File, record.Line, document.Header[from], $"'{ExportText.Excerpt(record[from])}' is not an ISO 4217 currency code");
            }

            if (!Money.IsCurrencyCode(into))
            {
                throw new ExportFormatException(document.File, record.Line, document.Header[to], $"'{ExportText.Excerpt(record[to])}' is not an ISO 4217 currency code");
            }

            target ??= into;
            if (!string.Equals(target, into, StringComparison.Ordinal))
            {
                throw new ExportFormatException(
                    document.File, record.Line, document.Header[to], $"every rate must convert into the store currency, but this row converts into {into} and an earlier one into {target}");
            }

            if (!decimal.TryParse(record[rate].Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) || value <= 0)
            {
                throw new ExportFormatException(document.File, record.Line, document.Header[rate], $"'{ExportText.Excerpt(record[rate])}' is not a positive rate (e.g. 1.0850)");
            }

            if (!rates.TryAdd(source, value) && rates[source] != value)
            {
                throw new ExportFormatException(document.File, record.Line, document.Header[from], $"{source} has two rates ({rates[source]} and {value})");
            }
        }

        if (target is null)
        {
            throw new ExportFormatException(document.File, null, null, "the rates file has no rate");
        }

        rates[target] = 1m;
        return new CurrencyRates(target, rates);
    }

    /// <summary>Whether an amount in a currency can be converted.</summary>
    /// <param name="currency">The currency.</param>
    /// <returns>Whether the file has its rate (or it is the target).</returns>
    public bool Converts(string currency) => _rates.ContainsKey(currency);

    /// <summary>An amount in the store currency, rounded to its minor unit (unchanged when already in it).</summary>
    /// <param name="amount">The amount.</param>
    /// <param name="currency">Its currency.</param>
    /// <returns>The converted amount.</returns>
    /// <exception cref="InvalidOperationException">The file has no rate for the currency.</exception>
    public decimal Convert(decimal amount, string currency)
    {
        if (string.Equals(currency, Target, StringComparison.Ordinal))
        {
            return amount;
        }

        return _rates.TryGetValue(currency, out var rate)
            ? Math.Round(amount * rate, LargestRemainder.MinorUnitDecimals(Target), MidpointRounding.ToEven)
            : throw new InvalidOperationException($"no rate from {currency} to {Target}");
    }
}

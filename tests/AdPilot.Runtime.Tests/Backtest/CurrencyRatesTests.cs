using AdPilot.Connectors.Exports;
using AdPilot.Runtime.Backtest;

namespace AdPilot.Runtime.Tests.Backtest;

public sealed class CurrencyRatesTests
{
    [Fact]
    public void Parse_RatesIntoOneCurrency_ConvertsRoundedToItsMinorUnit()
    {
        var rates = CurrencyRates.Parse(CsvDocument.Parse("rates.csv", "from,to,rate\nEUR,USD,1.0850\nGBP,USD,1.27\n"));

        Assert.Equal("USD", rates.Target);
        Assert.Equal(10.85m, rates.Convert(10m, "EUR"));
        Assert.Equal(1.27m, rates.Convert(1m, "GBP"));
        Assert.Equal(3.333m, rates.Convert(3.333m, "USD"));
        Assert.Equal(0.01m, rates.Convert(0.005m, "EUR"));
        Assert.False(rates.Converts("JPY"));
    }

    [Theory]
    [InlineData("currency,rate\nEUR,1.1\n", "missing column 'from'")]
    [InlineData("from,to,rate\nEUR,USD,1.1\nGBP,EUR,1.2\n", "every rate must convert into the store currency")]
    [InlineData("from,to,rate\nEUR,USD,-1\n", "not a positive rate")]
    [InlineData("from,to,rate\neuro,USD,1.1\n", "'euro' is not an ISO 4217 currency code")]
    [InlineData("from,to,rate\nEUR,USD,1.1\nEUR,USD,1.2\n", "EUR has two rates")]
    [InlineData("from,to,rate\n", "the rates file has no rate")]
    public void Parse_BadFile_ErrorSaysWhat(string text, string expected)
    {
        var error = Assert.Throws<ExportFormatException>(() => CurrencyRates.Parse(CsvDocument.Parse("rates.csv", text)));

        Assert.StartsWith("rates.csv", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}

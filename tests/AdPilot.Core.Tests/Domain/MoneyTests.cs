using AdPilot.Core.Domain;

namespace AdPilot.Core.Tests.Domain;

public sealed class MoneyTests
{
    [Theory]
    [InlineData("usd")]
    [InlineData("US")]
    [InlineData("USDX")]
    [InlineData("U5D")]
    [InlineData("")]
    [InlineData(" USD")]
    [InlineData("ÜSD")]
    public void Constructor_MalformedCurrencyCode_ThrowsArgumentExceptionNamingTheCode(string code)
    {
        var ex = Assert.Throws<ArgumentException>(() => new Money(1m, code));

        Assert.Equal("currency", ex.ParamName);
        Assert.Contains($"'{code}'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_NullCurrency_ThrowsArgumentException()
    {
        var ex = Assert.Throws<ArgumentException>(() => new Money(1m, null!));

        Assert.Equal("currency", ex.ParamName);
    }

    [Theory]
    [InlineData("USD")]
    [InlineData("EUR")]
    [InlineData("JPY")]
    public void Constructor_ThreeUpperCaseLetters_KeepsAmountAndCurrency(string code)
    {
        var money = new Money(12.345m, code);

        Assert.Equal(12.345m, money.Amount);
        Assert.Equal(code, money.Currency);
    }

    [Fact]
    public void Add_SameCurrency_SumsAmounts()
    {
        var sum = new Money(10.25m, "EUR") + new Money(0.80m, "EUR");

        Assert.Equal(new Money(11.05m, "EUR"), sum);
        Assert.Equal(sum, new Money(10.25m, "EUR").Add(new Money(0.80m, "EUR")));
    }

    [Fact]
    public void Add_DifferentCurrencies_ThrowsNamingBoth()
    {
        var usd = new Money(1m, "USD");
        var eur = new Money(1m, "EUR");

        var ex = Assert.Throws<InvalidOperationException>(() => usd + eur);
        Assert.Contains("USD", ex.Message, StringComparison.Ordinal);
        Assert.Contains("EUR", ex.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => usd.Add(eur));
    }

    [Theory]
    [InlineData(0.125, "0.12")]
    [InlineData(0.135, "0.14")]
    [InlineData(0.145, "0.14")]
    [InlineData(2.675, "2.68")]
    [InlineData(-0.125, "-0.12")]
    [InlineData(-0.135, "-0.14")]
    [InlineData(1.005, "1.00")]
    [InlineData(1.0051, "1.01")]
    [InlineData(19.994999, "19.99")]
    [InlineData(0, "0")]
    public void FromDouble_Midpoints_RoundHalfEvenToCents(double amount, string expected)
    {
        var money = Money.FromDouble(amount, "USD");

        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), money.Amount);
        Assert.Equal("USD", money.Currency);
    }

    [Fact]
    public void FromDouble_BadCurrency_Throws()
    {
        Assert.Throws<ArgumentException>(() => Money.FromDouble(1.0, "dollars"));
    }

    [Fact]
    public void ToString_AnyCulture_WritesTwoDecimalsAndCode()
    {
        Assert.Equal("1234.50 USD", new Money(1234.5m, "USD").ToString());
        Assert.Equal("-0.07 EUR", new Money(-0.07m, "EUR").ToString());
    }

    [Theory]
    [InlineData("USD", true)]
    [InlineData("GBP", true)]
    [InlineData("gbp", false)]
    [InlineData("GB", false)]
    [InlineData(null, false)]
    public void IsCurrencyCode_Code_ReportsWhetherWellFormed(string? code, bool expected)
    {
        Assert.Equal(expected, Money.IsCurrencyCode(code));
    }
}

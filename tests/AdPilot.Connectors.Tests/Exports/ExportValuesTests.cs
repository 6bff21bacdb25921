using AdPilot.Connectors.Exports;

namespace AdPilot.Connectors.Tests.Exports;

public sealed class ExportValuesTests
{
    [Theory]
    [InlineData("12.34", "12.34")]
    [InlineData("1,234.50", "1234.50")]
    [InlineData("$1,234.50", "1234.50")]
    [InlineData("1,234,567", "1234567")]
    [InlineData("USD 99.00", "99.00")]
    [InlineData("99.00 USD", "99.00")]
    [InlineData("€ 7.5", "7.5")]
    [InlineData("", "0")]
    [InlineData("-", "0")]
    [InlineData("--", "0")]
    [InlineData("-$3.00", "-3.00")]
    [InlineData("(3.00)", "-3.00")]
    public void TryAmount_WhatExportsWrite_Reads(string text, string expected)
    {
        Assert.True(ExportValues.TryAmount(text, null, out var value, out var problem), problem);
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), value);
    }

    [Theory]
    [InlineData("12,50", "decimal comma")]
    [InlineData("1.234,50", "decimal comma")]
    [InlineData("12.3.4", "is not an amount")]
    [InlineData("abc", "is not an amount")]
    [InlineData("1,23,456", "is not an amount")]
    public void TryAmount_Unreadable_SaysWhy(string text, string expected)
    {
        Assert.False(ExportValues.TryAmount(text, null, out _, out var problem));
        Assert.Contains(expected, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void TryAmount_OtherCurrencyThanTheColumns_Refused()
    {
        Assert.False(ExportValues.TryAmount("12.00 EUR", "USD", out _, out var problem));
        Assert.Contains("in EUR, not the column's USD", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2025-03-09 14:05:00 -0500", "2025-03-09T19:05:00Z")]
    [InlineData("2025-03-09 14:05:00 -05:00", "2025-03-09T19:05:00Z")]
    [InlineData("2025-03-09T14:05:00+01:00", "2025-03-09T13:05:00Z")]
    [InlineData("2025-03-09 14:05:00 UTC", "2025-03-09T14:05:00Z")]
    [InlineData("2025-03-09T14:05:00Z", "2025-03-09T14:05:00Z")]
    public void Instant_WithOffset_ReadsTheInstant(string text, string utc)
    {
        var record = new CsvRecord(7, [text]);

        var instant = ExportValues.Instant("o.csv", record, 0, "Created at");

        Assert.Equal(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture), instant);
    }

    [Fact]
    public void Instant_WithoutOffset_ErrorNamesFileLineAndColumn()
    {
        var record = new CsvRecord(7, ["2025-03-09 14:05:00"]);

        var error = Assert.Throws<ExportFormatException>(() => ExportValues.Instant("o.csv", record, 0, "Created at"));

        Assert.Equal("o.csv:7: column 'Created at': '2025-03-09 14:05:00' is not a timestamp with a UTC offset (expected e.g. 2025-03-09 14:05:00 -0500)", error.Message);
    }

    [Fact]
    public void Count_Fraction_Refused()
    {
        var error = Assert.Throws<ExportFormatException>(() => ExportValues.Count("m.csv", new CsvRecord(3, ["2.5"]), 0, "Impressions"));
        Assert.Contains("not a whole count", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Amount_Negative_Refused()
    {
        var error = Assert.Throws<ExportFormatException>(() => ExportValues.Amount("m.csv", new CsvRecord(3, ["-2.50"]), 0, "Amount spent (USD)"));
        Assert.Equal("m.csv:3: column 'Amount spent (USD)': '-2.50' is negative", error.Message);
    }
}

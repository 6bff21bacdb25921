using AdPilot.Connectors.Exports;
using AdPilot.Connectors.Tests.TestData;
using AdPilot.Core.Domain;

namespace AdPilot.Connectors.Tests.Exports;

public sealed class TikTokAdsExportTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    [Fact]
    public void Read_Fixture_MatchesItsOwnTotalRowExactly()
    {
        var document = ExportFixtures.Document(ExportFixtures.TikTok);
        var total = document.Records[^1];

        var export = TikTokAdsExport.Read(document, Berlin);

        Assert.StartsWith("Total of 43 results", total[0], StringComparison.Ordinal);
        Assert.Equal(43, export.Rows.Count);
        Assert.Equal(decimal.Parse(total[5], System.Globalization.CultureInfo.InvariantCulture), export.Rows.Sum(r => r.Spend.Amount));
        Assert.Equal(197.11m, export.Rows.Sum(r => r.Spend.Amount));
        Assert.Equal(27_181, export.Rows.Sum(r => r.Impressions));
        Assert.Equal(242, export.Rows.Sum(r => r.Clicks));
        Assert.Equal(6, export.Rows.Sum(r => r.Purchases));
        Assert.Equal(319.95m, export.Rows.Sum(r => r.PurchaseValue!.Value.Amount));
        Assert.Equal(["USD"], export.Currencies);
        Assert.Contains(export.Warnings, w => w.Contains("skipped 1 total row(s)", StringComparison.Ordinal));
        Assert.Contains(export.Warnings, w => w.Contains("'CTR (destination)'", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_Fixture_BerlinHoursMovedToUtc()
    {
        var export = TikTokAdsExport.Read(ExportFixtures.Document(ExportFixtures.TikTok), Berlin);

        var first = export.Rows[0];
        Assert.Equal((new DateOnly(2025, 3, 8), 9), (first.LocalDay, first.LocalHour));
        Assert.Equal(new DateTimeOffset(2025, 3, 8, 8, 0, 0, TimeSpan.Zero), first.HourUtc);
        Assert.Equal(new AdSetRef(Platform.TikTok, "1790000000000001"), first.AdSet);
    }

    [Fact]
    public void Read_DateAndHourColumns_Combined()
    {
        var document = ExportFixtures.Text("Ad group ID,Date,Hour,Currency,Cost,Impressions\n17,2025-03-08,14,EUR,\"1,002.00\",\"12,000\"\n");

        var row = Assert.Single(TikTokAdsExport.Read(document, Berlin).Rows);

        Assert.Equal(new DateTimeOffset(2025, 3, 8, 13, 0, 0, TimeSpan.Zero), row.HourUtc);
        Assert.Equal(new Money(1002m, "EUR"), row.Spend);
        Assert.Equal(12_000, row.Impressions);
    }

    [Fact]
    public void Read_DailyRows_ErrorSaysHowToExportHours()
    {
        var document = ExportFixtures.Text("Ad group ID,Date,Currency,Cost,Impressions\n17,2025-03-08,USD,40.00,5000\n", "tt.csv");

        var error = Assert.Throws<ExportFormatException>(() => TikTokAdsExport.Read(document, Berlin));

        Assert.Equal(2, error.Line);
        Assert.Contains("daily rows", error.Message, StringComparison.Ordinal);
        Assert.Contains("Hour as the time dimension", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NoCurrency_ErrorAsksForTheColumn()
    {
        var document = ExportFixtures.Text("Ad group ID,By Hour,Cost,Impressions\n17,2025-03-08 14:00:00,4.00,500\n");
        var error = Assert.Throws<ExportFormatException>(() => TikTokAdsExport.Read(document, Berlin));
        Assert.Contains("does not say its currency", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_CurrencyInTheCostHeader_Used()
    {
        var document = ExportFixtures.Text("Ad group ID,By Hour,Cost (GBP),Impressions\n17,2025-03-08 14:00:00,4.00,500\n");
        Assert.Equal("GBP", Assert.Single(TikTokAdsExport.Read(document, Berlin).Rows).Spend.Currency);
    }

    [Fact]
    public void Read_RowsInSeveralCurrencies_EachKeepsItsOwn()
    {
        var document = ExportFixtures.Text("Ad group ID,By Hour,Currency,Cost,Impressions\n17,2025-03-08 14:00:00,USD,4.00,500\n18,2025-03-08 14:00:00,EUR,3.00,400\n");

        var export = TikTokAdsExport.Read(document, Berlin);

        Assert.Equal(["EUR", "USD"], export.Currencies);
    }

    [Fact]
    public void Read_NoTimeZone_ErrorAsksForIt()
    {
        var error = Assert.Throws<ExportFormatException>(() => TikTokAdsExport.Read(ExportFixtures.Document(ExportFixtures.TikTok), null));
        Assert.Contains("--tiktok-timezone", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_HourWithoutDate_Refused()
    {
        var document = ExportFixtures.Text("Ad group ID,Hour,Currency,Cost,Impressions\n17,14,USD,4.00,500\n");
        var error = Assert.Throws<ExportFormatException>(() => TikTokAdsExport.Read(document, Berlin));
        Assert.Contains("has no date", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MissingAdGroupColumn_ErrorListsAcceptedNames()
    {
        var document = ExportFixtures.Text("Campaign name,By Hour,Currency,Cost,Impressions\nC,2025-03-08 14:00:00,USD,4.00,500\n");
        var error = Assert.Throws<ExportFormatException>(() => TikTokAdsExport.Read(document, Berlin));
        Assert.Contains("missing ad group column: expected one of 'Ad group ID'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_BadCost_ErrorNamesLineAndColumn()
    {
        var document = ExportFixtures.Text("Ad group ID,By Hour,Currency,Cost,Impressions\n17,2025-03-08 14:00:00,USD,4.00,500\n17,2025-03-08 15:00:00,USD,four,500\n", "tt.csv");

        var error = Assert.Throws<ExportFormatException>(() => TikTokAdsExport.Read(document, Berlin));

        Assert.Equal(("tt.csv", 3, "Cost"), (error.File, error.Line, error.Column));
    }
}

using AdPilot.Connectors.Exports;
using AdPilot.Connectors.Tests.TestData;
using AdPilot.Core.Domain;

namespace AdPilot.Connectors.Tests.Exports;

public sealed class MetaAdsExportTests
{
    private const string Header = "Reporting starts,Reporting ends,Ad set name,Ad set ID,Time of day (ad account time zone),Amount spent (USD),Impressions,Link clicks,Purchases,Purchases conversion value";
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    [Fact]
    public void Read_Fixture_ReproducesItsTotalsExactly()
    {
        var export = MetaAdsExport.Read(ExportFixtures.Document(ExportFixtures.Meta), NewYork);

        Assert.Equal(101, export.Rows.Count);
        Assert.Equal(["USD"], export.Currencies);
        Assert.Equal(526.73m, export.Rows.Sum(r => r.Spend.Amount));
        Assert.Equal(364.35m, export.Rows.Where(r => r.AdSet.ExternalId == "120210000000000001").Sum(r => r.Spend.Amount));
        Assert.Equal(45_931, export.Rows.Sum(r => r.Impressions));
        Assert.Equal(492, export.Rows.Sum(r => r.Clicks));
        Assert.Equal(17, export.Rows.Sum(r => r.Purchases));
        Assert.Equal(1_061.74m, export.Rows.Sum(r => r.PurchaseValue!.Value.Amount));
        Assert.All(export.Rows, r => Assert.Equal(Platform.Instagram, r.AdSet.Platform));
        Assert.All(export.Rows, r => Assert.Equal(TimeSpan.Zero, r.HourUtc.Offset));
    }

    [Fact]
    public void Read_Fixture_BudgetsAndIgnoredColumnsReported()
    {
        var export = MetaAdsExport.Read(ExportFixtures.Document(ExportFixtures.Meta), NewYork);

        var raised = export.Rows.Where(r => r.AdSet.ExternalId == "120210000000000001" && r.LocalDay == new DateOnly(2025, 3, 10));
        Assert.All(raised, r => Assert.Equal(new Money(150m, "USD"), r.DailyBudget));
        Assert.Contains(export.Warnings, w => w.Contains("'Reach', 'Attribution setting'", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_AcrossTheSpringClockChange_HoursLandOnConsecutiveUtcHours()
    {
        var document = ExportFixtures.Text(string.Join('\n',
            Header,
            "2025-03-08,2025-03-08,A,1,23:00:00 - 23:59:59,1.00,100,1,,",
            "2025-03-09,2025-03-09,A,1,01:00:00 - 01:59:59,1.00,100,1,,",
            "2025-03-09,2025-03-09,A,1,03:00:00 - 03:59:59,1.00,100,1,,"));

        var rows = MetaAdsExport.Read(document, NewYork).Rows;

        Assert.Equal(
            [At(2025, 3, 9, 4), At(2025, 3, 9, 6), At(2025, 3, 9, 7)],
            rows.Select(r => r.HourUtc));
    }

    [Fact]
    public void Read_AnHourTheClocksSkip_ErrorSaysTheZoneIsWrong()
    {
        var document = ExportFixtures.Text(Header + "\n2025-03-09,2025-03-09,A,1,02:00:00 - 02:59:59,1.00,100,1,,", "meta.csv");

        var error = Assert.Throws<ExportFormatException>(() => MetaAdsExport.Read(document, NewYork));

        Assert.Equal(2, error.Line);
        Assert.Contains("does not exist in America/New_York", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_AnHourTheClocksRepeat_BookedToItsFirstOccurrence()
    {
        var document = ExportFixtures.Text(Header + "\n2025-11-02,2025-11-02,A,1,01:00:00 - 01:59:59,1.00,100,1,,");

        var row = Assert.Single(MetaAdsExport.Read(document, NewYork).Rows);

        Assert.Equal(At(2025, 11, 2, 5), row.HourUtc);
    }

    [Fact]
    public void Read_NoTimeZone_ErrorAsksForIt()
    {
        var error = Assert.Throws<ExportFormatException>(() => MetaAdsExport.Read(ExportFixtures.Document(ExportFixtures.Meta), null));
        Assert.Contains("--meta-timezone", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_DailyRows_ErrorSaysHowToExportHours()
    {
        var document = ExportFixtures.Text("Reporting starts,Reporting ends,Ad set name,Amount spent (USD),Impressions\n2025-03-08,2025-03-08,A,12.00,1000\n", "daily.csv");

        var error = Assert.Throws<ExportFormatException>(() => MetaAdsExport.Read(document, NewYork));

        Assert.Equal("daily.csv", error.File);
        Assert.Contains("daily", error.Message, StringComparison.Ordinal);
        Assert.Contains("Time of day (ad account time zone)", error.Message, StringComparison.Ordinal);
        Assert.Contains("Export table data", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ViewerTimeZoneHours_Refused()
    {
        var document = ExportFixtures.Text("Reporting starts,Ad set name,Time of day (viewer's time zone),Amount spent (USD),Impressions\n2025-03-08,A,01:00:00 - 01:59:59,1,1\n");
        var error = Assert.Throws<ExportFormatException>(() => MetaAdsExport.Read(document, NewYork));
        Assert.Contains("ad account time zone", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_RowsSpanningSeveralDays_ErrorExplainsTheSummedHours()
    {
        var document = ExportFixtures.Text(Header + "\n2025-03-01,2025-03-07,A,1,14:00:00 - 14:59:59,10.00,1000,10,,", "range.csv");

        var error = Assert.Throws<ExportFormatException>(() => MetaAdsExport.Read(document, NewYork));

        Assert.Equal(2, error.Line);
        Assert.Contains("2025-03-01 to 2025-03-07", error.Message, StringComparison.Ordinal);
        Assert.Contains("By time → Day", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Reporting starts,Time of day (ad account time zone),Amount spent (USD),Impressions", "missing ad set column: expected one of 'Ad set ID', 'Ad Set ID', 'adset_id', 'Ad set name'")]
    [InlineData("Reporting starts,Ad set name,Time of day (ad account time zone),Impressions", "missing spend column")]
    [InlineData("Reporting starts,Ad set name,Time of day (ad account time zone),Amount spent (USD)", "missing impressions column: expected one of 'Impressions'")]
    [InlineData("Ad set name,Time of day (ad account time zone),Amount spent (USD),Impressions", "missing date column")]
    public void Read_MissingRequiredColumn_ErrorListsAcceptedNames(string header, string expected)
    {
        var error = Assert.Throws<ExportFormatException>(() => MetaAdsExport.Read(ExportFixtures.Text(header + "\n"), NewYork));

        Assert.Equal(1, error.Line);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains("the header has", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2025-03-08,2025-03-08,A,1,14:00:00 - 14:59:59,12;50,1000,10,,", "Amount spent (USD)", "not an amount")]
    [InlineData("2025-03-08,2025-03-08,A,1,14:00:00 - 14:59:59,\"12,50\",1000,10,,", "Amount spent (USD)", "decimal comma")]
    [InlineData("2025-03-08,2025-03-08,A,1,14:00:00 - 14:59:59,12.50,lots,10,,", "Impressions", "'lots'")]
    [InlineData("2025-03-08,2025-03-08,A,1,afternoon,12.50,1000,10,,", "Time of day (ad account time zone)", "not an hour of the day")]
    [InlineData("03/08/2025,03/08/2025,A,1,14:00:00 - 14:59:59,12.50,1000,10,,", "Reporting starts", "not a date (expected yyyy-MM-dd")]
    [InlineData("2025-03-08,2025-03-08,A,1,14:00:00 - 14:59:59,12.50,1000,10,1.5,", "Purchases", "not a whole count")]
    public void Read_UnreadableValue_ErrorNamesFileLineAndColumn(string row, string column, string expected)
    {
        var error = Assert.Throws<ExportFormatException>(() => MetaAdsExport.Read(ExportFixtures.Text($"{Header}\n{row}\n", "meta.csv"), NewYork));

        Assert.Equal("meta.csv", error.File);
        Assert.Equal(2, error.Line);
        Assert.Equal(column, error.Column);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_SameAdSetHourTwiceWithOtherFigures_ErrorNamesBothLines()
    {
        var document = ExportFixtures.Text(string.Join('\n',
            Header,
            "2025-03-08,2025-03-08,A,1,14:00:00 - 14:59:59,12.50,1000,10,,",
            "2025-03-08,2025-03-08,A,1,15:00:00 - 15:59:59,12.50,1000,10,,",
            "2025-03-08,2025-03-08,A,1,14:00:00 - 14:59:59,13.00,1000,10,,"));

        var error = Assert.Throws<ExportFormatException>(() => MetaAdsExport.Read(document, NewYork));

        Assert.Contains("lines 2 and 4", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_RowRepeatedExactly_DroppedAndCounted()
    {
        var document = ExportFixtures.Text(string.Join('\n',
            Header,
            "2025-03-08,2025-03-08,A,1,14:00:00 - 14:59:59,12.50,1000,10,,",
            "2025-03-08,2025-03-08,A,1,14:00:00 - 14:59:59,12.50,1000,10,,"));

        var export = MetaAdsExport.Read(document, NewYork);

        Assert.Equal(12.50m, Assert.Single(export.Rows).Spend.Amount);
        Assert.Contains(export.Warnings, w => w.Contains("dropped 1 row(s) repeated exactly", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_AdLevelRows_SummedIntoTheirAdSet()
    {
        var document = ExportFixtures.Text(string.Join('\n',
            "Reporting starts,Reporting ends,Ad set ID,Ad name,Time of day (ad account time zone),Amount spent (USD),Impressions,Link clicks",
            "2025-03-08,2025-03-08,1,Hook A,14:00:00 - 14:59:59,2.25,100,3",
            "2025-03-08,2025-03-08,1,Hook B,14:00:00 - 14:59:59,1.50,80,1"));

        var export = MetaAdsExport.Read(document, NewYork);

        var row = Assert.Single(export.Rows);
        Assert.Equal((3.75m, 180L, 4L), (row.Spend.Amount, row.Impressions, row.Clicks));
        Assert.Contains(export.Warnings, w => w.Contains("summed 2 ad-level row(s)", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_CurrencyColumnDisagreesWithTheHeader_Refused()
    {
        var document = ExportFixtures.Text(
            "Reporting starts,Ad set ID,Time of day (ad account time zone),Currency,Amount spent (USD),Impressions\n2025-03-08,1,14:00:00 - 14:59:59,EUR,2.00,10\n");

        var error = Assert.Throws<ExportFormatException>(() => MetaAdsExport.Read(document, NewYork));

        Assert.Contains("in EUR but the file's money is in USD", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_OnlyNames_KeyedByNameWithAWarning()
    {
        var document = ExportFixtures.Text("Reporting starts,Ad set name,Time of day (ad account time zone),Amount spent (USD),Impressions\n2025-03-08,Retargeting,14:00:00 - 14:59:59,2.00,10\n");

        var export = MetaAdsExport.Read(document, NewYork);

        Assert.Equal("Retargeting", Assert.Single(export.Rows).AdSet.ExternalId);
        Assert.Contains(export.Warnings, w => w.Contains("keyed by name", StringComparison.Ordinal));
    }

    private static DateTimeOffset At(int y, int m, int d, int h) => new(y, m, d, h, 0, 0, TimeSpan.Zero);
}

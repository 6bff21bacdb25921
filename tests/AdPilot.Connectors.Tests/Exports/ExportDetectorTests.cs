using AdPilot.Connectors.Exports;
using AdPilot.Connectors.Tests.TestData;

namespace AdPilot.Connectors.Tests.Exports;

public sealed class ExportDetectorTests
{
    [Theory]
    [InlineData(ExportFixtures.Meta, ExportFormat.MetaAdsManager)]
    [InlineData(ExportFixtures.TikTok, ExportFormat.TikTokAdsManager)]
    [InlineData(ExportFixtures.Shopify, ExportFormat.ShopifyOrders)]
    public void Detect_Fixtures_TheirFormat(string file, ExportFormat format) =>
        Assert.Equal(format, ExportDetector.Detect(ExportFixtures.Document(file)));

    [Fact]
    public void Detect_KaggleFileWithMacLineEndings_ExplainsWhyItCannotBeReplayed()
    {
        // The public file's header and first row, with its old Mac (CR) line endings.
        var document = ExportFixtures.Text(
            "ad_id,xyz_campaign_id,fb_campaign_id,age,gender,interest,Impressions,Clicks,Spent,Total_Conversion,Approved_Conversion\r708746,916,103916,30-34,M,15,7350,1,1.43,2,1\r",
            "KAG_conversion_data.csv");

        var error = Assert.Throws<ExportFormatException>(() => ExportDetector.Detect(document));

        Assert.Contains("no date, no hour and no revenue", error.Message, StringComparison.Ordinal);
        Assert.Contains("adpilot calibrate", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Detect_RobynWeeklyFile_ExplainsItIsWeekly()
    {
        var document = ExportFixtures.Text("DATE,revenue,tv_S,ooh_S,print_S,facebook_I,search_clicks_P,search_S,competitor_sales_B,facebook_S,events,newsletter\n2015-11-23,2754371.667,22358.34667,0,12728.48889,24301284.6,0,0,8125009,7607.132915,na,19401.65385\n");
        var error = Assert.Throws<ExportFormatException>(() => ExportDetector.Detect(document));
        Assert.Contains("weekly marketing-mix", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Detect_UnknownHeader_ListsWhatIsExpected()
    {
        var error = Assert.Throws<ExportFormatException>(() => ExportDetector.Detect(ExportFixtures.Text("foo,bar\n1,2\n", "mystery.csv")));

        Assert.StartsWith("mystery.csv:1: the header matches no known export", error.Message, StringComparison.Ordinal);
        Assert.Contains("'foo', 'bar'", error.Message, StringComparison.Ordinal);
    }
}

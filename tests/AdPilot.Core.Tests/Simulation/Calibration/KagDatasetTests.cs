using AdPilot.Core.Domain;
using AdPilot.Core.Simulation.Calibration;

namespace AdPilot.Core.Tests.Simulation.Calibration;

public sealed class KagDatasetTests
{
    private const string Header = "ad_id,xyz_campaign_id,fb_campaign_id,age,gender,interest,Impressions,Clicks,Spent,Total_Conversion,Approved_Conversion";

    [Fact]
    public void Parse_CarriageReturnOnlyLines_ReadsEveryRow()
    {
        var text = Header + "\r" + "708746,916,103916,30-34,M,15,7350,1,1.429999948,2,1" + "\r" + "708749,916,103917,45-49,F,16,17861,2,1.82,2,0";

        var kag = KagDataset.Parse(text);

        Assert.Equal(2, kag.Ads.Count);
        var first = kag.Ads[0];
        Assert.Equal(708746, first.AdId);
        Assert.Equal(916, first.CampaignId);
        Assert.Equal(103916, first.FacebookCampaignId);
        Assert.Equal("30-34", first.AgeBand);
        Assert.Equal(AgeGroup.Age25To34, first.AgeGroup);
        Assert.Equal("M", first.Gender);
        Assert.Equal(15, first.Interest);
        Assert.Equal(new AdTotals(7350, 1, 1.429999948, 2), first.Totals);
        Assert.Equal(1, first.ApprovedConversions);
        Assert.Equal(AgeGroup.Age45To54, kag.Ads[1].AgeGroup);
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    public void Parse_OtherLineEndsAndATrailingEnd_ReadTheSame(string end)
    {
        var text = Header + end + "1,2,3,35-39,F,10,100,1,0.5,1,0" + end + "2,2,3,40-44,F,10,100,1,0.5,1,0" + end;

        var kag = KagDataset.Parse(text);

        Assert.Equal(2, kag.Ads.Count);
        Assert.All(kag.Ads, a => Assert.Equal(AgeGroup.Age35To44, a.AgeGroup));
    }

    [Fact]
    public void Parse_BadNumber_NamesTheLineAndColumn()
    {
        var text = Header + "\r" + "1,2,3,30-34,M,15,7350,1,1.4,2,1" + "\r" + "2,2,3,30-34,M,15,7350,abc,1.4,2,1";

        var ex = Assert.Throws<DataFormatException>(() => KagDataset.Parse(text));

        Assert.Equal(3, ex.Line);
        Assert.Equal("Clicks", ex.Column);
        Assert.Equal("KAG_conversion_data.csv line 3, column Clicks: 'abc' is not a whole number of 0 or more", ex.Message);
    }

    [Fact]
    public void Parse_NegativeSpend_NamesTheColumn()
    {
        var ex = Assert.Throws<DataFormatException>(() => KagDataset.Parse(Header + "\r1,2,3,30-34,M,15,7350,1,-1.4,2,1"));

        Assert.Equal(2, ex.Line);
        Assert.Equal("Spent", ex.Column);
    }

    [Fact]
    public void Parse_UnknownAgeBand_NamesTheBands()
    {
        var ex = Assert.Throws<DataFormatException>(() => KagDataset.Parse(Header + "\r1,2,3,18-24,M,15,7350,1,1.4,2,1"));

        Assert.Equal("age", ex.Column);
        Assert.Contains("'18-24'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("30-34, 35-39, 40-44, 45-49", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ShortRow_NamesTheLine()
    {
        var ex = Assert.Throws<DataFormatException>(() => KagDataset.Parse(Header + "\r1,2,3,30-34,M,15,7350,1,1.4,2"));

        Assert.Equal(2, ex.Line);
        Assert.Null(ex.Column);
        Assert.Equal("KAG_conversion_data.csv line 2: expected 11 fields like the header, got 10", ex.Message);
    }

    [Fact]
    public void Parse_MissingColumn_NamesIt()
    {
        var header = Header.Replace(",Spent", string.Empty, StringComparison.Ordinal);

        var ex = Assert.Throws<DataFormatException>(() => KagDataset.Parse(header + "\r1,2,3,30-34,M,15,7350,1,2,1"));

        Assert.Equal(1, ex.Line);
        Assert.Equal("Spent", ex.Column);
        Assert.StartsWith("KAG_conversion_data.csv line 1, column Spent: missing column", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_HeaderOnly_Throws()
    {
        var ex = Assert.Throws<DataFormatException>(() => KagDataset.Parse(Header + "\r"));

        Assert.Contains("no rows", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ReorderedColumnsAndAByteOrderMark_AreFound()
    {
        var text = "\uFEFFage,ad_id,xyz_campaign_id,fb_campaign_id,gender,interest,Impressions,Clicks,Spent,Total_Conversion,Approved_Conversion,extra\r"
            + "45-49,9,2,3,F,7,100,2,0.5,1,1,whatever";

        var ad = Assert.Single(KagDataset.Parse(text).Ads);

        Assert.Equal(9, ad.AdId);
        Assert.Equal("45-49", ad.AgeBand);
        Assert.Equal(new AdTotals(100, 2, 0.5, 1), ad.Totals);
    }

    [Theory]
    [InlineData("30-34", AgeGroup.Age25To34)]
    [InlineData("35-39", AgeGroup.Age35To44)]
    [InlineData("40-44", AgeGroup.Age35To44)]
    [InlineData("45-49", AgeGroup.Age45To54)]
    [InlineData("50-54", null)]
    public void AgeGroupOf_DataBands_MapOntoTheSimulatorsBands(string band, AgeGroup? expected)
    {
        Assert.Equal(expected, KagDataset.AgeGroupOf(band));
    }
}

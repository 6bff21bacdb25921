using AdPilot.Core.Simulation.Calibration;

namespace AdPilot.Core.Tests.Simulation.Calibration;

public sealed class RobynDatasetTests
{
    private const string Header = "\"DATE\",\"revenue\",\"tv_S\",\"facebook_I\",\"competitor_sales_B\",\"facebook_S\",\"events\"";

    [Fact]
    public void Parse_QuotedHeaderAndTextInOtherColumns_ReadsTheNeededColumns()
    {
        var text = Header + "\n"
            + "2015-11-23,2754371.66666667,22358.34,24301284.2375304,8125009,7607.1329148046,\"na\"\n"
            + "2015-11-30,2584276.66666667,28613.45,0,7901549,0,\"event1\"\n";

        var robyn = RobynDataset.Parse(text);

        Assert.Equal(2, robyn.Weeks.Count);
        var first = robyn.Weeks[0];
        Assert.Equal(new DateOnly(2015, 11, 23), first.Date);
        Assert.Equal(2754371.66666667, first.Revenue);
        Assert.Equal(7607.1329148046, first.FacebookSpend);
        Assert.Equal(24301284.2375304, first.FacebookImpressions);
        Assert.Equal(8125009, first.CompetitorSales);
        Assert.Equal(7607.1329148046 * 1000 / 24301284.2375304, first.FacebookCpm, 12);
        Assert.True(double.IsNaN(robyn.Weeks[1].FacebookCpm));
    }

    [Fact]
    public void Parse_BadDate_NamesTheLineAndColumn()
    {
        var text = Header + "\n2015-11-23,1,1,1,1,1,\"na\"\n23/11/2015,1,1,1,1,1,\"na\"\n";

        var ex = Assert.Throws<DataFormatException>(() => RobynDataset.Parse(text));

        Assert.Equal("robyn_dt_simulated_weekly.csv line 3, column DATE: '23/11/2015' is not a yyyy-MM-dd date", ex.Message);
    }

    [Fact]
    public void Parse_ZeroCompetitorSales_IsRejected()
    {
        var text = Header + "\n2015-11-23,1,1,1,1,1,\"na\"\n2015-11-30,1,1,1,0,1,\"na\"\n";

        var ex = Assert.Throws<DataFormatException>(() => RobynDataset.Parse(text));

        Assert.Equal("competitor_sales_B", ex.Column);
    }

    [Fact]
    public void Parse_UnclosedQuote_NamesTheLine()
    {
        var text = Header + "\n2015-11-23,1,1,1,1,1,\"na\n";

        var ex = Assert.Throws<DataFormatException>(() => RobynDataset.Parse(text));

        Assert.Equal(2, ex.Line);
        Assert.Contains("not closed", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MissingCompetitorColumn_NamesIt()
    {
        var ex = Assert.Throws<DataFormatException>(() => RobynDataset.Parse("\"DATE\",\"revenue\",\"facebook_S\",\"facebook_I\"\n2015-11-23,1,1,1\n"));

        Assert.Equal("competitor_sales_B", ex.Column);
    }
}

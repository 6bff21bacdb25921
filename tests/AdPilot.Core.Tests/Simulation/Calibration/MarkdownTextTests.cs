using AdPilot.Core.Simulation.Calibration;

namespace AdPilot.Core.Tests.Simulation.Calibration;

public sealed class MarkdownTextTests
{
    [Fact]
    public void Formats_Numbers_AreInvariantAndNaNIsNotApplicable()
    {
        Assert.Equal("1234.50", MarkdownText.Number(1234.5, 2));
        Assert.Equal("n/a", MarkdownText.Number(double.NaN, 2));
        Assert.Equal("1,234,567", MarkdownText.Count(1_234_567));
        Assert.Equal("0.018%", MarkdownText.Percent(0.00018, 3));
        Assert.Equal("+0.27", MarkdownText.Signed(0.2691, 2));
        Assert.Equal("−0.45", MarkdownText.Signed(-0.446, 2));
    }

    [Fact]
    public void ToString_HeadingsAndTables_UseLineFeedsAndOneBlankLineBetweenBlocks()
    {
        var md = new MarkdownText()
            .Line("# Title")
            .Heading(2, "Part")
            .Table("a", "b")
            .Row("1", "2");

        Assert.Equal("# Title\n\n## Part\n\n| a | b |\n| --- | --- |\n| 1 | 2 |\n", md.ToString());
    }
}

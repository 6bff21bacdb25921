using AdPilot.Core.Simulation.Calibration;

namespace AdPilot.Core.Tests.Simulation.Calibration;

public sealed class CsvTableTests
{
    [Fact]
    public void Read_QuotedFieldsWithCommasAndQuotes_SplitsLikeCsv()
    {
        using var reader = new StringReader("\"a\",b,\"c\"\n\"x, y\",,\"say \"\"hi\"\"\"\n");
        var table = CsvTable.Open("t.csv", reader, ["a", "b", "c"]);

        Assert.True(table.Read());
        Assert.Equal("x, y", table.Text("a"));
        Assert.Equal("say \"hi\"", table.Text("c"));
        var ex = Assert.Throws<DataFormatException>(() => table.Text("b"));
        Assert.Equal("t.csv line 2, column b: is empty", ex.Message);
        Assert.False(table.Read());
    }

    [Fact]
    public void Read_BlankLines_AreSkippedButCounted()
    {
        using var reader = new StringReader("n\r\r5\rx");
        var table = CsvTable.Open("t.csv", reader, ["n"]);

        Assert.True(table.Read());
        Assert.Equal(5, table.WholeNumber("n"));
        Assert.Equal(3, table.Line);
        Assert.True(table.Read());
        var ex = Assert.Throws<DataFormatException>(() => table.WholeNumber("n"));
        Assert.Equal(4, ex.Line);
    }

    [Fact]
    public void Open_EmptyText_SaysTheHeaderIsMissing()
    {
        using var reader = new StringReader(string.Empty);

        var ex = Assert.Throws<DataFormatException>(() => CsvTable.Open("t.csv", reader, ["n"]));

        Assert.Equal("t.csv line 1: the file is empty (expected a header line)", ex.Message);
    }

    [Theory]
    [InlineData("1e3", 1000.0)]
    [InlineData("0.25", 0.25)]
    public void Amount_InvariantNumbers_Parse(string text, double expected)
    {
        using var reader = new StringReader("v\n" + text);
        var table = CsvTable.Open("t.csv", reader, ["v"]);
        table.Read();

        Assert.Equal(expected, table.Amount("v"));
    }

    [Theory]
    [InlineData("0,25")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    public void Amount_NotAFiniteInvariantNumber_Throws(string text)
    {
        using var reader = new StringReader("v,w\n\"" + text + "\",1");
        var table = CsvTable.Open("t.csv", reader, ["v"]);
        table.Read();

        Assert.Throws<DataFormatException>(() => table.Amount("v"));
    }
}

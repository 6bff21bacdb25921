using System.Text;
using AdPilot.Connectors.Exports;

namespace AdPilot.Connectors.Tests.Exports;

public sealed class CsvDocumentTests
{
    [Theory]
    [InlineData("\r\n")]
    [InlineData("\n")]
    [InlineData("\r")]
    public void Parse_AnyLineEnding_SameRecordsAndLines(string newline)
    {
        var text = string.Join(newline, "a,b", "1,2", "3,4") + newline;

        var document = CsvDocument.Parse("f.csv", text);

        Assert.Equal(["a", "b"], document.Header);
        Assert.Equal(2, document.Records.Count);
        Assert.Equal(["3", "4"], document.Records[1].Fields);
        Assert.Equal(3, document.Records[1].Line);
    }

    [Fact]
    public void Parse_QuotedFieldsWithDelimitersQuotesAndNewlines_UnquotedAndLineNumbersFollowTheFile()
    {
        var text = "name,note,total\r\n\"Smith, Jo\",\"said \"\"hi\"\"\r\nthen left\",12\r\nx,y,3\r\n";

        var document = CsvDocument.Parse("f.csv", text);

        Assert.Equal("Smith, Jo", document.Records[0][0]);
        Assert.Equal("said \"hi\"\r\nthen left", document.Records[0][1]);
        Assert.Equal(2, document.Records[0].Line);
        Assert.Equal(4, document.Records[1].Line);
    }

    [Fact]
    public void Parse_Utf8ByteOrderMark_StrippedFromTheFirstHeader()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("Reporting starts,x\n2025-01-01,1\n")).ToArray();

        var document = CsvDocument.Parse("f.csv", bytes);

        Assert.Equal("Reporting starts", document.Header[0]);
    }

    [Fact]
    public void Parse_Utf16LittleEndianWithMark_Decoded()
    {
        var bytes = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("a\tb\r\n1\t2\r\n")).ToArray();

        var document = CsvDocument.Parse("f.csv", bytes);

        Assert.Equal('\t', document.Delimiter);
        Assert.Equal(["1", "2"], document.Records[0].Fields);
    }

    [Fact]
    public void Parse_SemicolonHeader_SemicolonDelimiter()
    {
        var document = CsvDocument.Parse("f.csv", "a;b;c\n1;\"2;3\";4\n");

        Assert.Equal(';', document.Delimiter);
        Assert.Equal("2;3", document.Records[0][1]);
    }

    [Fact]
    public void Parse_BlankLines_Skipped()
    {
        var document = CsvDocument.Parse("f.csv", "a,b\n\n1,2\n,\n\n3,4\n");

        Assert.Equal(2, document.Records.Count);
        Assert.Equal(6, document.Records[1].Line);
    }

    [Fact]
    public void Parse_UnclosedQuote_ErrorNamesFileAndTheLineItOpened()
    {
        var error = Assert.Throws<ExportFormatException>(() => CsvDocument.Parse("orders.csv", "a,b\n1,\"open\n2,3\n"));

        Assert.Equal("orders.csv", error.File);
        Assert.Equal(2, error.Line);
        Assert.Contains("never closed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TextAfterClosingQuote_ErrorSaysQuotesMustBeDoubled()
    {
        var error = Assert.Throws<ExportFormatException>(() => CsvDocument.Parse("f.csv", "a,b\n\"x\"y,2\n"));

        Assert.Equal(2, error.Line);
        Assert.Contains("doubled", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_EmptyFile_ErrorSaysSo()
    {
        var error = Assert.Throws<ExportFormatException>(() => CsvDocument.Parse("f.csv", "\n\n"));
        Assert.Contains("empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NotUtf8_ErrorSaysExportAsUtf8()
    {
        var error = Assert.Throws<ExportFormatException>(() => CsvDocument.Parse("f.csv", [0x61, 0x2C, 0x62, 0x0A, 0xFF, 0xFE, 0xFD, 0x0A]));
        Assert.Contains("UTF-8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadAsync_MissingFile_ErrorNamesIt()
    {
        var path = Path.Combine(Path.GetTempPath(), "adpilot-no-such-export.csv");
        var error = await Assert.ThrowsAsync<ExportFormatException>(() => CsvDocument.LoadAsync(path, TestContext.Current.CancellationToken));
        Assert.Equal($"{path}: the file does not exist", error.Message);
    }
}

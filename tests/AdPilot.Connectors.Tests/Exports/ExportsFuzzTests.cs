using System.Globalization;
using System.Text;
using AdPilot.Connectors.Exports;
using AdPilot.Connectors.Tests.TestData;
using AdPilot.Tests.Fuzz;

namespace AdPilot.Connectors.Tests.Exports;

/// <summary>
/// Fuzzes the CSV export readers (docs/fuzzing.md) from the hand-made fixtures: every input is read as a file is
/// (<see cref="CsvDocument.Parse(string, ReadOnlySpan{byte})"/>, <see cref="ExportDetector"/>, then the format's reader)
/// and either gives an export or an <see cref="ExportFormatException"/> naming the file. The readers store nothing (the
/// backtest holds what they return in memory), so a rejected file can leave nothing behind.
/// </summary>
public sealed class ExportsFuzzTests
{
    private const string File = "fuzz.csv";

    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    private static byte[] Fixture(string name) => System.IO.File.ReadAllBytes(ExportFixtures.PathOf(name));

    private static FuzzTarget Target(string parser, params string[] fixtures) => new()
    {
        Parser = parser,
        Corpus = FuzzCorpus.Csv(fixtures.Select(Fixture)),
        Parse = FuzzTarget.Sync(input => ReadAny(input.Bytes)),
        IsDocumentedError = e => e is ExportFormatException,
        MessageProblem = FuzzTarget.Naming(File),
    };

    private static object ReadAny(byte[] bytes)
    {
        var document = CsvDocument.Parse(File, bytes);
        return ExportDetector.Detect(document) switch
        {
            ExportFormat.MetaAdsManager => MetaAdsExport.Read(document, NewYork),
            ExportFormat.TikTokAdsManager => TikTokAdsExport.Read(document, Berlin),
            _ => ShopifyOrdersExport.Read(document),
        };
    }

    [Fact]
    public async Task MetaAdsExport_FuzzedFiles_ReadOrRejectedWithTheFileNamed()
    {
        (await Fuzzer.RunAsync(Target("MetaAdsExport", "meta_adsets_hourly.csv"))).AssertBothPaths();
    }

    [Fact]
    public async Task TikTokAdsExport_FuzzedFiles_ReadOrRejectedWithTheFileNamed()
    {
        (await Fuzzer.RunAsync(Target("TikTokAdsExport", "tiktok_adgroups_hourly.csv"))).AssertBothPaths();
    }

    [Fact]
    public async Task ShopifyOrdersExport_FuzzedFiles_ReadOrRejectedWithTheFileNamed()
    {
        (await Fuzzer.RunAsync(Target("ShopifyOrdersExport", "shopify_orders.csv"))).AssertBothPaths();
    }

    [Fact]
    public async Task CsvDocument_FuzzedText_ParsedOrRejectedWithFileAndLine()
    {
        var target = new FuzzTarget
        {
            Parser = "CsvDocument",
            Corpus = FuzzCorpus.Csv(new[] { ExportFixtures.Meta, ExportFixtures.TikTok, ExportFixtures.Shopify }.Select(Fixture)),
            Parse = FuzzTarget.Sync(input => CsvDocument.Parse(File, input.Bytes)),
            IsDocumentedError = e => e is ExportFormatException,
            MessageProblem = FuzzTarget.Naming(File),
        };

        (await Fuzzer.RunAsync(target)).AssertBothPaths();
    }

    /// <summary>Round trip: a generated valid TikTok export reads back to the totals it was written with, in any line ending and encoding.</summary>
    [Fact]
    public void TikTokAdsExport_GeneratedValidRows_ImportToTheSameTotals()
    {
        var count = FuzzSettings.InputsFor(weight: 4);
        for (var i = 0; i < count; i++)
        {
            var r = FuzzRng.For(FuzzSettings.Seed, "TikTokAdsExport.totals", i);
            var text = new StringBuilder("Ad group ID,By Hour,Currency,Cost,Impressions,Clicks (destination)\n");
            decimal spend = 0;
            long impressions = 0, clicks = 0;
            var rows = r.Next(1, 30);
            var seen = new HashSet<(int, int)>();
            for (var row = 0; row < rows; row++)
            {
                var (adGroup, hour) = (r.Next(1, 4), r.Next(0, 48));
                if (!seen.Add((adGroup, hour)))
                {
                    continue;
                }

                var cost = r.Next(0, 1_000_000) / 100m;
                var shown = r.Next(0, 2_000_000);
                var clicked = r.Next(0, shown + 1);
                (spend, impressions, clicks) = (spend + cost, impressions + shown, clicks + clicked);
                var at = new DateTime(2025, 3, 8, 0, 0, 0, DateTimeKind.Unspecified).AddHours(hour);
                text.Append(CultureInfo.InvariantCulture, $"{adGroup},{at:yyyy-MM-dd HH:00:00},USD,")
                    .Append(r.Chance(0.5) ? cost.ToString("0.00", CultureInfo.InvariantCulture) : "\"" + cost.ToString("#,0.00", CultureInfo.InvariantCulture) + "\"")
                    .Append(',')
                    .Append(r.Chance(0.5) ? shown.ToString(CultureInfo.InvariantCulture) : "\"" + shown.ToString("#,0", CultureInfo.InvariantCulture) + "\"")
                    .Append(CultureInfo.InvariantCulture, $",{clicked}")
                    .Append(r.Pick(["\n", "\r\n"]));
            }

            var bytes = r.Chance(0.5) ? [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(text.ToString())] : Encoding.UTF8.GetBytes(text.ToString());

            var export = TikTokAdsExport.Read(CsvDocument.Parse(File, bytes), TimeZoneInfo.Utc);

            Assert.Equal(seen.Count, export.Rows.Count);
            Assert.Equal(spend, export.Rows.Sum(x => x.Spend.Amount));
            Assert.Equal(impressions, export.Rows.Sum(x => x.Impressions));
            Assert.Equal(clicks, export.Rows.Sum(x => x.Clicks));
        }

        new FuzzReport("TikTokAdsExport.totals", count, count, 0, FuzzSettings.Seed, 0).Write();
    }

    /// <summary>Found by fuzzing (csv-huge-field): the message echoed a 1.1 MB cell whole. It now shows 60 characters and the length.</summary>
    [Fact]
    public void Read_HugeCell_MessageShowsAnExcerptAndTheLength()
    {
        var document = ExportFixtures.Text("Ad group ID,By Hour,Currency,Cost,Impressions\n17,2025-03-08 14:00:00,USD," + new string('9', 100_000) + "x,500\n", File);

        var error = Assert.Throws<ExportFormatException>(() => TikTokAdsExport.Read(document, Berlin));

        Assert.InRange(error.Message.Length, 1, FuzzTarget.MaxMessageLength);
        Assert.StartsWith("fuzz.csv:2: column 'Cost': '999", error.Message, StringComparison.Ordinal);
        Assert.Contains("… (100,001 characters)", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Found by fuzzing (csv-duplicate-row on the header, csv-huge-field): the "no known export" message listed every header name whole.</summary>
    [Fact]
    public void Detect_LongUnknownHeader_MessageListsTwentyNamesCut()
    {
        var header = string.Join(",", Enumerable.Range(0, 50).Select(i => "Column " + i.ToString(CultureInfo.InvariantCulture))) + "," + new string('h', 70_000);
        var document = ExportFixtures.Text(header + "\n1\n", File);

        var error = Assert.Throws<ExportFormatException>(() => ExportDetector.Detect(document));

        Assert.InRange(error.Message.Length, 1, FuzzTarget.MaxMessageLength);
        Assert.Contains("'Column 19' and 31 more", error.Message, StringComparison.Ordinal);
    }
}

using AdPilot.Core.Domain;

namespace AdPilot.Core.Simulation.Calibration;

/// <summary>
/// The KAG data set: one anonymous advertiser's Facebook ads (Kaggle "Sales Conversion Optimization"), one row per ad
/// with its age band, gender, interest, impressions, clicks, spend and conversions. The file has old Mac line endings
/// (CR only), which <see cref="TextReader.ReadLine"/> accepts.
/// </summary>
public sealed class KagDataset
{
    /// <summary>The file's usual name.</summary>
    public const string FileName = "KAG_conversion_data.csv";

    private static readonly string[] Columns =
    [
        "ad_id", "xyz_campaign_id", "fb_campaign_id", "age", "gender", "interest",
        "Impressions", "Clicks", "Spent", "Total_Conversion", "Approved_Conversion",
    ];

    private KagDataset(IReadOnlyList<KagAd> ads) => Ads = ads;

    /// <summary>Gets the ads, in file order.</summary>
    public IReadOnlyList<KagAd> Ads { get; }

    /// <summary>Parses the CSV text.</summary>
    /// <param name="text">The whole file.</param>
    /// <returns>The data set.</returns>
    /// <exception cref="DataFormatException">A column is missing or a row is malformed; the message names the line and column.</exception>
    public static KagDataset Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        using var reader = new StringReader(text);
        return Parse(reader);
    }

    /// <summary>Parses the CSV text.</summary>
    /// <param name="reader">The file's text.</param>
    /// <returns>The data set.</returns>
    /// <exception cref="DataFormatException">A column is missing or a row is malformed; the message names the line and column.</exception>
    public static KagDataset Parse(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var table = CsvTable.Open(FileName, reader, Columns);
        var ads = new List<KagAd>();
        while (table.Read())
        {
            var band = table.Text("age");
            if (AgeGroupOf(band) is not { } age)
            {
                throw table.Error("age", $"'{band}' is not one of the data set's bands 30-34, 35-39, 40-44, 45-49");
            }

            var interest = table.WholeNumber("interest");
            if (interest > int.MaxValue)
            {
                throw table.Error("interest", $"'{interest}' is too large for an interest code");
            }

            var totals = new AdTotals(
                table.WholeNumber("Impressions"), table.WholeNumber("Clicks"), table.Amount("Spent"), table.WholeNumber("Total_Conversion"));
            ads.Add(new KagAd(
                table.WholeNumber("ad_id"),
                table.WholeNumber("xyz_campaign_id"),
                table.WholeNumber("fb_campaign_id"),
                band,
                age,
                table.Text("gender"),
                (int)interest,
                totals,
                table.WholeNumber("Approved_Conversion")));
        }

        if (ads.Count == 0)
        {
            throw new DataFormatException(FileName, table.Line, null, "no rows after the header");
        }

        return new KagDataset(ads);
    }

    /// <summary>
    /// The simulator's age band a KAG band maps onto: the data's youngest band, 30–34, stands for 25–34 (the
    /// simulator's reference band); 35–39 and 40–44 make 35–44; 45–49 stands for 45–54.
    /// </summary>
    /// <param name="band">A KAG band such as <c>35-39</c>.</param>
    /// <returns>The simulator's band, or null for a band the data set does not have.</returns>
    public static AgeGroup? AgeGroupOf(string band) => band switch
    {
        "30-34" => AgeGroup.Age25To34,
        "35-39" or "40-44" => AgeGroup.Age35To44,
        "45-49" => AgeGroup.Age45To54,
        _ => null,
    };
}

using System.Globalization;

namespace AdPilot.Core.Simulation.Calibration;

/// <summary>
/// Robyn's simulated weekly marketing-mix demo data (facebookexperimental/Robyn, MIT): 208 weeks of revenue, media
/// spend and competitor sales. Only the columns calibration needs are read; the others may hold anything.
/// </summary>
public sealed class RobynDataset
{
    /// <summary>The file's name in <c>shared/data</c>.</summary>
    public const string FileName = "robyn_dt_simulated_weekly.csv";

    private static readonly string[] Columns = ["DATE", "revenue", "facebook_S", "facebook_I", "competitor_sales_B"];

    private RobynDataset(IReadOnlyList<RobynWeek> weeks) => Weeks = weeks;

    /// <summary>Gets the weeks, in file order.</summary>
    public IReadOnlyList<RobynWeek> Weeks { get; }

    /// <summary>Parses the CSV text.</summary>
    /// <param name="text">The whole file.</param>
    /// <returns>The data set.</returns>
    /// <exception cref="DataFormatException">A column is missing or a row is malformed; the message names the line and column.</exception>
    public static RobynDataset Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        using var reader = new StringReader(text);
        return Parse(reader);
    }

    /// <summary>Parses the CSV text.</summary>
    /// <param name="reader">The file's text.</param>
    /// <returns>The data set.</returns>
    /// <exception cref="DataFormatException">A column is missing or a row is malformed; the message names the line and column.</exception>
    public static RobynDataset Parse(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var table = CsvTable.Open(FileName, reader, Columns);
        var weeks = new List<RobynWeek>();
        while (table.Read())
        {
            var dateText = table.Text("DATE");
            if (!DateOnly.TryParseExact(dateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                throw table.Error("DATE", $"'{dateText}' is not a yyyy-MM-dd date");
            }

            var competitorSales = table.Amount("competitor_sales_B");
            if (competitorSales <= 0)
            {
                throw table.Error("competitor_sales_B", "must be greater than 0 (its logarithm is taken)");
            }

            weeks.Add(new RobynWeek(date, table.Amount("revenue"), table.Amount("facebook_S"), table.Amount("facebook_I"), competitorSales));
        }

        if (weeks.Count < 2)
        {
            throw new DataFormatException(FileName, table.Line, null, "fewer than two weeks after the header");
        }

        return new RobynDataset(weeks);
    }
}

using System.Globalization;

namespace AdPilot.Cli.Commands;

/// <summary>How the reports write money: the simulator's doubles rounded to cents (banker's rounding) as decimals.</summary>
internal static class ReportMoney
{
    public static decimal Cents(double amount) => Math.Round((decimal)amount, 2, MidpointRounding.ToEven);

    public static string Format(decimal amount) => amount.ToString("N2", CultureInfo.InvariantCulture);
}

using System.Globalization;

namespace AdPilot.Core.Guardrails;

/// <summary>Culture-invariant text for reasons and alerts, so stored messages read the same on every machine.</summary>
internal static class GuardrailText
{
    public static string Of(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    public static string Money(decimal amount, string currency) =>
        string.Create(CultureInfo.InvariantCulture, $"{amount:0.00##} {currency}");

    public static string Percent(decimal share) => string.Create(CultureInfo.InvariantCulture, $"{share * 100m:0.##}%");

    public static decimal FloorCents(decimal amount) => Math.Floor(amount * CentsPerUnit) / CentsPerUnit;

    public static decimal CeilingCents(decimal amount) => Math.Ceiling(amount * CentsPerUnit) / CentsPerUnit;

    private const decimal CentsPerUnit = 100m;
}

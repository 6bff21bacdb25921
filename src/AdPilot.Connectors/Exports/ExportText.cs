using System.Globalization;

namespace AdPilot.Connectors.Exports;

/// <summary>How an error message shows a value from the file: whole when short, cut with its length when not, so one huge field cannot bury the message.</summary>
public static class ExportText
{
    private const int MaxShown = 60;

    /// <summary>The value as a message shows it: at most 60 characters, then an ellipsis and the value's length.</summary>
    /// <param name="value">The value, or null (shown as nothing).</param>
    /// <returns>The text to put between the message's quotes.</returns>
    public static string Excerpt(string? value) =>
        value is null || value.Length <= MaxShown
            ? value ?? ""
            : string.Create(CultureInfo.InvariantCulture, $"{value[..MaxShown]}… ({value.Length:N0} characters)");
}

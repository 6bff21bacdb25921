using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace AdPilot.Runtime.Configuration;

/// <summary>Reads configuration sections at start-up, so a bad setting stops the start with every problem named.</summary>
public static partial class ConfigurationSections
{
    private const int MaxMessageLength = 1000;

    /// <summary>Binds a section now and checks it, naming the section in every problem.</summary>
    /// <typeparam name="T">The options type.</typeparam>
    /// <param name="configuration">The configuration root.</param>
    /// <param name="section">The section.</param>
    /// <param name="defaults">The options when the section is absent.</param>
    /// <param name="validate">The options' problems, one sentence each.</param>
    /// <returns>The options.</returns>
    /// <exception cref="OptionsValidationException">A value cannot be converted, or the options have problems.</exception>
    public static T Read<T>(IConfiguration configuration, string section, Func<T> defaults, Func<T, IReadOnlyList<string>> validate)
    {
        T options;
        try
        {
            options = configuration.GetSection(section).Get<T>() ?? defaults();
        }
        catch (InvalidOperationException ex)
        {
            // The binder names the key and the value it could not convert.
            throw new OptionsValidationException(section, typeof(T), [$"{section}: {Bound(ex.Message)}"]);
        }

        var errors = validate(options);
        return errors.Count == 0
            ? options
            : throw new OptionsValidationException(section, typeof(T), [.. errors.Select(e => Bound(e.StartsWith(section, StringComparison.Ordinal) ? e : $"{section}: {e}"))]);
    }

    /// <summary>
    /// A binder or validation message with each long quoted value cut to 60 characters and its length: both quote the
    /// configured value, which can be of any size, and its start is enough to find it; the key they name is kept.
    /// </summary>
    /// <param name="message">The message.</param>
    /// <returns>The message, cut with an ellipsis when longer.</returns>
    public static string Bound(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var shown = LongQuote().Replace(message, m => string.Create(
            System.Globalization.CultureInfo.InvariantCulture, $"'{m.Groups[1].Value[..60]}… ({m.Groups[1].Length:N0} characters)'"));
        return shown.Length <= MaxMessageLength ? shown : shown[..MaxMessageLength] + "…";
    }

    [System.Text.RegularExpressions.GeneratedRegex("'([^']{61,})'")]
    private static partial System.Text.RegularExpressions.Regex LongQuote();
}

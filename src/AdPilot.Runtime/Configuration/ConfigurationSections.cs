using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace AdPilot.Runtime.Configuration;

/// <summary>Reads configuration sections at start-up, so a bad setting stops the start with every problem named.</summary>
public static class ConfigurationSections
{
    private const int MaxMessageLength = 300;

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
            // The message quotes the value, which can be of any size: its start is enough to find it.
            var message = ex.Message.Length <= MaxMessageLength ? ex.Message : ex.Message[..MaxMessageLength] + "…";
            throw new OptionsValidationException(section, typeof(T), [$"{section}: {message}"]);
        }

        var errors = validate(options);
        return errors.Count == 0
            ? options
            : throw new OptionsValidationException(section, typeof(T), [.. errors.Select(e => e.StartsWith(section, StringComparison.Ordinal) ? e : $"{section}: {e}")]);
    }
}

using System.Collections;
using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace AdPilot.Runtime.Configuration;

/// <summary>
/// AdPilot's configuration, from lowest to highest precedence: <c>appsettings.json</c>, the <c>.env</c> file, the process
/// environment. Variables reach configuration two ways: .NET's own form (<c>Meta__AccessToken</c> → <c>Meta:AccessToken</c>),
/// and the integration guide's §13 names (<c>META_LONG_LIVED_TOKEN</c>, <c>SHOPIFY_ADMIN_TOKEN</c>…; see
/// <see cref="GuideVariables"/>), which a .NET-form variable for the same key overrides. Nothing here logs a value.
/// </summary>
public static class AdPilotConfiguration
{
    /// <summary>The default <c>.env</c> file, in the working folder.</summary>
    public const string DefaultEnvFile = ".env";

    /// <summary>The default settings file, in the working folder.</summary>
    public const string DefaultSettingsFile = "appsettings.json";

    /// <summary>Builds the configuration.</summary>
    /// <param name="environment">The process environment; <see cref="Environment.GetEnvironmentVariables()"/> when null.</param>
    /// <param name="envFile">The <c>.env</c> file; skipped when it does not exist.</param>
    /// <param name="settingsFile">The JSON settings file; skipped when it does not exist.</param>
    /// <returns>The configuration.</returns>
    /// <exception cref="InvalidDataException">The settings file is not valid JSON, or the <c>.env</c> file has a line that is not NAME=value (the file is named, and the line).</exception>
    public static IConfigurationRoot Build(
        IDictionary? environment = null, string? envFile = DefaultEnvFile, string? settingsFile = DefaultSettingsFile)
    {
        var variables = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (envFile is not null && File.Exists(envFile))
        {
            IEnumerable<KeyValuePair<string, string>> entries;
            try
            {
                entries = DotNetEnv.Env.NoEnvVars().Load(envFile).ToList();
            }
            catch (Sprache.ParseException ex)
            {
                // The parser's own message quotes the text it consumed last, which may be a secret: only the place is kept.
                throw new InvalidDataException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{envFile}: line {ex.Position?.Line}, column {ex.Position?.Column}: not a NAME=value line (quote a value that holds spaces, '#', quotes or '$')"));
            }

            foreach (var (key, value) in entries)
            {
                variables[key] = value;
            }
        }

        foreach (DictionaryEntry entry in environment ?? Environment.GetEnvironmentVariables())
        {
            if (entry.Key is string key)
            {
                variables[key] = entry.Value as string;
            }
        }

        var builder = new ConfigurationBuilder();
        if (settingsFile is not null && File.Exists(settingsFile))
        {
            builder.AddJsonFile(Path.GetFullPath(settingsFile), optional: true, reloadOnChange: false);
        }

        builder.AddInMemoryCollection(ToKeys(variables));
        try
        {
            return builder.Build();
        }
        catch (InvalidDataException ex)
        {
            // The loader's own message says only that the file failed; the JSON reader's, inside it, says where.
            var cause = ex.InnerException;
            while (cause is not null and not System.Text.Json.JsonException)
            {
                cause = cause.InnerException;
            }

            var reason = cause?.Message ?? ex.InnerException?.Message ?? ex.Message;
            throw new InvalidDataException($"{settingsFile}: {(reason.Length <= 300 ? reason : reason[..300] + "…")}", ex);
        }
    }

    /// <summary>Configuration keys from environment-style variables: the guide's names first, .NET's form over them.</summary>
    internal static Dictionary<string, string?> ToKeys(IReadOnlyDictionary<string, string?> variables)
    {
        var keys = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in GuideVariables.ToKeys(variables))
        {
            keys[key] = value;
        }

        foreach (var (name, value) in variables)
        {
            if (name.Contains("__", StringComparison.Ordinal))
            {
                keys[name.Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal)] = value;
            }
        }

        return keys;
    }
}

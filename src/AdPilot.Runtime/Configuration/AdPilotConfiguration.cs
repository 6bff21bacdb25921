using System.Collections;
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
    /// <exception cref="InvalidDataException">The settings file is not valid JSON (its path is named).</exception>
    public static IConfigurationRoot Build(
        IDictionary? environment = null, string? envFile = DefaultEnvFile, string? settingsFile = DefaultSettingsFile)
    {
        var variables = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (envFile is not null && File.Exists(envFile))
        {
            foreach (var (key, value) in DotNetEnv.Env.NoEnvVars().Load(envFile))
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
            throw new InvalidDataException($"{settingsFile}: {ex.Message}", ex);
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

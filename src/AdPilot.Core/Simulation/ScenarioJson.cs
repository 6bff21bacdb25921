using System.Text.Json;
using System.Text.RegularExpressions;
using AdPilot.Core.Domain;

namespace AdPilot.Core.Simulation;

/// <summary>Reads, validates and writes scenario JSON.</summary>
public static partial class ScenarioJson
{
    /// <summary>Parses and validates scenario JSON.</summary>
    /// <param name="json">The JSON text.</param>
    /// <param name="source">Where it came from, for error messages.</param>
    /// <returns>The valid scenario.</returns>
    /// <exception cref="ScenarioException">The JSON is malformed, or a field is missing, unknown or out of range.</exception>
    public static Scenario Parse(string json, string source = "scenario")
    {
        ArgumentNullException.ThrowIfNull(json);
        Scenario? scenario;
        try
        {
            scenario = JsonSerializer.Deserialize(json, ScenarioJsonContext.Default.Scenario);
        }
        catch (JsonException ex)
        {
            var path = DisplayPath(ex.Path);
            throw new ScenarioException(source, [new ScenarioError(path, Describe(ex, path))]);
        }

        if (scenario is null)
        {
            throw new ScenarioException(source, [new ScenarioError("$", "the file holds null, not a scenario object")]);
        }

        var errors = ScenarioValidator.Validate(scenario);
        if (errors.Count > 0)
        {
            throw new ScenarioException(source, errors);
        }

        return scenario;
    }

    /// <summary>Reads and validates a scenario file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The valid scenario.</returns>
    /// <exception cref="ScenarioException">The file is missing, unreadable or invalid.</exception>
    public static async Task<Scenario> LoadAsync(string path, CancellationToken cancellationToken)
    {
        string json;
        try
        {
            json = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ScenarioException(path, [new ScenarioError("$", $"cannot read the file: {ex.Message}")]);
        }

        return Parse(json, path);
    }

    /// <summary>Writes a scenario as indented JSON.</summary>
    /// <param name="scenario">The scenario.</param>
    /// <returns>The JSON text.</returns>
    public static string Serialize(Scenario scenario) =>
        JsonSerializer.Serialize(scenario, ScenarioJsonContext.Default.Scenario);

    /// <summary>The JSON Schema (draft 2020-12) of scenario files, with field descriptions.</summary>
    /// <returns>The schema as indented JSON.</returns>
    public static string Schema() => ScenarioSchema.Build();

    private static string DisplayPath(string? path)
    {
        // A property with an empty name reads "$." (its name is nothing): the error is then placed at the root.
        var shown = string.IsNullOrEmpty(path) || path == "$" ? "$" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path;
        return string.IsNullOrWhiteSpace(shown) ? "$" : shown;
    }

    private const int MaxMessageLength = 200;

    private static string Describe(JsonException ex, string path)
    {
        // System.Text.Json's messages end with "Path: ... | LineNumber: ..."; the path is reported separately.
        var message = ex.Message;
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut > 0)
        {
            message = message[..cut];
        }

        message = message.TrimEnd('.', ' ');
        var missing = MissingRequired().Match(message);
        if (missing.Success)
        {
            message = $"missing required field(s): {missing.Groups[1].Value}";
        }

        if (message.Contains("could not be converted", StringComparison.Ordinal))
        {
            message = AllowedValues(path) is { } allowed
                ? $"invalid value (expected one of {allowed})"
                : "invalid value for this field's type";
        }

        // The reader quotes the token it stopped at, which can be the rest of the file: keep the start of it.
        if (message.Length > MaxMessageLength)
        {
            message = message[..MaxMessageLength] + "…";
        }

        return ex.LineNumber is { } line ? $"{message} (line {line + 1})" : message;
    }

    private static string? AllowedValues(string path)
    {
        var leaf = path[(path.LastIndexOf('.') + 1)..];
        var parent = path.LastIndexOf('.') is var dot and > 0 ? path[..dot] : string.Empty;
        parent = parent[(parent.LastIndexOf('.') + 1)..];
        return (leaf, parent) switch
        {
            ("platform", _) => "tiktok, instagram",
            ("targetAgeGroup", _) or (_, "ageCtr" or "ageCvr" or "ageCpm") => "18-24, 25-34, 35-44, 45-54, 55+",
            ("creativeType", _) or (_, "ctrByCreative") => "ugc, lifestyle, product, discount",
            ("kind", _) => "lowest_cost, cost_cap, bid_cap",
            ("targetInterests", _) => string.Join(", ", InterestsJsonConverter.Names),
            _ => null,
        };
    }

    [GeneratedRegex("missing required properties including: (.+)$")]
    private static partial Regex MissingRequired();
}

using System.CommandLine;
using AdPilot.Core.Simulation;

namespace AdPilot.Cli.Commands;

/// <summary>The <c>--scenario FILE... | --family default [--first-seed S]</c> choice of the commands that run many worlds.</summary>
internal sealed class ScenarioSetSource
{
    public ScenarioSetSource(ulong defaultFirstSeed, string firstSeedDescription)
    {
        Family.AcceptOnlyFromAmong("default");
        FirstSeed = new Option<ulong>("--first-seed")
        {
            Description = firstSeedDescription,
            DefaultValueFactory = _ => defaultFirstSeed,
        };
    }

    public Option<FileInfo[]> Files { get; } = new("--scenario")
    {
        Description = "Scenario JSON files (see 'adpilot scenario schema'); repeat the option or list several after it.",
        AllowMultipleArgumentsPerToken = true,
    };

    public Option<string?> Family { get; } = new("--family")
    {
        Description = "Draw scenarios from a built-in family: default (the default when no --scenario is given).",
    };

    public Option<ulong> FirstSeed { get; }

    public void AddTo(Command command)
    {
        command.Options.Add(Files);
        command.Options.Add(Family);
        command.Options.Add(FirstSeed);
        command.Validators.Add(result =>
        {
            if (result.GetResult(Files) is not null && result.GetResult(Family) is not null)
            {
                result.AddError("--scenario and --family cannot be used together");
            }

            if (result.GetResult(Files) is not null && result.GetResult(FirstSeed) is { Implicit: false })
            {
                result.AddError("--first-seed applies to --family, not to --scenario files");
            }
        });
    }

    /// <summary>Whether scenarios come from files.</summary>
    public bool FromFiles(ParseResult parsed) => parsed.GetValue(Files) is { Length: > 0 };

    /// <summary>Loads the scenario files, all in one currency.</summary>
    public async Task<IReadOnlyList<Scenario>> LoadFilesAsync(ParseResult parsed, CancellationToken cancellationToken)
    {
        var scenarios = new List<Scenario>();
        foreach (var file in parsed.GetValue(Files) ?? [])
        {
            try
            {
                scenarios.Add(await ScenarioJson.LoadAsync(file.FullName, cancellationToken).ConfigureAwait(false));
            }
            catch (ScenarioException ex)
            {
                throw new UsageException(ex.Message);
            }
        }

        var currencies = scenarios.Select(s => s.Store.Currency).Distinct(StringComparer.Ordinal).ToList();
        if (currencies.Count > 1)
        {
            throw new UsageException($"the scenarios are in different currencies ({string.Join(", ", currencies)}); profits in different currencies cannot be added");
        }

        return scenarios;
    }
}

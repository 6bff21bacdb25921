using System.CommandLine;
using AdPilot.Core.Simulation;

namespace AdPilot.Cli.Commands;

/// <summary>The <c>--scenario FILE | --preset default</c> pair shared by the commands that run a world.</summary>
internal sealed class ScenarioSource
{
    public Option<FileInfo?> File { get; } = new("--scenario")
    {
        Description = "A scenario JSON file (see 'adpilot scenario schema').",
    };

    public Option<string?> Preset { get; } = new("--preset")
    {
        Description = "A built-in scenario: default.",
    };

    public ScenarioSource()
    {
        Preset.AcceptOnlyFromAmong("default");
    }

    public void AddTo(Command command)
    {
        command.Options.Add(File);
        command.Options.Add(Preset);
        command.Validators.Add(result =>
        {
            if (result.GetResult(File) is not null && result.GetResult(Preset) is not null)
            {
                result.AddError("--scenario and --preset cannot be used together");
            }
        });
    }

    /// <summary>Loads the chosen scenario; the default preset when neither option is given.</summary>
    public async Task<Scenario> LoadAsync(ParseResult parsed, CancellationToken cancellationToken)
    {
        var file = parsed.GetValue(File);
        if (file is null)
        {
            return DefaultFamily.Preset();
        }

        try
        {
            return await ScenarioJson.LoadAsync(file.FullName, cancellationToken).ConfigureAwait(false);
        }
        catch (ScenarioException ex)
        {
            throw new UsageException(ex.Message);
        }
    }
}

using System.CommandLine;
using AdPilot.Core.Simulation;

namespace AdPilot.Cli.Commands;

/// <summary><c>adpilot scenario sample|schema|validate</c>.</summary>
internal static class ScenarioCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("scenario", "Draw, describe and check scenario files.");
        command.Subcommands.Add(Sample(console));
        command.Subcommands.Add(Schema(console));
        command.Subcommands.Add(Validate(console));
        return command;
    }

    private static Command Sample(CliConsole console)
    {
        var seed = new Option<ulong>("--seed") { Description = "Seed of the draw and of the scenario's world.", Required = true };
        var adSets = new Option<int>("--adsets") { Description = "Number of ad sets.", DefaultValueFactory = _ => DefaultFamily.DefaultAdSetCount }
            .InRange(1, 100_000);
        var output = new Option<FileInfo?>("--out") { Description = "Write the scenario to this file instead of stdout." };
        var command = new Command("sample", "Draw a scenario from the calibrated default family.") { seed, adSets, output };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var scenario = DefaultFamily.Sample(parsed.GetValue(seed), parsed.GetValue(adSets));
            await WriteAsync(console, parsed.GetValue(output), ScenarioJson.Serialize(scenario) + "\n", cancellationToken).ConfigureAwait(false);
            return CliApp.Ok;
        });
        return command;
    }

    private static Command Schema(CliConsole console)
    {
        var output = new Option<FileInfo?>("--out") { Description = "Write the schema to this file instead of stdout." };
        var command = new Command("schema", "Print the JSON Schema of scenario files.") { output };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            await WriteAsync(console, parsed.GetValue(output), ScenarioJson.Schema(), cancellationToken).ConfigureAwait(false);
            return CliApp.Ok;
        });
        return command;
    }

    private static Command Validate(CliConsole console)
    {
        var file = new Argument<FileInfo>("file") { Description = "The scenario file." };
        var command = new Command("validate", "Check a scenario file; every problem is named with its field.") { file };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var path = parsed.GetValue(file)!.FullName;
            try
            {
                var scenario = await ScenarioJson.LoadAsync(path, cancellationToken).ConfigureAwait(false);
                await console.Out.WriteLineAsync($"{path}: valid ({scenario.AdSets.Count} ad sets)").ConfigureAwait(false);
                return CliApp.Ok;
            }
            catch (ScenarioException ex)
            {
                throw new UsageException(ex.Message);
            }
        });
        return command;
    }

    private static async Task WriteAsync(CliConsole console, FileInfo? file, string text, CancellationToken cancellationToken)
    {
        if (file is null)
        {
            await console.Out.WriteAsync(text).ConfigureAwait(false);
            return;
        }

        file.Directory?.Create();
        var temporary = file.FullName + ".tmp";
        await File.WriteAllTextAsync(temporary, text, cancellationToken).ConfigureAwait(false);
        File.Move(temporary, file.FullName, overwrite: true);
    }
}

using System.CommandLine;
using AdPilot.Cli.Commands;

namespace AdPilot.Cli;

/// <summary>
/// The <c>adpilot</c> command line. Bad arguments get one line on stderr and exit code 2; any other failure a
/// clear message and exit code 1; success exit code 0.
/// </summary>
internal static class CliApp
{
    public const int Ok = 0;
    public const int Failure = 1;
    public const int BadArguments = 2;

    public static async Task<int> RunAsync(
        string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken, TimeProvider? time = null, System.Collections.IDictionary? environment = null)
    {
        time ??= TimeProvider.System;
        environment ??= Environment.GetEnvironmentVariables();
        string? Variable(string name) => environment[name] as string;
        var console = new CliConsole(stdout, stderr);
        var root = new RootCommand("AdPilot: runs a Shopify store's Meta and TikTok budgets with a learning policy, safely.")
        {
            DemoCommand.Create(console, time),
            SimulateCommand.Create(console),
            ScenarioCommand.Create(console),
            CalibrateCommand.Create(console),
            TrainCommand.Create(console, time),
            EvaluateCommand.Create(console),
            DbCommand.Create(console, Variable),
            SandboxCommand.Create(console, time),
            ApprovalsCommand.Create(console, Variable, time),
            KillSwitchCommand.Create(console, environment, time),
            RunCommand.Create(console, environment, time),
            ServeCommand.Create(console, environment, time),
            ReportCommand.Create(console, Variable, time),
            CheckpointsCommand.Create(console, environment, time),
            RetrainCommand.Create(console, environment, time),
            OpeCommand.Create(console, environment, time),
            BacktestCommand.Create(console, environment, time),
            DoctorCommand.Create(console, environment, time),
            WebhooksCommand.Create(console, environment, time),
            SecretsCommand.Create(console, environment, time),
            AuditCommand.Create(console, Variable, time),
            ChaosCommand.Create(console),
            ConnectCommand.Create(console, environment, time),
            CreativesCommand.Create(console, environment, time),
            ExperimentsCommand.Create(console, environment, time),
        };

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            var message = string.Join(' ', parsed.Errors[0].Message.Split((char[])['\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries).Select(p => p.Trim()));
            await stderr.WriteLineAsync($"adpilot: {message} (see 'adpilot --help')").ConfigureAwait(false);
            return BadArguments;
        }

        try
        {
            return await parsed.InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false }, cancellationToken).ConfigureAwait(false);
        }
        catch (UsageException ex)
        {
            await stderr.WriteLineAsync($"adpilot: {ex.Message}").ConfigureAwait(false);
            return BadArguments;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await stderr.WriteLineAsync("adpilot: cancelled").ConfigureAwait(false);
            return 130;
        }
    }
}

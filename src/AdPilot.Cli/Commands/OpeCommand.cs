using System.Collections;
using System.CommandLine;
using System.Data.Common;
using System.Globalization;
using AdPilot.Core.Agents;
using AdPilot.Core.Agents.Checkpoints;
using AdPilot.Core.Guardrails;
using AdPilot.Core.Training.OffPolicy;
using AdPilot.Runtime.Configuration;
using AdPilot.Runtime.Evidence;
using AdPilot.Runtime.Loop;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Stores;
using Microsoft.Extensions.Options;
using Spectre.Console;

namespace AdPilot.Cli.Commands;

/// <summary>
/// <c>adpilot ope --policy CHECKPOINT [--db CONN] [--store DOMAIN] [--from T] [--to T] [--max-weight W] [--warm-up-hours H] [--json]</c>:
/// what a candidate policy would have earned on the decisions the loop logged (IPS, SNIPS and doubly robust, with 95%
/// intervals), and <c>adpilot ope validate [--seeds N] [--first-seed S] [--days D] [--json]</c>: how often those intervals
/// cover the truth in the simulator.
/// </summary>
internal static class OpeCommand
{
    public static Command Create(CliConsole console, IDictionary environment, TimeProvider time)
    {
        var policy = new Option<string?>("--policy")
        {
            Description = "The candidate: a checkpoint file written by 'adpilot train' (evaluated frozen, as trained), or a baseline: fixed, rules or proportional.",
        };
        var db = DbCommand.DatabaseOption();
        var store = StoreChoice.Option();
        var from = new Option<string?>("--from")
        {
            Description = "The first logged hour to evaluate on, UTC: a date (2026-03-01) or a whole hour (2026-03-01T05:00Z); 28 days before --to by default.",
        };
        var to = new Option<string?>("--to") { Description = "The end of the range, exclusive, in the same forms; the current hour by default." };
        var maxWeight = new Option<double?>("--max-weight") { Description = "Clip importance weights at this value (lower variance, some bias); no clip by default." };
        var warmUp = new Option<int>("--warm-up-hours")
        {
            Description = "Hours before --from replayed first, unscored, so the candidate starts the range up to date.",
            DefaultValueFactory = _ => 168,
        }.InRange(0, 24 * 90);
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of a table." };

        var command = new Command(
            "ope",
            "Off-policy evaluation: estimate a candidate policy's profit per ad set-day on the decisions the loop logged in pilot and expand (shadow proposals were never applied), from their propensities.")
        {
            policy, db, store, from, to, maxWeight, warmUp, json,
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var name = parsed.GetValue(policy) ?? throw new UsageException("ope: --policy is required (a checkpoint file or fixed, rules or proportional)");
            if (parsed.GetValue(maxWeight) is { } clip && !(clip > 0 && double.IsFinite(clip)))
            {
                throw new UsageException($"--max-weight must be a positive number, got {clip.ToString(CultureInfo.InvariantCulture)}");
            }

            var end = parsed.GetValue(to) is { } toText ? Hour(toText, "--to") : CliTime.HourOf(time.GetUtcNow());
            var start = parsed.GetValue(from) is { } fromText ? Hour(fromText, "--from") : end.AddDays(-28);
            if (start >= end)
            {
                throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"--from {start:yyyy-MM-ddTHH:mm}Z must be before --to {end:yyyy-MM-ddTHH:mm}Z"));
            }

            var target = DbCommand.Target(parsed.GetValue(db), n => environment[n] as string);
            GuardrailOptions guardrails;
            try
            {
                guardrails = ConfigurationSections.Read(
                    AdPilotConfiguration.Build(environment), LoopServiceCollectionExtensions.GuardrailsSection, () => new GuardrailOptions(), o => o.Validate().Select(e => e.ToString()).ToList());
            }
            catch (OptionsValidationException ex)
            {
                await console.Error.WriteLineAsync($"adpilot: the configuration is not valid: {string.Join("; ", ex.Failures)}").ConfigureAwait(false);
                return CliApp.Failure;
            }

            var (candidate, description) = await LoadAsync(name, cancellationToken).ConfigureAwait(false);
            try
            {
                await using var database = await StorageDatabase.OpenMigratedAsync(target, cancellationToken).ConfigureAwait(false);
                var directory = new StoreDirectory(database, time);
                var storeId = await StoreChoice.ResolveAsync(directory, parsed.GetValue(store), cancellationToken).ConfigureAwait(false);
                var currency = (await directory.GetAsync(storeId, cancellationToken).ConfigureAwait(false))!.Profile.Currency;
                var history = await new LoggedDecisionReader(database, time).ReadAsync(
                    storeId, start, end, new LoggedDecisionReaderOptions { Guardrails = guardrails, WarmUpHours = parsed.GetValue(warmUp) }, cancellationToken).ConfigureAwait(false);
                var units = DecisionUnitSet.Build(history);
                var options = new OffPolicyEvaluationOptions { MaxWeight = parsed.GetValue(maxWeight) };
                var report = OpeReport.Of(OffPolicyEvaluation.Evaluate(candidate, units, null, options), description, start, end, currency, options.MaxWeight);
                if (parsed.GetValue(json))
                {
                    await console.Out.WriteLineAsync(report.ToJson()).ConfigureAwait(false);
                }
                else
                {
                    report.Render(console.Rich);
                }

                return CliApp.Ok;
            }
            catch (DbException ex)
            {
                await console.Error.WriteLineAsync($"adpilot: {target}: {ex.Message}").ConfigureAwait(false);
                return CliApp.Failure;
            }
        });
        command.Subcommands.Add(Validate(console));
        return command;
    }

    /// <summary><c>adpilot ope validate</c>: the estimators' coverage, bias and error against the simulator's truth.</summary>
    private static Command Validate(CliConsole console)
    {
        var seeds = new Option<int>("--seeds") { Description = "Worlds to draw from the default scenario family.", DefaultValueFactory = _ => 1000 }.InRange(1, 100_000);
        var firstSeed = new Option<ulong>("--first-seed") { Description = "The first world's seed.", DefaultValueFactory = _ => 1 };
        var days = new Option<int>("--days") { Description = "Days of logged decisions per world, one per ad set and day.", DefaultValueFactory = _ => 14 }.InRange(1, 365);
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of a table." };
        var command = new Command(
            "validate",
            "Check the estimators where the truth is known: log an exploring policy's daily budget moves in simulated worlds, estimate a different policy's value, and report how often each 95% interval covers the true value.")
        {
            seeds, firstSeed, days, json,
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var count = parsed.GetValue(seeds);
            var first = parsed.GetValue(firstSeed);
            if (first > ulong.MaxValue - (ulong)count)
            {
                throw new UsageException($"--first-seed {first} leaves no room for {count} seeds");
            }

            var options = new OffPolicyValidationOptions { Seeds = count, FirstSeed = first, Days = parsed.GetValue(days) };
            var asJson = parsed.GetValue(json);
            OffPolicyValidationReport report;
            if (console.IsTerminal && !asJson)
            {
                report = null!;
                console.Rich.Progress()
                    .AutoClear(true)
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                    .Start(ctx =>
                    {
                        var task = ctx.AddTask(string.Create(CultureInfo.InvariantCulture, $"Estimating in {count:N0} worlds"), maxValue: count);
                        report = OffPolicyValidation.Run(options, new Progress(task), cancellationToken);
                    });
            }
            else
            {
                report = OffPolicyValidation.Run(options, cancellationToken: cancellationToken);
            }

            var result = OpeValidationReport.From(report, first, options.Days);
            if (asJson)
            {
                await console.Out.WriteLineAsync(result.ToJson()).ConfigureAwait(false);
            }
            else
            {
                result.Render(console.Rich);
            }

            return CliApp.Ok;
        });
        return command;
    }

    private static async Task<(IPolicy Policy, string Description)> LoadAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            return await OffPolicyCandidates.LoadAsync(name, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new UsageException($"--policy: {ex.Message}; give a checkpoint file from 'adpilot train' or one of {string.Join(", ", OffPolicyCandidates.Baselines)}");
        }
        catch (UnauthorizedAccessException)
        {
            throw new UsageException($"--policy: checkpoint '{Path.GetFullPath(name)}' cannot be read (permission denied)");
        }
        catch (CheckpointException ex)
        {
            throw new UsageException($"--policy: '{Path.GetFullPath(name)}' is not a usable checkpoint: {ex.Message}");
        }
    }

    /// <summary>A UTC hour from a date or a date and time; anything else is a usage error naming the option.</summary>
    private static DateTimeOffset Hour(string text, string option)
    {
        if (!CliTime.TryParseUtc(text, out var value))
        {
            throw new UsageException($"{option}: '{text}' is not a date (2026-03-01) or a UTC hour (2026-03-01T05:00Z)");
        }

        return value.Minute == 0 && value.Second == 0 && value.Millisecond == 0 && value.Microsecond == 0
            ? value
            : throw new UsageException($"{option}: '{text}' is not a whole hour");
    }

    /// <summary>Moves a progress bar as worlds finish.</summary>
    private sealed class Progress(ProgressTask task) : IProgress<int>
    {
        public void Report(int value) => task.Value = value;
    }
}

using System.Collections;
using System.CommandLine;
using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using AdPilot.Core.Domain;
using AdPilot.Storage.Audit;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Experiments;
using AdPilot.Storage.Stores;

namespace AdPilot.Cli.Commands;

/// <summary>
/// <c>adpilot experiments list|propose|approve ID|reject ID|end ID</c>: targeting tests through A/B copies. A targeting
/// change is never applied to a running ad set; it is proposed (by a policy or here), approved by a person, and the loop
/// then runs it in the expand stage (docs/experiments.md).
/// </summary>
internal static class ExperimentsCommand
{
    public static Command Create(CliConsole console, IDictionary environment, TimeProvider time)
    {
        var db = DbCommand.DatabaseOption();
        var store = StoreChoice.Option();
        var json = new Option<bool>("--json") { Description = "Print JSON instead of text." };
        var open = new Option<bool>("--open") { Description = "Only the open experiments (proposed, approved, starting, running, concluding)." };
        var list = new Command("list", "List the store's targeting experiments, newest first: status, arms, budgets, verdict.") { db, store, json, open };
        list.SetAction((parsed, ct) => RunAsync(console, environment, time, parsed.GetValue(db), parsed.GetValue(store), ct, (s, c) =>
            ListAsync(console, s, parsed.GetValue(json), parsed.GetValue(open), c)));

        var adSet = new Option<string>("--ad-set") { Description = "The ad set to test: instagram:ID or tiktok:ID.", Required = true };
        var age = new Option<string>("--age") { Description = "The copy's age band: 18-24, 25-34, 35-44, 45-54 or 55+.", Required = true };
        var interests = new Option<string?>("--interests") { Description = "The copy's interests, comma-separated (e.g. fitness,beauty), or broad." };
        var reason = new Option<string?>("--reason") { Description = "Why, kept with the proposal." };
        var proposer = CliActor.Option();
        var propose = new Command("propose", "Propose a targeting test for an ad set; a person still has to approve it.")
        {
            adSet, age, interests, reason, db, store, json, proposer,
        };
        propose.SetAction((parsed, ct) => RunAsync(console, environment, time, parsed.GetValue(db), parsed.GetValue(store), ct, (s, c) =>
            ProposeAsync(console, environment, s, parsed.GetValue(adSet)!, parsed.GetValue(age)!, parsed.GetValue(interests), parsed.GetValue(reason), CliActor.Resolve(parsed.GetValue(proposer)), parsed.GetValue(json), c)));

        var root = new Command("experiments", "Targeting tests through A/B copies: list, propose, approve, reject, end.") { list, propose };
        foreach (var (name, description) in new[]
        {
            ("approve", "Approve a proposed experiment: the loop starts it at its next cycle in the expand stage."),
            ("reject", "Reject a proposed experiment: nothing is done."),
            ("end", "End an experiment early: its next cycle pauses the copy and gives the original its budget back."),
        })
        {
            var id = new Argument<long>("ID") { Description = "The experiment's id (see 'adpilot experiments list')." };
            var actor = CliActor.Option();
            var act = new Command(name, description) { id, db, store, json, actor };
            act.SetAction((parsed, ct) => RunAsync(console, environment, time, parsed.GetValue(db), parsed.GetValue(store), ct, (s, c) =>
                ActAsync(console, s, name, parsed.GetValue(id), CliActor.Resolve(parsed.GetValue(actor)), parsed.GetValue(json), c)));
            root.Subcommands.Add(act);
        }

        return root;
    }

    private static async Task<int> RunAsync(
        CliConsole console,
        IDictionary environment,
        TimeProvider time,
        string? dbOption,
        string? storeOption,
        CancellationToken cancellationToken,
        Func<Scope, CancellationToken, Task<int>> action)
    {
        var target = DbCommand.Target(dbOption, name => environment[name] as string);
        try
        {
            await using var database = await StorageDatabase.OpenMigratedAsync(target, cancellationToken).ConfigureAwait(false);
            var storeId = await StoreChoice.ResolveAsync(new StoreDirectory(database, time), storeOption, cancellationToken).ConfigureAwait(false);
            return await action(new Scope(storeId, new ExperimentStore(database, time)), cancellationToken).ConfigureAwait(false);
        }
        catch (DbException ex)
        {
            await console.Error.WriteLineAsync($"adpilot: {target}: {ex.Message}").ConfigureAwait(false);
            return CliApp.Failure;
        }
    }

    private static async Task<int> ListAsync(CliConsole console, Scope scope, bool json, bool openOnly, CancellationToken cancellationToken)
    {
        var experiments = (await scope.Store.ListAsync(scope.StoreId, cancellationToken).ConfigureAwait(false))
            .Where(e => !openOnly || e.IsOpen)
            .ToArray();
        if (json)
        {
            await console.Out.WriteLineAsync(JsonSerializer.Serialize(experiments.Select(ExperimentListing.From).ToList(), ExperimentsJsonContext.Default.ListExperimentListing)).ConfigureAwait(false);
            return CliApp.Ok;
        }

        if (experiments.Length == 0)
        {
            await console.Out.WriteLineAsync(openOnly ? "No open targeting experiment." : "No targeting experiment yet.").ConfigureAwait(false);
            return CliApp.Ok;
        }

        foreach (var experiment in experiments)
        {
            await console.Out.WriteLineAsync(Describe(experiment)).ConfigureAwait(false);
        }

        return CliApp.Ok;
    }

    private static async Task<int> ProposeAsync(
        CliConsole console,
        IDictionary environment,
        Scope scope,
        string adSetText,
        string ageText,
        string? interestsText,
        string? reason,
        AdminActor actor,
        bool json,
        CancellationToken cancellationToken)
    {
        var parts = adSetText.Split(':', 2);
        if (parts.Length != 2 || parts[1].Length == 0 || parts[0] is not ("instagram" or "tiktok" or "meta"))
        {
            return await UsageAsync(console, $"--ad-set must be instagram:ID or tiktok:ID, got '{adSetText}'").ConfigureAwait(false);
        }

        if (!TargetingText.TryParseAge(ageText, out var age))
        {
            return await UsageAsync(console, $"--age must be one of 18-24, 25-34, 35-44, 45-54, 55+, got '{ageText}'").ConfigureAwait(false);
        }

        if (!TargetingText.TryParseInterests(interestsText, out var interests, out var error))
        {
            return await UsageAsync(console, $"--interests: {error}").ConfigureAwait(false);
        }

        var reference = new AdSetRef(parts[0] == "tiktok" ? Platform.TikTok : Platform.Instagram, parts[1]);
        var found = await scope.Store.FindAdSetAsync(scope.StoreId, reference, cancellationToken).ConfigureAwait(false);
        if (found is not { } adSet)
        {
            await console.Error.WriteLineAsync($"adpilot: ad set {adSetText} is not in the store's data; run a cycle (adpilot run --once) to pull it first").ConfigureAwait(false);
            return CliApp.Failure;
        }

        var options = ReadOptions(environment);
        try
        {
            var (experiment, created) = await scope.Store.ProposeAsync(
                scope.StoreId,
                new ExperimentProposal(adSet.Account, reference, adSet.AgeGroup, adSet.Interests, age, interests, actor.Text, reason ?? $"proposed by {actor.Name}"),
                cancellationToken,
                new AdminAuditRecord(actor, AdminActions.ExperimentPropose, reference.ToString()),
                options.MaxOpen).ConfigureAwait(false);
            if (json)
            {
                await console.Out.WriteLineAsync(JsonSerializer.Serialize(ExperimentListing.From(experiment), ExperimentsJsonContext.Default.ExperimentListing)).ConfigureAwait(false);
            }
            else
            {
                await console.Out.WriteLineAsync(created
                    ? $"Experiment {experiment.Id} proposed: {adSet.Name} ({reference}) with {TargetingText.Describe(age, interests)} instead of {TargetingText.Describe(adSet.AgeGroup, adSet.Interests)}. Approve it with 'adpilot experiments approve {experiment.Id}'."
                    : $"Ad set {reference} already has experiment {experiment.Id} ({ExperimentText.Of(experiment.Status)}); nothing new was proposed.").ConfigureAwait(false);
            }

            return created ? CliApp.Ok : CliApp.Failure;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            await console.Error.WriteLineAsync($"adpilot: {ex.Message}").ConfigureAwait(false);
            return CliApp.Failure;
        }
    }

    private static async Task<int> ActAsync(CliConsole console, Scope scope, string verb, long id, AdminActor actor, bool json, CancellationToken cancellationToken)
    {
        try
        {
            var experiment = verb switch
            {
                "approve" => await scope.Store.DecideAsync(scope.StoreId, id, approve: true, actor.Text, cancellationToken).ConfigureAwait(false),
                "reject" => await scope.Store.DecideAsync(scope.StoreId, id, approve: false, actor.Text, cancellationToken).ConfigureAwait(false),
                _ => await scope.Store.RequestEndAsync(scope.StoreId, id, actor.Text, cancellationToken).ConfigureAwait(false),
            };
            if (json)
            {
                await console.Out.WriteLineAsync(JsonSerializer.Serialize(ExperimentListing.From(experiment), ExperimentsJsonContext.Default.ExperimentListing)).ConfigureAwait(false);
                return CliApp.Ok;
            }

            await console.Out.WriteLineAsync((verb, experiment.Status) switch
            {
                ("approve", _) => $"Experiment {id} approved by {actor.Name}: the loop starts it at its account's next cycle in the expand stage.",
                ("reject", _) => $"Experiment {id} rejected by {actor.Name}: nothing will be done.",
                (_, ExperimentStatus.Ended) => $"Experiment {id} withdrawn by {actor.Name} before it started.",
                _ => $"Experiment {id}: end requested by {actor.Name}; its account's next cycle pauses the copy and gives the original its budget back.",
            }).ConfigureAwait(false);
            return CliApp.Ok;
        }
        catch (InvalidOperationException ex)
        {
            await console.Error.WriteLineAsync($"adpilot: {ex.Message}").ConfigureAwait(false);
            return CliApp.Failure;
        }
    }

    private static async Task<int> UsageAsync(CliConsole console, string message)
    {
        await console.Error.WriteLineAsync($"adpilot: {message}").ConfigureAwait(false);
        return CliApp.BadArguments;
    }

    private static Runtime.Experiments.ExperimentOptions ReadOptions(IDictionary environment)
    {
        var configuration = Runtime.Configuration.AdPilotConfiguration.Build(environment);
        try
        {
            return Runtime.Configuration.ConfigurationSections.Read(
                configuration, Runtime.Experiments.ExperimentOptions.SectionName, () => new Runtime.Experiments.ExperimentOptions(), o => o.Validate());
        }
        catch (Microsoft.Extensions.Options.OptionsValidationException ex)
        {
            throw new UsageException($"the Experiments settings are not valid: {string.Join("; ", ex.Failures)}");
        }
    }

    /// <summary>An experiment in a line or two of text.</summary>
    private static string Describe(TargetingExperiment e)
    {
        var line = string.Create(
            CultureInfo.InvariantCulture,
            $"{e.Id}\t{ExperimentText.Of(e.Status)}\t{e.Original}\t{TargetingText.Describe(e.FromAgeGroup, e.FromInterests)} → {TargetingText.Describe(e.ToAgeGroup, e.ToInterests)}\tproposed {e.ProposedAt:yyyy-MM-dd HH:mm'Z'} by {e.ProposedBy}");
        if (e.Copy is { } copy)
        {
            line += string.Create(CultureInfo.InvariantCulture, $"\n\tcopy {copy} on {e.TestBudget} {e.Currency} a day (original {e.OriginalBudget - e.TestBudget} of {e.OriginalBudget}); {e.StartedAt:yyyy-MM-dd HH:mm'Z'} → {e.EndsAt:yyyy-MM-dd HH:mm'Z'}");
        }

        if (e.Winner is { } winner)
        {
            line += string.Create(CultureInfo.InvariantCulture, $"\n\twinner {ExperimentText.Of(winner)}; profit original {e.OriginalProfit} {e.Currency}, copy {e.CopyProfit} {e.Currency}");
        }

        if (e.Outcome is { } outcome)
        {
            line += $"\n\t{outcome}";
        }

        return line;
    }

    private sealed record Scope(long StoreId, ExperimentStore Store);
}

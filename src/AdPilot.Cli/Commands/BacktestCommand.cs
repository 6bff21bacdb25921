using System.Collections;
using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using AdPilot.Connectors;
using AdPilot.Connectors.Exports;
using AdPilot.Connectors.Shopify;
using AdPilot.Core.Agents.Checkpoints;
using AdPilot.Core.Domain;
using AdPilot.Core.Platforms;
using AdPilot.Core.Training.Backtest;
using AdPilot.Runtime.Backtest;
using AdPilot.Runtime.Configuration;
using AdPilot.Runtime.Platforms;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Spectre.Console;

namespace AdPilot.Cli.Commands;

/// <summary>
/// <c>adpilot backtest</c>: replays history — Meta and TikTok hourly exports with Shopify's orders export, or a past range
/// pulled through the configured connectors — through the live loop's featurizer, reward calculation and guardrails, runs a
/// policy on it hour by hour, and estimates the policy's profit against what really happened with a spend-response model.
/// </summary>
internal static class BacktestCommand
{
    public static Command Create(CliConsole console, IDictionary environment, TimeProvider time)
    {
        var insights = new Option<FileInfo[]>("--insights")
        {
            Description = "Meta Ads Manager or TikTok Ads Manager hourly exports (CSV); the format is read from each header.",
            AllowMultipleArgumentsPerToken = true,
        }.AcceptExistingOnly();
        var orders = new Option<FileInfo[]>("--orders") { Description = "Shopify orders exports (CSV).", AllowMultipleArgumentsPerToken = true }.AcceptExistingOnly();
        var fromApi = new Option<bool>("--from-api") { Description = "Pull the insights and orders of --from..--to through the configured connectors instead of files." };
        var from = new Option<string?>("--from") { Description = "With --from-api: the range's start, ISO 8601 (UTC when it has no offset), e.g. 2025-03-01T00:00Z." };
        var to = new Option<string?>("--to") { Description = "With --from-api: the range's end, exclusive." };
        var policy = new Option<string?>("--policy")
        {
            Description = "fixed, rules, proportional, bandit, or a checkpoint file; default: the bandit pretrained in the simulator (cached under --cache-dir).",
        };
        var metaZone = new Option<string?>("--meta-timezone") { Description = "The Meta ad account's IANA time zone (its exports report hours in it), e.g. America/New_York." };
        var tikTokZone = new Option<string?>("--tiktok-timezone") { Description = "The TikTok advertiser account's IANA time zone." };
        var storeZone = new Option<string?>("--store-timezone") { Description = "The store's IANA time zone (the policy's hour of day); default: the Meta, else TikTok, time zone." };
        var cogs = new Option<decimal?>("--cogs-rate") { Description = "Cost of goods as a share of revenue, 0 to 1 (default 0.5; with --from-api, 1 − the configured gross margin)." };
        var rates = new Option<FileInfo>("--currency-rates") { Description = "Exchange rates into the store currency: CSV with columns from,to,rate (1 from = rate to)." }.AcceptExistingOnly();
        var attribution = new Option<string>("--attribution")
        {
            Description = "How orders are tied to ad sets: auto (UTM tags when any order has them, else modelled), utm, modelled.",
            DefaultValueFactory = _ => "auto",
        };
        attribution.AcceptOnlyFromAmong("auto", "utm", "modelled");
        var proposals = new Option<FileInfo?>("--proposals") { Description = "Write every hour's proposal per ad set to this file: CSV when it ends in .csv, else JSON lines." };
        var bootstrap = new Option<int>("--bootstrap") { Description = "Refits of the response model for the 95% interval (0: none).", DefaultValueFactory = _ => 200 }.InRange(0, 10_000);
        var seed = new Option<ulong>("--seed") { Description = "Seed of the policy's randomness, its pretraining and the bootstrap.", DefaultValueFactory = _ => 1 };
        var pretrain = new Option<int>("--pretrain-episodes")
        {
            Description = "Simulated stores the default bandit is pretrained on.",
            DefaultValueFactory = _ => BacktestPolicies.DefaultPretrainEpisodes,
        }.InRange(1, 10_000);
        var cache = new Option<DirectoryInfo>("--cache-dir")
        {
            Description = "Where the pretrained bandit's checkpoint is kept between backtests.",
            DefaultValueFactory = _ => new DirectoryInfo(Path.Combine("adpilot-data", "backtest")),
        };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of a table." };

        var command = new Command("backtest", "Replay history (exports or a past range of the APIs) through the live loop's parts and estimate a policy's profit against what really happened.")
        {
            insights, orders, fromApi, from, to, policy, metaZone, tikTokZone, storeZone, cogs, rates, attribution, proposals, bootstrap, seed, pretrain, cache, json,
        };
        command.Validators.Add(result =>
        {
            var files = result.GetResult(insights) is not null || result.GetResult(orders) is not null;
            var api = result.GetValue(fromApi);
            if (api && files)
            {
                result.AddError("--from-api pulls the history itself: give it without --insights and --orders");
            }
            else if (!api && result.GetResult(insights) is null)
            {
                result.AddError("give --insights FILE... and --orders FILE... (exports), or --from-api --from T --to T");
            }
            else if (!api && result.GetResult(orders) is null)
            {
                result.AddError("--orders FILE... is required with --insights: the store's orders are the revenue a backtest attributes");
            }
            else if (api && (result.GetResult(from) is null || result.GetResult(to) is null))
            {
                result.AddError("--from-api needs --from and --to");
            }
            else if (!api && (result.GetResult(from) is not null || result.GetResult(to) is not null))
            {
                result.AddError("--from and --to apply to --from-api; an export's window is its own rows'");
            }

            if (result.GetValue(cogs) is { } rate && rate is < 0 or >= 1)
            {
                result.AddError(string.Create(CultureInfo.InvariantCulture, $"--cogs-rate must be at least 0 and below 1, got {rate}"));
            }
        });

        command.SetAction(async (parsed, cancellationToken) =>
        {
            var asJson = parsed.GetValue(json);
            var quiet = asJson || !console.IsTerminal;
            void Step(string message)
            {
                if (!quiet)
                {
                    console.Error.WriteLine(message);
                }
            }

            var choice = parsed.GetValue(attribution) switch
            {
                "utm" => AttributionChoice.Utm,
                "modelled" => AttributionChoice.Modelled,
                _ => AttributionChoice.Auto,
            };
            var configuration = AdPilotConfiguration.Build(environment);
            BacktestInput input;
            try
            {
                var rateTable = parsed.GetValue(rates) is { } ratesFile ? await CurrencyRates.LoadAsync(ratesFile.FullName, cancellationToken).ConfigureAwait(false) : null;
                input = parsed.GetValue(fromApi)
                    ? await FromApiAsync(configuration, parsed.GetValue(from)!, parsed.GetValue(to)!, parsed.GetValue(cogs), choice, rateTable, time, cancellationToken).ConfigureAwait(false)
                    : await ExportBacktestLoader.LoadAsync(
                        new BacktestFiles
                        {
                            Insights = [.. parsed.GetValue(insights)!.Select(f => f.FullName)],
                            Orders = [.. parsed.GetValue(orders)!.Select(f => f.FullName)],
                            MetaZone = Zone(parsed.GetValue(metaZone), "--meta-timezone"),
                            TikTokZone = Zone(parsed.GetValue(tikTokZone), "--tiktok-timezone"),
                            StoreZone = Zone(parsed.GetValue(storeZone), "--store-timezone"),
                            CogsRate = parsed.GetValue(cogs) ?? 0.5m,
                            CurrencyRates = parsed.GetValue(rates)?.FullName,
                            Attribution = choice,
                        },
                        cancellationToken).ConfigureAwait(false);
            }
            catch (ExportFormatException ex)
            {
                await console.Error.WriteLineAsync($"adpilot: {ex.Message}").ConfigureAwait(false);
                return CliApp.Failure;
            }
            catch (PlatformException ex)
            {
                await console.Error.WriteLineAsync($"adpilot: the pull failed: {ex.Message}").ConfigureAwait(false);
                return CliApp.Failure;
            }
            catch (OptionsValidationException ex)
            {
                await console.Error.WriteLineAsync($"adpilot: the configuration is not valid: {string.Join("; ", ex.Failures)}").ConfigureAwait(false);
                return CliApp.Failure;
            }

            BacktestOptions options;
            try
            {
                options = BacktestSettings.FromConfiguration(configuration, input.Attribution) with
                {
                    BootstrapSamples = parsed.GetValue(bootstrap),
                    Seed = parsed.GetValue(seed),
                };
            }
            catch (OptionsValidationException ex)
            {
                await console.Error.WriteLineAsync($"adpilot: the configuration is not valid: {string.Join("; ", ex.Failures)}").ConfigureAwait(false);
                return CliApp.Failure;
            }

            BacktestPolicy chosen;
            try
            {
                chosen = await BacktestPolicies.CreateAsync(
                    parsed.GetValue(policy), parsed.GetValue(seed), parsed.GetValue(cache)!.FullName, parsed.GetValue(pretrain), time, Step, cancellationToken).ConfigureAwait(false);
            }
            catch (FileNotFoundException ex)
            {
                throw new UsageException($"--policy: {ex.Message}");
            }
            catch (CheckpointException ex)
            {
                throw new UsageException($"--policy: '{parsed.GetValue(policy)}' is not a usable checkpoint: {ex.Message}");
            }

            var result = Replay(console, input, chosen, options, showProgress: !quiet, cancellationToken);
            string? written = null;
            if (parsed.GetValue(proposals) is { } file)
            {
                await WriteProposalsAsync(file.FullName, result.Proposals, cancellationToken).ConfigureAwait(false);
                written = file.FullName;
            }

            var report = BacktestReport.Of(input, result, chosen, written);
            if (asJson)
            {
                await console.Out.WriteLineAsync(report.ToJson()).ConfigureAwait(false);
            }
            else
            {
                report.Render(console.Rich);
            }

            return CliApp.Ok;
        });
        return command;
    }

    private static TimeZoneInfo? Zone(string? id, string option) =>
        id is null ? null
        : TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone
        : throw new UsageException($"{option}: '{id}' is not a known IANA time zone, e.g. America/New_York");

    private static DateTimeOffset Instant(string text, string option) =>
        CliTime.TryParseUtc(text, out var instant)
            ? instant
            : throw new UsageException($"{option}: '{text}' is not an ISO 8601 time, e.g. 2025-03-01T00:00Z");

    /// <summary>The history of a past range through the connectors <c>adpilot run</c> configures, with the store's settings.</summary>
    private static async Task<BacktestInput> FromApiAsync(
        Microsoft.Extensions.Configuration.IConfiguration configuration,
        string fromText,
        string toText,
        decimal? cogsRate,
        AttributionChoice attribution,
        CurrencyRates? rates,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var from = Instant(fromText, "--from");
        var to = Instant(toText, "--to");
        if (to <= from)
        {
            throw new UsageException($"--to must be after --from, got {fromText} to {toText}");
        }

        if (to > time.GetUtcNow())
        {
            throw new UsageException($"--to {toText} is in the future: a backtest replays hours that are over");
        }

        var store = ConfigurationSections.Read(configuration, StoreOptions.SectionName, () => new StoreOptions(), o => o.Validate());
        var hasShopify = !string.IsNullOrWhiteSpace(configuration["Shopify:ShopDomain"]);
        var services = new ServiceCollection()
            .AddSingleton(time)
            .AddLogging()
            .AddAdPlatforms(configuration);
        if (hasShopify)
        {
            services.AddShopifyConnector();
        }

        var provider = services.BuildServiceProvider();
        await using (provider.ConfigureAwait(false))
        {
            var platforms = provider.GetRequiredService<AdPlatforms>();
            var orders = hasShopify ? provider.GetRequiredService<ShopifyOrdersClient>() : null;
            return await ApiBacktestLoader.LoadAsync(
                platforms,
                orders,
                store.Currency,
                TimeZoneInfo.FindSystemTimeZoneById(store.TimeZone),
                from,
                to,
                CostOfGoods.FromMargin((double)(cogsRate is { } r ? 1 - r : store.GrossMargin)),
                attribution,
                rates,
                cancellationToken).ConfigureAwait(false);
        }
    }

    private static BacktestResult Replay(CliConsole console, BacktestInput input, BacktestPolicy policy, BacktestOptions options, bool showProgress, CancellationToken cancellationToken)
    {
        if (!showProgress)
        {
            return BacktestReplay.Run(input.History, policy.Policy, policy.Name, options, cancellationToken: cancellationToken);
        }

        BacktestResult? result = null;
        console.Rich.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask(
                    string.Create(CultureInfo.InvariantCulture, $"Replaying {input.History.HourCount} hours × {input.History.AdSets.Count} ad sets"),
                    maxValue: input.History.HourCount);
                result = BacktestReplay.Run(input.History, policy.Policy, policy.Name, options, () => task.Increment(1), cancellationToken);
            });
        return result!;
    }

    /// <summary>Writes the proposals to a temporary file beside the target, then moves it over: a reader never sees half a file.</summary>
    private static async Task WriteProposalsAsync(string path, IReadOnlyList<BacktestProposal> proposals, CancellationToken cancellationToken)
    {
        var temporary = path + ".tmp";
        var csv = path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase);
        var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true);
        await using (stream.ConfigureAwait(false))
        {
            var writer = new StreamWriter(stream, new UTF8Encoding(false)) { NewLine = "\n" };
            await using (writer.ConfigureAwait(false))
            {
                if (csv)
                {
                    await writer.WriteLineAsync(
                        "hour_utc,local_hour,platform,ad_set_id,ad_set_name,budget_before,proposed_adjustment,proposed_budget,proposed_status,propensity,verdict,reasons,budget_after,actual_budget,actual_spend,estimated_spend,actual_revenue,estimated_revenue,zero_filled")
                        .ConfigureAwait(false);
                }

                foreach (var proposal in proposals)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var line = BacktestProposalLine.From(proposal);
                    await writer.WriteLineAsync(csv ? Csv(line) : JsonSerializer.Serialize(line, BacktestJsonContext.Default.BacktestProposalLine)).ConfigureAwait(false);
                }
            }
        }

        File.Move(temporary, path, overwrite: true);
    }

    private static string Csv(BacktestProposalLine l) => string.Join(
        ',',
        l.HourUtc.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        l.LocalHour.ToString(CultureInfo.InvariantCulture),
        l.Platform,
        Quote(l.AdSet),
        Quote(l.Name),
        l.BudgetBefore.ToString(CultureInfo.InvariantCulture),
        l.ProposedAdjustment.ToString("R", CultureInfo.InvariantCulture),
        l.ProposedBudget.ToString(CultureInfo.InvariantCulture),
        l.ProposedStatus,
        l.Propensity.ToString("R", CultureInfo.InvariantCulture),
        l.Verdict,
        Quote(string.Join(';', l.Reasons)),
        l.BudgetAfter.ToString(CultureInfo.InvariantCulture),
        l.ActualBudget.ToString(CultureInfo.InvariantCulture),
        l.ActualSpend.ToString(CultureInfo.InvariantCulture),
        l.EstimatedSpend.ToString(CultureInfo.InvariantCulture),
        l.ActualRevenue.ToString(CultureInfo.InvariantCulture),
        l.EstimatedRevenue.ToString(CultureInfo.InvariantCulture),
        l.ZeroFilled ? "true" : "false");

    private static string Quote(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}

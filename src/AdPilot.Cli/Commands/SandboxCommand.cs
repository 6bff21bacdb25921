using System.CommandLine;
using System.Runtime.InteropServices;
using AdPilot.Sandbox;
using AdPilot.Sandbox.Faults;

namespace AdPilot.Cli.Commands;

/// <summary>
/// <c>adpilot sandbox [--scenario FILE | --preset default] [--port N] [--webhook-url URL] [--faults FILE] [--accounts N]</c>: serves the emulated Meta, TikTok and Shopify APIs over a simulated world on 127.0.0.1 until
/// Ctrl-C. The first stdout line is one JSON object with each platform's base URL and this run's credentials (the
/// CONTRACTS.md line); nothing else goes to stdout. The clock moves only on <c>POST /_sandbox/clock/advance?hours=N</c>.
/// <c>--faults</c> injects faults (docs/sandbox-faults.md); a bad file is refused before the server starts, naming the file and field.
/// <c>--accounts N</c> serves N Meta ad accounts and N TikTok advertisers, each platform's ad sets dealt to them round-robin;
/// the first line lists them all.
/// </summary>
internal static class SandboxCommand
{
    public static Command Create(CliConsole console, TimeProvider time)
    {
        var source = new ScenarioSource();
        var port = new Option<int>("--port") { Description = "The port on 127.0.0.1; 0 (the default) picks a free one.", DefaultValueFactory = _ => 0 }
            .InRange(0, 65535);
        var webhookUrl = new Option<string?>("--webhook-url")
        {
            Description = "Deliver a signed Shopify orders/create webhook for every simulated order to this http(s) URL.",
        };
        webhookUrl.Validators.Add(result =>
        {
            if (result.Tokens is [var token] && !IsHttpUrl(token.Value))
            {
                result.AddError($"--webhook-url must be an absolute http or https URL, got '{token.Value}'");
            }
        });

        var faults = new Option<FileInfo?>("--faults")
        {
            Description = "A faults JSON file: HTTP faults per endpoint and probability, and webhook delivery faults (see docs/sandbox-faults.md).",
        };

        var accounts = new Option<int>("--accounts")
        {
            Description = "Meta ad accounts and TikTok advertisers to serve, 1 to 50; each platform's ad sets are dealt to them round-robin.",
            DefaultValueFactory = _ => 1,
        }.InRange(1, SandboxServer.MaxAccountsPerPlatform);

        var command = new Command("sandbox", "Serve emulated Meta, TikTok and Shopify APIs over a simulated world on 127.0.0.1 until Ctrl-C.");
        source.AddTo(command);
        command.Options.Add(port);
        command.Options.Add(webhookUrl);
        command.Options.Add(faults);
        command.Options.Add(accounts);
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var scenario = await source.LoadAsync(parsed, cancellationToken).ConfigureAwait(false);
            var injected = LoadFaults(parsed.GetValue(faults));
            SandboxServer server;
            try
            {
                var hooks = parsed.GetValue(webhookUrl) is { } url ? new Uri(url) : null;
                server = await SandboxServer.StartAsync(scenario, parsed.GetValue(port), cancellationToken, webhookUrl: hooks, faults: injected, accountsPerPlatform: parsed.GetValue(accounts))
                    .ConfigureAwait(false);
            }
            catch (IOException ex)
            {
                await console.Error.WriteLineAsync($"adpilot: cannot listen on 127.0.0.1:{parsed.GetValue(port)}: {ex.Message}").ConfigureAwait(false);
                return CliApp.Failure;
            }

            await using (server.ConfigureAwait(false))
            {
                await console.Out.WriteLineAsync(SandboxEndpoints.From(server).ToJson()).ConfigureAwait(false);
                await console.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
                await console.Error.WriteLineAsync(
                    $"adpilot: sandbox '{scenario.Name}' on {server.BaseUrl} (clock at {server.World.Clock.GetUtcNow():yyyy-MM-dd'T'HH:mm'Z'}; "
                    + $"POST {server.BaseUrl}_sandbox/clock/advance?hours=N moves it). Ctrl-C stops it.").ConfigureAwait(false);
                if (injected is not null)
                {
                    await console.Error.WriteLineAsync(
                        $"adpilot: injecting {injected.Rules.Count} HTTP fault rule(s) (seed {injected.Seed}) and webhook faults from {parsed.GetValue(faults)!.FullName}; "
                        + $"{server.BaseUrl}_sandbox/faults shows, replaces (PUT) and clears (DELETE) the rules").ConfigureAwait(false);
                }

                // Ctrl-C arrives through cancellationToken; SIGTERM (a process manager, `kill`) stops the same way.
                using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal =>
                {
                    signal.Cancel = true;
                    stop.Cancel();
                });
                try
                {
                    await Task.Delay(Timeout.InfiniteTimeSpan, time, stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    await console.Error.WriteLineAsync("adpilot: sandbox stopped").ConfigureAwait(false);
                }
            }

            return CliApp.Ok;
        });
        return command;
    }

    private static SandboxFaults? LoadFaults(FileInfo? file)
    {
        if (file is null)
        {
            return null;
        }

        try
        {
            return SandboxFaults.Load(file.FullName);
        }
        catch (SandboxFaultsException ex)
        {
            throw new UsageException(ex.Message);
        }
    }

    private static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}

using AdPilot.Runtime.Demo;
using AdPilot.Runtime.Observability;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AdPilot.Web.Demo;

/// <summary>
/// The demo's loop inside the web application: one set of services runs the hourly cycles, takes the sandbox's Shopify
/// webhooks, draws the dashboard and exports the metrics, on 127.0.0.1. Not production: without a configured
/// credential the dashboard makes a one-time token.
/// </summary>
public sealed class DemoWebHost : IDemoHost
{
    private readonly WebApplication _app;

    private DemoWebHost(WebApplication app, Uri baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    /// <inheritdoc />
    public IServiceProvider Services => _app.Services;

    /// <inheritdoc />
    public Uri? WebhookUrl => new(BaseUrl, "webhooks/shopify");

    /// <summary>Gets the web application's root, e.g. <c>http://127.0.0.1:8080/</c>.</summary>
    public Uri BaseUrl { get; }

    /// <summary>Gets the web options it runs with (the dashboard's credential among them).</summary>
    public WebOptions Options => _app.Services.GetRequiredService<WebOptions>();

    /// <summary>A factory for <see cref="DemoRunner.StartAsync"/>: the web application on 127.0.0.1:<paramref name="port"/>.</summary>
    /// <param name="port">The port; 0 picks a free one.</param>
    /// <returns>The factory.</returns>
    public static Func<DemoHostSetup, CancellationToken, Task<IDemoHost>> On(int port) =>
        async (setup, cancellationToken) => await StartAsync(setup, port, cancellationToken).ConfigureAwait(false);

    /// <summary>Builds and starts the web application over the demo's configuration, database and clock.</summary>
    /// <param name="setup">The demo's loop.</param>
    /// <param name="port">The port; 0 picks a free one.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running host.</returns>
    public static async Task<DemoWebHost> StartAsync(DemoHostSetup setup, int port, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(setup);
        var options = new WebOptions { Url = FormattableString.Invariant($"http://127.0.0.1:{port}"), Production = false };
        options.AdminToken = setup.Configuration[$"{WebOptions.SectionName}:{nameof(WebOptions.AdminToken)}"];
        options.AdminPassword = setup.Configuration[$"{WebOptions.SectionName}:{nameof(WebOptions.AdminPassword)}"];
        // The demo's clock runs simulated hours in milliseconds while the sandbox's deliveries (and their retries) take real
        // time, so a delivery can trail its Triggered-At by many simulated hours: the replay window would refuse it. Ids
        // still dedupe every redelivery.
        var configuration = new ConfigurationBuilder()
            .AddConfiguration(setup.Configuration)
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Webhooks:MaxAge"] = setup.Configuration["Webhooks:MaxAge"] ?? "3650.00:00:00" })
            .Build();
        var app = AdPilotWebApp.Build(new WebAppSetup
        {
            Configuration = configuration,
            Database = setup.Database,
            Time = setup.Time,
            Options = options,
            ConfigureLogging = logging => logging.AddProvider(setup.Log).SetMinimumLevel(LogLevel.Information).WithoutPerRequestLines(),
            ConfigureServices = setup.ConfigureServices,
        });
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new DemoWebHost(app, new Uri(address.TrimEnd('/') + "/"));
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}

using AdPilot.Runtime.Configuration;
using AdPilot.Runtime.Loop;
using AdPilot.Runtime.Observability;
using AdPilot.Storage.Connections;
using AdPilot.Web.Dashboard;
using AdPilot.Web.Observability;
using AdPilot.Web.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace AdPilot.Web;

/// <summary>
/// <c>adpilot serve</c>'s web application: the Shopify webhook receiver, the dashboard (sign-in, charts, actions log,
/// approvals, kill switch), <c>/health</c> and <c>/metrics</c>, over one database and the hourly loop's services.
/// </summary>
public static class AdPilotWebApp
{
    /// <summary>Builds the application; start it with <c>StartAsync</c> or <c>RunAsync</c>.</summary>
    /// <param name="setup">What it runs over.</param>
    /// <returns>The application, not started.</returns>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">A setting is invalid; every problem is named.</exception>
    public static WebApplication Build(WebAppSetup setup)
    {
        ArgumentNullException.ThrowIfNull(setup);
        var options = setup.Options ?? ConfigurationSections.Read(setup.Configuration, WebOptions.SectionName, () => new WebOptions(), o => o.Validate());
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.Sources.Clear(); // the caller's configuration is the whole of it (the connectors bind from it)
        builder.Configuration.AddConfiguration(setup.Configuration);
        builder.WebHost.UseUrls(options.Url);
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = null); // each endpoint sets its own limit
        builder.Logging.ClearProviders();
        setup.ConfigureLogging?.Invoke(builder.Logging);
        var services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton(setup.Time);
        services.TryAddSingleton<AdPilotMetrics>();
        services.AddHourlyLoop(setup.Configuration, setup.Database);
        services.AddWebhookReceiver(setup.Configuration);
        services.AddDashboard(setup.Configuration);
        services.AddAdPilotMetricsExport();
        setup.ConfigureServices?.Invoke(services);

        var app = builder.Build();
        app.MapHealth();
        app.MapAdPilotMetrics();
        app.MapWebhooks();
        app.MapDashboard();
        return app;
    }
}

/// <summary>What the web application runs over.</summary>
public sealed class WebAppSetup
{
    /// <summary>Gets the configuration root (the loop's sections, <c>Web</c>, <c>Shopify:WebhookSecret</c>, <c>Alerts</c>).</summary>
    public required IConfiguration Configuration { get; init; }

    /// <summary>Gets the database, open and migrated; the caller disposes of it after the application.</summary>
    public required StorageDatabase Database { get; init; }

    /// <summary>Gets the clock.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Gets the web options when the caller made them (the demo's one-time token); read from <see cref="Configuration"/> when null.</summary>
    public WebOptions? Options { get; init; }

    /// <summary>Gets a hook that adds log providers.</summary>
    public Action<ILoggingBuilder>? ConfigureLogging { get; init; }

    /// <summary>Gets a hook that adds or replaces services last (the demo's shared loop, tests).</summary>
    public Action<IServiceCollection>? ConfigureServices { get; init; }
}

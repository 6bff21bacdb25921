using AdPilot.Runtime.Loop;
using AdPilot.Runtime.Observability;
using AdPilot.Storage.Connections;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AdPilot.Runtime.Demo;

/// <summary>
/// Where the demo's hourly loop lives: its services (the cycle and everything it chains) and, when it serves one, the
/// Shopify webhook receiver the sandbox delivers to. The default host is the loop alone; <c>adpilot demo</c> uses the
/// web application's (receiver, dashboard, metrics), so one process and one set of services runs it all.
/// </summary>
public interface IDemoHost : IAsyncDisposable
{
    /// <summary>Gets the services: <see cref="HourlyCycle"/> and its parts.</summary>
    IServiceProvider Services { get; }

    /// <summary>Gets the webhook receiver's URL, or null when the host has none (orders then come only from the pulls).</summary>
    Uri? WebhookUrl { get; }
}

/// <summary>What a demo host is built over.</summary>
/// <param name="Configuration">The loop's configuration: the connectors pointed at the sandbox.</param>
/// <param name="Database">The demo's database.</param>
/// <param name="Time">The world's clock.</param>
/// <param name="Log">The demo's log provider; the host's loggers write to it.</param>
public sealed record DemoHostSetup(IConfiguration Configuration, StorageDatabase Database, TimeProvider Time, ILoggerProvider Log)
{
    /// <summary>Gets services registered after the host's own (they win), e.g. the chaos soak's <see cref="IFaultPoints"/>; none when null.</summary>
    public Action<IServiceCollection>? ConfigureServices { get; init; }
}

/// <summary>The loop alone, no web application.</summary>
internal sealed class LoopOnlyDemoHost : IDemoHost
{
    private readonly ServiceProvider _services;

    private LoopOnlyDemoHost(DemoHostSetup setup)
    {
        var services = new ServiceCollection()
            .AddSingleton(setup.Time)
            .AddLogging(logging => logging.AddProvider(setup.Log).SetMinimumLevel(LogLevel.Information).WithoutPerRequestLines())
            .AddHourlyLoop(setup.Configuration, setup.Database);
        setup.ConfigureServices?.Invoke(services);
        _services = services.BuildServiceProvider();
    }

    public IServiceProvider Services => _services;

    public Uri? WebhookUrl => null;

    public static Task<IDemoHost> StartAsync(DemoHostSetup setup, CancellationToken cancellationToken) => Task.FromResult<IDemoHost>(new LoopOnlyDemoHost(setup));

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}

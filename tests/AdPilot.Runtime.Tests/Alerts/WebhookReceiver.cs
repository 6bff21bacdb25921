using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AdPilot.Runtime.Tests.Alerts;

/// <summary>A Slack-compatible incoming webhook on loopback: keeps the <c>text</c> of every post it takes, and can refuse posts with a status.</summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    /// <summary>The secret part of the URL, as Slack's webhooks carry it in the path.</summary>
    public const string SecretPath = "services/T0AAAAAAA/B0BBBBBBB/s3cr3tW3bh00kT0k3n";

    private readonly WebApplication _app;
    private int _posts;

    private WebhookReceiver(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    /// <summary>Gets the webhook's URL (a secret).</summary>
    public Uri Url { get; }

    /// <summary>Gets the texts taken, in order.</summary>
    public ConcurrentQueue<string> Texts { get; } = new();

    /// <summary>Gets how many posts arrived, taken or refused.</summary>
    public int Posts => _posts;

    /// <summary>Gets or sets the status every post is answered with; 200 takes it.</summary>
    public int Status { get; set; } = 200;

    public static async Task<WebhookReceiver> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        WebhookReceiver? receiver = null;
        app.MapPost("/" + SecretPath, async (HttpContext context) =>
        {
            Interlocked.Increment(ref receiver!._posts);
            using var body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            if (receiver.Status != 200)
            {
                return Results.StatusCode(receiver.Status);
            }

            receiver.Texts.Enqueue(body.RootElement.GetProperty("text").GetString()!);
            return Results.Text("ok");
        });
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver = new WebhookReceiver(app, new Uri(address.TrimEnd('/') + "/" + SecretPath));
        return receiver;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

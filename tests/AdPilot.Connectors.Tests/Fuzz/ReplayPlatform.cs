using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AdPilot.Connectors.Tests.Fuzz;

/// <summary>
/// A loopback server between a connector and the sandbox, for fuzzing what the connector reads. In record mode it
/// forwards every request to the sandbox and keeps each answer (status, headers, body) in order; in replay mode it
/// answers the same exchange from that record, with one answer's body (and, for an error seed, its status) replaced by
/// the fuzz input. Requests past the record get a 404 with a JSON error, as an unknown path would.
/// </summary>
internal sealed class ReplayPlatform : IAsyncDisposable
{
    private static readonly HashSet<string> HopHeaders = new(
        ["Transfer-Encoding", "Content-Length", "Connection", "Keep-Alive", "Date", "Server"], StringComparer.OrdinalIgnoreCase);

    private readonly WebApplication _app;
    private readonly HttpClient _forward;
    private readonly Uri _sandbox;
    private readonly Lock _gate = new();
    private List<RecordedAnswer>? _recording;
    private IReadOnlyList<RecordedAnswer> _script = [];
    private int _next;
    private int _replace = -1;
    private RecordedAnswer? _replacement;

    private ReplayPlatform(WebApplication app, HttpClient forward, Uri sandbox)
    {
        _app = app;
        _forward = forward;
        _sandbox = sandbox;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseUrl = new Uri(address.TrimEnd('/') + "/");
    }

    /// <summary>Gets the server's root: a sandbox URL's path after the sandbox's root, put under this, reaches the same endpoint.</summary>
    public Uri BaseUrl { get; }

    /// <summary>Gets how many requests the last replay received.</summary>
    public int Requests => Volatile.Read(ref _next);

    public static async Task<ReplayPlatform> StartAsync(Uri sandboxRoot)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o =>
        {
            o.Listen(IPAddress.Loopback, 0);
            o.Limits.MaxRequestBodySize = null;
        });
        var app = builder.Build();
        var forward = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });
        ReplayPlatform? platform = null;
        app.Run(context => platform!.AnswerAsync(context));
        await app.StartAsync(TestContext.Current.CancellationToken);
        platform = new ReplayPlatform(app, forward, sandboxRoot);
        return platform;
    }

    /// <summary>Runs <paramref name="exchange"/> against the sandbox through this server and returns its answers in order.</summary>
    public async Task<IReadOnlyList<RecordedAnswer>> RecordAsync(Func<Task> exchange)
    {
        _recording = [];
        try
        {
            await exchange();
            return _recording;
        }
        finally
        {
            _recording = null;
        }
    }

    /// <summary>From now on answers from <paramref name="script"/>, with answer <paramref name="replace"/> replaced by <paramref name="replacement"/>.</summary>
    public void Replay(IReadOnlyList<RecordedAnswer> script, int replace, RecordedAnswer replacement)
    {
        lock (_gate)
        {
            _script = script;
            _replace = replace;
            _replacement = replacement;
            _next = 0;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _forward.Dispose();
    }

    private async Task AnswerAsync(HttpContext context)
    {
        if (_recording is { } recording)
        {
            var answer = await ForwardAsync(context);
            lock (_gate)
            {
                recording.Add(answer);
            }

            await WriteAsync(context, answer);
            return;
        }

        RecordedAnswer? next;
        lock (_gate)
        {
            var n = _next++;
            next = n == _replace ? _replacement : n < _script.Count ? _script[n] : null;
        }

        await WriteAsync(context, next ?? new RecordedAnswer(404, [("Content-Type", "application/json")], """{"error":"no such answer"}"""u8.ToArray()));
    }

    private async Task<RecordedAnswer> ForwardAsync(HttpContext context)
    {
        var incoming = context.Request;
        var target = new Uri(_sandbox, incoming.Path.Value!.TrimStart('/') + incoming.QueryString.Value);
        using var request = new HttpRequestMessage(new HttpMethod(incoming.Method), target);
        using var body = new MemoryStream();
        await incoming.Body.CopyToAsync(body, context.RequestAborted);
        if (body.Length > 0 || incoming.ContentType is not null)
        {
            request.Content = new ByteArrayContent(body.ToArray());
        }

        foreach (var (name, values) in incoming.Headers)
        {
            if (name.Equals("Host", StringComparison.OrdinalIgnoreCase) || HopHeaders.Contains(name))
            {
                continue;
            }

            if (!request.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
            {
                request.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }

        using var response = await _forward.SendAsync(request, context.RequestAborted);
        var headers = response.Headers.Concat(response.Content.Headers)
            .Where(h => !HopHeaders.Contains(h.Key))
            .Select(h => (h.Key, string.Join(",", h.Value)))
            .ToList();
        return new RecordedAnswer((int)response.StatusCode, headers, await response.Content.ReadAsByteArrayAsync(context.RequestAborted));
    }

    private static async Task WriteAsync(HttpContext context, RecordedAnswer answer)
    {
        context.Response.StatusCode = answer.Status;
        foreach (var (name, value) in answer.Headers)
        {
            context.Response.Headers.Append(name, value);
        }

        await context.Response.Body.WriteAsync(answer.Body, context.RequestAborted);
    }
}

/// <summary>One answer of a recorded exchange.</summary>
internal sealed record RecordedAnswer(int Status, IReadOnlyList<(string Name, string Value)> Headers, byte[] Body);

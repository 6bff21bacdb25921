using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace AdPilot.Runtime.Observability;

/// <summary>The worker's log format: one JSON object per line on standard error, with a UTC timestamp and the event id.</summary>
public static class JsonLogging
{
    /// <summary>The timestamp format: ISO 8601 in UTC, to the millisecond.</summary>
    public const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    /// <summary>
    /// Logs as JSON lines to standard error (every level), timestamps in UTC; the HTTP client factory's per-request lines
    /// only from warnings up (they repeat what the API metrics count, and name every URL).
    /// </summary>
    /// <param name="logging">The logging builder.</param>
    /// <returns>The same builder.</returns>
    public static ILoggingBuilder AddAdPilotJsonConsole(this ILoggingBuilder logging)
    {
        ArgumentNullException.ThrowIfNull(logging);
        return logging
            .AddJsonConsole(o =>
            {
                o.UseUtcTimestamp = true;
                o.TimestampFormat = TimestampFormat;
                o.IncludeScopes = false;
                o.JsonWriterOptions = new JsonWriterOptions { Indented = false };
            })
            .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace)
            .WithoutPerRequestLines();
    }

    /// <summary>
    /// Keeps the libraries' per-request lines out below warnings: the HTTP client factory's (they name every URL) and
    /// Polly's attempt lines (one per call; the API metrics count them). Retries and failures still log.
    /// </summary>
    /// <param name="logging">The logging builder.</param>
    /// <returns>The same builder.</returns>
    public static ILoggingBuilder WithoutPerRequestLines(this ILoggingBuilder logging)
    {
        ArgumentNullException.ThrowIfNull(logging);
        return logging
            .AddFilter("System.Net.Http.HttpClient", LogLevel.Warning)
            .AddFilter("Polly", LogLevel.Warning)
            .AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
    }
}

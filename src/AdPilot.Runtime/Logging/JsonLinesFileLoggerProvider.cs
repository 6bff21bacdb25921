using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace AdPilot.Runtime.Logging;

/// <summary>
/// Writes every log entry as one JSON object per line to a file: UTC timestamp, level, category, event id and name, the
/// rendered message and the message template's named values. What is logged is what the code's <c>LoggerMessage</c>s
/// say, and they never carry a token or a customer's details; the file adds nothing else.
/// </summary>
public sealed class JsonLinesFileLoggerProvider : ILoggerProvider
{
    private readonly StreamWriter _writer;
    private readonly TimeProvider _time;
    private readonly LogLevel _minimum;
    private readonly Lock _gate = new();
    private bool _disposed;

    /// <summary>Initializes a new instance of the <see cref="JsonLinesFileLoggerProvider"/> class, appending to <paramref name="path"/>.</summary>
    /// <param name="path">The file; its folder is created.</param>
    /// <param name="time">The clock of the timestamps.</param>
    /// <param name="minimum">The lowest level written.</param>
    public JsonLinesFileLoggerProvider(string path, TimeProvider time, LogLevel minimum = LogLevel.Information)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        _writer = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read), new UTF8Encoding(false)) { AutoFlush = true };
        _time = time;
        _minimum = minimum;
    }

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new FileLogger(this, categoryName);

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _writer.Dispose();
        }
    }

    private void Write(string category, LogLevel level, EventId eventId, string message, object? state, Exception? exception)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("timestamp", _time.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            json.WriteString("level", level.ToString());
            json.WriteString("category", category);
            json.WriteNumber("eventId", eventId.Id);
            if (eventId.Name is { } name)
            {
                json.WriteString("eventName", name);
            }

            json.WriteString("message", message);
            if (state is IReadOnlyList<KeyValuePair<string, object?>> values)
            {
                json.WriteStartObject("state");
                foreach (var (key, value) in values)
                {
                    if (key != "{OriginalFormat}")
                    {
                        json.WriteString(key, Convert.ToString(value, CultureInfo.InvariantCulture));
                    }
                }

                json.WriteEndObject();
            }

            if (exception is not null)
            {
                json.WriteString("exception", exception.GetType().FullName);
                json.WriteString("exceptionMessage", exception.Message);
            }

            json.WriteEndObject();
        }

        var line = Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        lock (_gate)
        {
            if (!_disposed)
            {
                _writer.WriteLine(line);
            }
        }
    }

    private sealed class FileLogger(JsonLinesFileLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= provider._minimum && logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                provider.Write(category, logLevel, eventId, formatter(state, exception), state, exception);
            }
        }
    }
}

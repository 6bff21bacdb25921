using System.Globalization;
using System.Text.Json;
using AdPilot.Runtime.Observability;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace AdPilot.Runtime.Tests.Observability;

public sealed class JsonLoggingTests
{
    [Fact]
    public void AddAdPilotJsonConsole_WritesOneJsonLinePerEvent_WithUtcTimestampEventIdAndState()
    {
        using var services = new ServiceCollection().AddLogging(l => l.AddAdPilotJsonConsole()).BuildServiceProvider();
        var console = services.GetRequiredService<IOptions<ConsoleLoggerOptions>>().Value;
        var formatter = Assert.Single(services.GetServices<ConsoleFormatter>(), f => f.Name == console.FormatterName);
        using var output = new StringWriter();
        var state = new List<KeyValuePair<string, object?>> { new("Account", "instagram:act_1"), new("{OriginalFormat}", "Cycle {Account}") };

        formatter.Write(
            new LogEntry<IReadOnlyList<KeyValuePair<string, object?>>>(LogLevel.Information, "AdPilot.Runtime.Loop.HourlyCycle", new EventId(6000, "CycleDone"), state, null, (s, _) => "Cycle instagram:act_1"),
            new LoggerExternalScopeProvider(),
            output);

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        using var json = JsonDocument.Parse(Assert.Single(lines));
        var root = json.RootElement;
        Assert.Equal(LogLevel.Trace, console.LogToStandardErrorThreshold);
        Assert.Equal(6000, root.GetProperty("EventId").GetInt32());
        Assert.Equal("Information", root.GetProperty("LogLevel").GetString());
        Assert.Equal("Cycle instagram:act_1", root.GetProperty("Message").GetString());
        Assert.Equal("instagram:act_1", root.GetProperty("State").GetProperty("Account").GetString());
        var timestamp = root.GetProperty("Timestamp").GetString()!;
        Assert.EndsWith("Z", timestamp.TrimEnd(), StringComparison.Ordinal);
        Assert.True(DateTimeOffset.TryParseExact(
            timestamp.TrimEnd(), "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _), timestamp);
    }
}

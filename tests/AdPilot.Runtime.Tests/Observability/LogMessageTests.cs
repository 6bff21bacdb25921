using System.Reflection;
using System.Text.RegularExpressions;
using AdPilot.Runtime.Observability;
using Microsoft.Extensions.Logging;

namespace AdPilot.Runtime.Tests.Observability;

/// <summary>
/// Every <c>[LoggerMessage]</c> of the product has its own non-zero event id, and no template has a placeholder for a
/// secret, a URL or customer data. The assemblies this project loads are read by reflection (constants resolved); the
/// source files of every project (the web app and the CLI included) are read as text.
/// </summary>
public sealed partial class LogMessageTests
{
    private static readonly Assembly[] Assemblies =
    [
        typeof(AdPilotMetrics).Assembly,
        typeof(Connectors.ConnectorsServiceCollectionExtensions).Assembly,
        typeof(Storage.Connections.StorageDatabase).Assembly,
        typeof(Core.Domain.Platform).Assembly,
        typeof(Sandbox.SandboxServer).Assembly,
    ];

    /// <summary>Placeholder names that would carry a secret, a URL or a customer's data.</summary>
    private static readonly string[] Forbidden =
    [
        "token", "secret", "password", "apikey", "credential", "authorization", "signature", "hmac", "url", "uri",
        "email", "phone", "address", "customer", "firstname", "lastname", "fullname", "body", "payload", "header",
    ];

    /// <summary>
    /// Placeholder names allowed although they contain a forbidden word: the network address a dashboard sign-in came
    /// from is the operator's, logged on security events (refused sign-ins, lock-outs), not a customer's postal address.
    /// </summary>
    private static readonly string[] Allowed = ["RemoteAddress"];

    [Fact]
    public void LoggerMessages_InTheLoadedAssemblies_HaveUniqueNonZeroEventIds()
    {
        var messages = Assemblies
            .SelectMany(a => a.GetTypes())
            .SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Select(m => (Method: $"{m.DeclaringType!.FullName}.{m.Name}", Attribute: m.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(m => m.Attribute is not null)
            .ToArray();

        Assert.True(messages.Length >= 30, $"only {messages.Length} logger messages found");
        Assert.All(messages, m => Assert.True(m.Attribute!.EventId != 0, $"{m.Method} has no EventId"));
        var duplicates = messages.GroupBy(m => m.Attribute!.EventId).Where(g => g.Count() > 1).Select(g => $"{g.Key}: {string.Join(", ", g.Select(m => m.Method))}");
        Assert.Empty(duplicates);
        Assert.All(messages, m => Assert.Empty(ForbiddenPlaceholders(m.Attribute!.Message)));
    }

    [Fact]
    public void LoggerMessages_InEverySourceFile_NameAnEventId_AndTheLiteralOnesAreUnique()
    {
        var src = Path.Combine(RepositoryRoot(), "src");
        var attributes = Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => LoggerMessageAttribute().Matches(File.ReadAllText(f)).Select(m => (File: Path.GetRelativePath(src, f), Text: m.Value)))
            .ToArray();

        Assert.NotEmpty(attributes);
        Assert.All(attributes, a => Assert.True(a.Text.Contains("EventId =", StringComparison.Ordinal), $"{a.File}: {a.Text}"));
        var literal = attributes
            .Select(a => (a.File, Id: EventIdLiteral().Match(a.Text)))
            .Where(a => a.Id.Success)
            .GroupBy(a => int.Parse(a.Id.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture))
            .ToArray();
        Assert.DoesNotContain(literal, g => g.Key == 0);
        Assert.Empty(literal.Where(g => g.Count() > 1).Select(g => $"{g.Key}: {string.Join(", ", g.Select(a => a.File))}"));
        Assert.All(attributes, a => Assert.Empty(ForbiddenPlaceholders(MessageText().Match(a.Text).Value)));
    }

    private static IEnumerable<string> ForbiddenPlaceholders(string? message) =>
        Placeholder().Matches(message ?? "")
            .Select(m => m.Groups[1].Value)
            .Where(name => !Allowed.Contains(name, StringComparer.Ordinal) && Forbidden.Any(f => name.Contains(f, StringComparison.OrdinalIgnoreCase)));

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AdPilot.slnx")))
            {
                return dir.FullName;
            }
        }

        // The artifacts may live outside the repository: the test's source file says where it is.
        return FromSource();

        static string FromSource([System.Runtime.CompilerServices.CallerFilePath] string path = "") =>
            Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, "..", "..", ".."));
    }

    [GeneratedRegex(@"\[LoggerMessage\((?:[^()""]|""(?:[^""\\]|\\.)*"")*\)\]", RegexOptions.Singleline)]
    private static partial Regex LoggerMessageAttribute();

    [GeneratedRegex(@"EventId\s*=\s*(\d+)")]
    private static partial Regex EventIdLiteral();

    [GeneratedRegex(@"Message\s*=\s*""(?:[^""\\]|\\.)*""")]
    private static partial Regex MessageText();

    [GeneratedRegex(@"\{([A-Za-z_][A-Za-z0-9_]*)(?:[:,][^}]*)?\}")]
    private static partial Regex Placeholder();
}

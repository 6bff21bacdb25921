using System.Text;

namespace AdPilot.Storage.Audit;

/// <summary>Who performed an admin action: its source and a name, recorded as <c>source:name</c> (e.g. <c>cli:alice</c>).</summary>
public sealed record AdminActor
{
    /// <summary>The longest name kept; longer names are cut.</summary>
    public const int MaxNameLength = 150;

    private AdminActor(AdminSource source, string name)
    {
        Source = source;
        Name = name;
    }

    /// <summary>Gets where the action came from.</summary>
    public AdminSource Source { get; }

    /// <summary>Gets the name (printable characters only, at most <see cref="MaxNameLength"/>).</summary>
    public string Name { get; }

    /// <summary>Gets the actor as recorded: <c>source:name</c>.</summary>
    public string Text => $"{SourceText(Source)}:{Name}";

    /// <summary>Gets the actor of an action AdPilot takes itself, or of a caller that named no one.</summary>
    public static AdminActor Unattributed { get; } = new(AdminSource.System, "unattributed");

    /// <summary>An actor from a source and a name; a blank name becomes <c>unknown</c>.</summary>
    /// <param name="source">Where the action came from.</param>
    /// <param name="name">Who.</param>
    /// <returns>The actor.</returns>
    public static AdminActor Of(AdminSource source, string? name) => new(source, Clean(name));

    /// <summary>The command line's actor: <c>cli:NAME</c>; a name already written <c>cli:NAME</c> is kept as it is.</summary>
    /// <param name="name">The <c>--actor</c> option, or the OS user.</param>
    /// <returns>The actor.</returns>
    public static AdminActor Cli(string? name) =>
        Of(AdminSource.Cli, name is not null && name.StartsWith("cli:", StringComparison.Ordinal) ? name[4..] : name);

    /// <summary>
    /// Reads an actor recorded as <c>source:name</c> (what approvals and checkpoint promotions keep as who decided);
    /// text without a known source prefix is taken as AdPilot's own (<see cref="AdminSource.System"/>).
    /// </summary>
    /// <param name="text">The recorded text.</param>
    /// <returns>The actor.</returns>
    public static AdminActor Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0)
        {
            var source = text[..colon] switch
            {
                "cli" => AdminSource.Cli,
                "dashboard" => AdminSource.Dashboard,
                "system" => AdminSource.System,
                _ => (AdminSource?)null,
            };
            if (source is { } known)
            {
                return Of(known, text[(colon + 1)..]);
            }
        }

        return Of(AdminSource.System, text);
    }

    /// <summary>The text form of a source at rest.</summary>
    /// <param name="source">The source.</param>
    /// <returns><c>cli</c>, <c>dashboard</c> or <c>system</c>.</returns>
    public static string SourceText(AdminSource source) => source switch
    {
        AdminSource.Cli => "cli",
        AdminSource.Dashboard => "dashboard",
        AdminSource.System => "system",
        _ => throw new ArgumentOutOfRangeException(nameof(source), source, "unknown admin source"),
    };

    /// <inheritdoc />
    public override string ToString() => Text;

    private static string Clean(string? name)
    {
        var kept = new StringBuilder();
        foreach (var c in (name ?? string.Empty).Trim())
        {
            if (!char.IsControl(c) && kept.Length < MaxNameLength)
            {
                kept.Append(c);
            }
        }

        return kept.Length == 0 ? "unknown" : kept.ToString();
    }
}

using System.CommandLine;
using AdPilot.Storage.Audit;

namespace AdPilot.Cli.Commands;

/// <summary>The <c>--actor</c> option: who performs an admin action, recorded in the audit trail as <c>cli:NAME</c>.</summary>
internal static class CliActor
{
    /// <summary>The option; <paramref name="aliases"/> keeps an older name working (e.g. <c>--by</c>).</summary>
    public static Option<string?> Option(params string[] aliases) => new("--actor", aliases)
    {
        Description = "Who performs this, recorded in the audit trail as cli:NAME; the OS user running the command by default.",
    };

    /// <summary>The actor: <c>cli:</c> and the option's value, or the OS user.</summary>
    public static AdminActor Resolve(string? value) => AdminActor.Cli(string.IsNullOrWhiteSpace(value) ? Environment.UserName : value.Trim());
}

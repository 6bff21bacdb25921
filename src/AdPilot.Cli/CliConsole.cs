using Spectre.Console;

namespace AdPilot.Cli;

/// <summary>Where a command writes: plain writers for data, and a Spectre console for tables and progress on a terminal.</summary>
internal sealed class CliConsole
{
    public CliConsole(TextWriter stdout, TextWriter stderr)
    {
        Out = stdout;
        Error = stderr;
        var interactive = ReferenceEquals(stdout, Console.Out) && !Console.IsOutputRedirected;
        IsTerminal = interactive;
        Rich = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(stdout),
            Ansi = interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = interactive ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!interactive)
        {
            // Redirected output has no terminal width; keep table rows on one line for readers and scripts.
            Rich.Profile.Width = 200;
        }
    }

    public TextWriter Out { get; }

    public TextWriter Error { get; }

    /// <summary>Gets a value indicating whether stdout is a terminal (progress bars only then).</summary>
    public bool IsTerminal { get; }

    public IAnsiConsole Rich { get; }
}

using System.Text;

namespace AdPilot.Cli.Commands;

/// <summary>
/// Where <c>adpilot connect</c> asks for what the flags did not give: the process's terminal (secrets typed without echo),
/// or, in tests, a script of answers. Prompts go to stderr, so stdout stays the summary.
/// </summary>
internal sealed class ConnectTerminal
{
    private readonly TextReader? _script;

    private ConnectTerminal(TextReader? script) => _script = script;

    /// <summary>The process's terminal when stdin and stderr are one; null when run from a script (then nothing is asked).</summary>
    public static ConnectTerminal? Process() =>
        !Console.IsInputRedirected && !Console.IsErrorRedirected ? new ConnectTerminal(null) : null;

    /// <summary>A terminal whose answers come from <paramref name="answers"/>, one a line (tests).</summary>
    public static ConnectTerminal Scripted(TextReader answers) => new(answers);

    /// <summary>Asks a question whose answer may be shown.</summary>
    public async Task<string> AskAsync(TextWriter prompts, string question, CancellationToken cancellationToken)
    {
        await prompts.WriteAsync(question + ": ").ConfigureAwait(false);
        var line = _script is not null
            ? await _script.ReadLineAsync(cancellationToken).ConfigureAwait(false)
            : await Console.In.ReadLineAsync(cancellationToken).ConfigureAwait(false);
        if (_script is not null)
        {
            await prompts.WriteLineAsync().ConfigureAwait(false);
        }

        return (line ?? "").Trim();
    }

    /// <summary>Asks for a secret; on a terminal the typing is not shown.</summary>
    public async Task<string> AskSecretAsync(TextWriter prompts, string question, CancellationToken cancellationToken)
    {
        await prompts.WriteAsync(question + " (not shown): ").ConfigureAwait(false);
        if (_script is not null)
        {
            var scripted = await _script.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            await prompts.WriteLineAsync().ConfigureAwait(false);
            return (scripted ?? "").Trim();
        }

        var typed = new StringBuilder();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var pressed = Console.ReadKey(intercept: true);
            if (pressed.Key == ConsoleKey.Enter)
            {
                break;
            }

            if (pressed.Key == ConsoleKey.Backspace)
            {
                typed.Length = Math.Max(0, typed.Length - 1);
            }
            else if (!char.IsControl(pressed.KeyChar))
            {
                typed.Append(pressed.KeyChar);
            }
        }

        await prompts.WriteLineAsync().ConfigureAwait(false);
        return typed.ToString().Trim();
    }

    /// <summary>
    /// A numbered picker: lists <paramref name="items"/> and reads numbers separated by commas or spaces, or <c>all</c>;
    /// asks again (at most three times) on an answer it cannot read.
    /// </summary>
    public async Task<IReadOnlyList<int>> PickAsync(TextWriter prompts, string what, IReadOnlyList<string> items, CancellationToken cancellationToken)
    {
        await prompts.WriteLineAsync($"{what}:").ConfigureAwait(false);
        for (var i = 0; i < items.Count; i++)
        {
            await prompts.WriteLineAsync($"  {i + 1}. {items[i]}").ConfigureAwait(false);
        }

        for (var attempt = 0; attempt < 3; attempt++)
        {
            var answer = await AskAsync(prompts, $"Pick by number (e.g. 1 or 1,3; 'all' for every one)", cancellationToken).ConfigureAwait(false);
            if (answer.Equals("all", StringComparison.OrdinalIgnoreCase))
            {
                return [.. Enumerable.Range(0, items.Count)];
            }

            var parts = answer.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries);
            var picked = new List<int>();
            foreach (var part in parts)
            {
                if (int.TryParse(part, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n >= 1 && n <= items.Count)
                {
                    picked.Add(n - 1);
                }
                else
                {
                    picked.Clear();
                    break;
                }
            }

            if (picked.Count > 0)
            {
                return [.. picked.Distinct()];
            }

            await prompts.WriteLineAsync($"'{answer}' is not a number from 1 to {items.Count}.").ConfigureAwait(false);
        }

        throw new UsageException($"no {what.ToLowerInvariant()} picked");
    }
}

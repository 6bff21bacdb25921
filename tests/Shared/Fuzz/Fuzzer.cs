using System.Globalization;
using System.Text;

namespace AdPilot.Tests.Fuzz;

/// <summary>
/// Runs a <see cref="FuzzTarget"/>: each input is accepted, rejected with the documented error (whose message must be
/// clear), or a failure: any other exception (a crash), a vague message, something stored from a rejected input, or no
/// answer within <see cref="FuzzSettings.HangAfter"/> (a hang). A failing input is shrunk (spans deleted while it still
/// fails the same way), saved under the temp folder, and shown in the assertion message for a regression test.
/// </summary>
public static class Fuzzer
{
    private const int MaxFailures = 3;
    private const int ShrinkBudget = 1500;

    private static readonly TimeSpan ShrinkTime = TimeSpan.FromSeconds(20);

    public static async Task<FuzzReport> RunAsync(FuzzTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var cancellationToken = TestContext.Current.CancellationToken;
        var count = FuzzSettings.InputsFor(target.Weight);
        var seed = FuzzSettings.Seed;
        var failures = new List<string>();
        int accepted = 0, rejected = 0, tried = 0;
        using var trace = FuzzSettings.TraceFolder is { } folder
            ? new StreamWriter(Path.Combine(Directory.CreateDirectory(folder).FullName, target.Parser + ".tsv")) { AutoFlush = true }
            : null;
        for (var i = 0; i < count && failures.Count < MaxFailures; i++)
        {
            var input = target.Corpus.Next(FuzzRng.For(seed, target.Parser, i));
            tried++;
            var began = TimeProvider.System.GetTimestamp();
            var outcome = await AttemptAsync(target, input, cancellationToken);
            trace?.WriteLine($"{i}\t{TimeProvider.System.GetElapsedTime(began).TotalMilliseconds:0}ms\t{outcome.Kind}\t{input.Recipe}\t{Cut(outcome.Error?.Message.ReplaceLineEndings(" "), 300)}");
            string? failure = null;
            switch (outcome.Kind)
            {
                case OutcomeKind.Accepted:
                    accepted++;
                    failure = await CheckAsync(target.AfterAccepted, input, "an accepted input failed its check", cancellationToken);
                    break;
                case OutcomeKind.Rejected:
                    rejected++;
                    failure = await CheckAsync(target.AfterRejected, input, "a rejected input left something stored", cancellationToken);
                    break;
                default:
                    var minimal = outcome.Kind == OutcomeKind.Hang ? input.Bytes : await ShrinkAsync(target, input, outcome, cancellationToken);
                    failure = $"{outcome.Kind}: {outcome.Describe()}\n    {Save(target.Parser, seed, i, input.Bytes, minimal)}";
                    break;
            }

            if (failure is not null)
            {
                failures.Add($"input #{i} ({input.Recipe}): {failure}");
            }

            if (outcome.Kind == OutcomeKind.Hang)
            {
                break;
            }
        }

        var report = new FuzzReport(target.Parser, tried, accepted, rejected, seed, failures.Count);
        report.Write();
        if (failures.Count > 0)
        {
            Assert.Fail($"fuzzing {target.Parser} (seed {seed}) found {failures.Count} failure(s) in {tried} inputs:\n  " + string.Join("\n  ", failures));
        }

        return report;
    }

    private static async Task<string?> CheckAsync(
        Func<FuzzInput, CancellationToken, Task>? check, FuzzInput input, string what, CancellationToken cancellationToken)
    {
        if (check is null)
        {
            return null;
        }

        try
        {
            await check(input, cancellationToken);
            return null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return $"{what}: {ex.GetType().Name}: {ex.Message}\n    input: {Preview(input.Bytes)}";
        }
    }

    private static async Task<Outcome> AttemptAsync(FuzzTarget target, FuzzInput input, CancellationToken cancellationToken)
    {
        var run = Task.Run(() => target.Parse(input, cancellationToken), cancellationToken);
        try
        {
            await run.WaitAsync(FuzzSettings.HangAfter, cancellationToken);
            return new Outcome(OutcomeKind.Accepted, null, null);
        }
        catch (TimeoutException) when (!run.IsCompleted)
        {
            return new Outcome(OutcomeKind.Hang, null, $"no answer within {FuzzSettings.HangAfter.TotalSeconds:0} s");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (target.IsDocumentedError(ex))
        {
            return target.MessageProblem(ex) is { } problem
                ? new Outcome(OutcomeKind.VagueError, ex, problem)
                : new Outcome(OutcomeKind.Rejected, ex, null);
        }
        catch (Exception ex)
        {
            return new Outcome(OutcomeKind.Crash, ex, "not the parser's documented error");
        }
    }

    /// <summary>Deletes spans, halving their size, while the input still fails the same way (same kind, same exception type).</summary>
    private static async Task<byte[]> ShrinkAsync(FuzzTarget target, FuzzInput input, Outcome failure, CancellationToken cancellationToken)
    {
        var current = input.Bytes;
        var budget = ShrinkBudget;

        // A budget of work, not a timed assertion: a slow target (an HTTP exchange) stops shrinking sooner.
        var started = TimeProvider.System.GetTimestamp();
        for (var chunk = Math.Max(1, current.Length / 2); chunk >= 1 && budget > 0; chunk /= 2)
        {
            var start = 0;
            while (start < current.Length && budget-- > 0 && TimeProvider.System.GetElapsedTime(started) < ShrinkTime)
            {
                byte[] candidate = [.. current.AsSpan(0, start), .. current.AsSpan(Math.Min(current.Length, start + chunk))];
                var outcome = await AttemptAsync(target, input with { Bytes = candidate, Recipe = "shrink" }, cancellationToken);
                if (outcome.Kind == OutcomeKind.Hang)
                {
                    return current;
                }

                if (outcome.Kind == failure.Kind && outcome.Error?.GetType() == failure.Error?.GetType())
                {
                    current = candidate;
                }
                else
                {
                    start += chunk;
                }
            }

            if (chunk == 1)
            {
                break;
            }
        }

        return current;
    }

    private static string Save(string parser, ulong seed, int index, byte[] original, byte[] minimal)
    {
        var folder = Path.Combine(Path.GetTempPath(), "adpilot-fuzz");
        Directory.CreateDirectory(folder);
        var stem = Path.Combine(folder, $"{parser.Replace('/', '_')}-{seed}-{index}");
        File.WriteAllBytes(stem + ".bin", original);
        File.WriteAllBytes(stem + ".min.bin", minimal);
        return $"minimal input ({minimal.Length} bytes, saved as {stem}.min.bin): {Preview(minimal)}";
    }

    private static string? Cut(string? text, int max) => text is null || text.Length <= max ? text : text[..max] + "…";

    /// <summary>The bytes as a C# string literal's contents, cut at 600 characters.</summary>
    public static string Preview(byte[] bytes)
    {
        var text = Encoding.UTF8.GetString(bytes);
        var escaped = new StringBuilder();
        foreach (var c in text.Length > 600 ? text[..600] : text)
        {
            escaped.Append(c switch
            {
                '\\' => "\\\\",
                '"' => "\\\"",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when c < ' ' || c == '\uFFFD' => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
                _ => c.ToString(),
            });
        }

        return "\"" + escaped + "\"" + (text.Length > 600 ? $" (+{text.Length - 600} chars)" : "");
    }

    private enum OutcomeKind
    {
        Accepted,
        Rejected,
        Crash,
        VagueError,
        Hang,
    }

    private sealed record Outcome(OutcomeKind Kind, Exception? Error, string? Problem)
    {
        public string Describe() => Error is null
            ? Problem ?? ""
            : $"{Problem}: {Error.GetType().FullName}: {Cut(Error.Message, 500)}" + (Kind == OutcomeKind.Crash ? $"\n    at {Error.StackTrace?.Split('\n').FirstOrDefault()?.Trim()}" : "");
    }
}

/// <summary>A parser's counts from one run.</summary>
public sealed record FuzzReport(string Parser, int Tried, int Accepted, int Rejected, ulong Seed, int Failures)
{
    public override string ToString() =>
        $"fuzz {Parser}: {Tried} inputs tried, {Accepted} accepted, {Rejected} rejected, {Failures} failures (seed {Seed})";

    /// <summary>Writes the counts to the test's output and, with <c>ADPILOT_FUZZ_REPORT</c> set, appends them to that file.</summary>
    public void Write()
    {
        TestContext.Current.TestOutputHelper?.WriteLine(ToString());
        TestContext.Current.SendDiagnosticMessage(ToString());
        if (FuzzSettings.ReportFile is { } path)
        {
            var line = string.Join('\t', Parser, Tried, Accepted, Rejected, Seed, Failures) + "\n";
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
                    stream.Write(Encoding.UTF8.GetBytes(line));
                    return;
                }
                catch (IOException) when (attempt < 20)
                {
                    Thread.Yield();
                }
            }
        }
    }

    /// <summary>Asserts that the run reached both paths: some inputs accepted (the seeds are valid) and some rejected.</summary>
    public FuzzReport AssertBothPaths()
    {
        Assert.True(Accepted > 0, $"{Parser}: no input was accepted, so the seeds are not valid inputs");
        Assert.True(Rejected > 0, $"{Parser}: no input was rejected, so the mutators never reached the parser's errors");
        return this;
    }
}

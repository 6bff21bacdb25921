using System.Collections.Concurrent;

namespace AdPilot.Web.Dashboard;

/// <summary>
/// Slows guessing at the sign-in form: after <see cref="MaxFailures"/> refused attempts from one address within
/// <see cref="Window"/>, further attempts from it are refused unchecked until the window ends.
/// </summary>
/// <param name="time">The clock.</param>
internal sealed class SignInThrottle(TimeProvider time)
{
    /// <summary>Refused attempts allowed per address and window.</summary>
    public const int MaxFailures = 10;

    /// <summary>The window the failures are counted over.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    private const int MaxTracked = 10_000;

    private readonly ConcurrentDictionary<string, (int Failures, DateTimeOffset Since)> _failures = new(StringComparer.Ordinal);

    /// <summary>Whether the address may try now.</summary>
    public bool Allows(string address) =>
        !_failures.TryGetValue(address, out var entry) || entry.Failures < MaxFailures || time.GetUtcNow() - entry.Since >= Window;

    /// <summary>Counts a refused attempt.</summary>
    public void Failed(string address)
    {
        var now = time.GetUtcNow();
        if (_failures.Count >= MaxTracked)
        {
            foreach (var stale in _failures.Where(f => now - f.Value.Since >= Window).Select(f => f.Key).ToList())
            {
                _failures.TryRemove(stale, out _);
            }
        }

        _failures.AddOrUpdate(address, (1, now), (_, e) => now - e.Since >= Window ? (1, now) : (e.Failures + 1, e.Since));
    }

    /// <summary>Forgets an address's failures after it signed in.</summary>
    public void Succeeded(string address) => _failures.TryRemove(address, out _);
}

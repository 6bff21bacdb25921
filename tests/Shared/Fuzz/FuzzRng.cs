namespace AdPilot.Tests.Fuzz;

/// <summary>
/// SplitMix64: the fuzz engine's own seeded generator, so a run is the same on every machine for one seed and one
/// input index (each input gets a generator of its own, so inputs can be replayed one by one).
/// </summary>
public sealed class FuzzRng(ulong seed)
{
    private ulong _state = seed;

    public static FuzzRng For(ulong seed, string stream, int index)
    {
        var h = 14695981039346656037UL;
        foreach (var c in stream)
        {
            h = (h ^ c) * 1099511628211UL;
        }

        return new FuzzRng(seed ^ h ^ ((ulong)index * 0x9E3779B97F4A7C15UL));
    }

    public ulong NextUInt64()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A number in [0, max).</summary>
    public int Next(int max) => max <= 0 ? 0 : (int)(NextUInt64() % (ulong)max);

    /// <summary>A number in [min, max).</summary>
    public int Next(int min, int max) => min + Next(max - min);

    public bool Chance(double p) => NextDouble() < p;

    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];
}

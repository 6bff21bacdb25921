using System.Text;

namespace AdPilot.Tests.Fuzz;

/// <summary>
/// Where a parser's inputs come from: valid seeds (the repository's fixtures), mutated by the format's own mutators and
/// by <see cref="ByteMutators"/>, plus inputs generated from scratch. Deterministic for one generator state.
/// </summary>
public sealed class FuzzCorpus
{
    private readonly IReadOnlyList<FuzzMutator> _structured;
    private readonly Func<FuzzRng, byte[]>? _generate;

    public FuzzCorpus(IReadOnlyList<byte[]> seeds, IReadOnlyList<FuzzMutator> structured, Func<FuzzRng, byte[]>? generate)
    {
        if (seeds.Count == 0)
        {
            throw new ArgumentException("a corpus needs at least one valid seed", nameof(seeds));
        }

        Seeds = seeds;
        _structured = structured;
        _generate = generate;
    }

    public IReadOnlyList<byte[]> Seeds { get; }

    public static FuzzCorpus Json(IEnumerable<string> seeds) => Json(seeds.Select(Encoding.UTF8.GetBytes));

    public static FuzzCorpus Json(IEnumerable<byte[]> seeds)
    {
        var list = seeds.ToList();
        var vocabulary = JsonMutators.Vocabulary(list);
        return new FuzzCorpus(list, JsonMutators.All, r => JsonMutators.Generate(r, vocabulary));
    }

    public static FuzzCorpus Csv(IEnumerable<byte[]> seeds)
    {
        var list = seeds.ToList();
        var (columns, cells) = CsvMutators.Vocabulary(list);
        return new FuzzCorpus(list, CsvMutators.All, r => CsvMutators.Generate(r, columns, cells));
    }

    public static FuzzCorpus Text(IEnumerable<string> seeds, Func<FuzzRng, string>? generate = null) => new(
        seeds.Select(Encoding.UTF8.GetBytes).ToList(),
        TextMutators.All,
        generate is null ? null : r => Encoding.UTF8.GetBytes(generate(r)));

    /// <summary>
    /// One input: a seed as it is (5%), one made from scratch (10%), or a seed through one to three structured mutations
    /// and, on 40% of them, one or two byte mutations after.
    /// </summary>
    public FuzzInput Next(FuzzRng r)
    {
        var roll = r.NextDouble();
        if (roll < 0.05)
        {
            var i = r.Next(Seeds.Count);
            return new FuzzInput(Seeds[i], $"seed[{i}]", i);
        }

        if (roll < 0.15 && _generate is not null)
        {
            return new FuzzInput(_generate(r), "generated", r.Next(Seeds.Count));
        }

        var seed = r.Next(Seeds.Count);
        var bytes = Seeds[seed];
        var recipe = new StringBuilder($"seed[{seed}]");
        var structured = _structured.Count == 0 ? 0 : r.Next(4);
        for (var n = 0; n < structured; n++)
        {
            var m = r.Pick(_structured);
            bytes = m.Apply(r, bytes);
            recipe.Append(" > ").Append(m.Name);
        }

        if (structured == 0 || r.Chance(0.4))
        {
            for (var n = r.Next(1, 3); n > 0; n--)
            {
                var m = r.Pick(ByteMutators.All);
                bytes = m.Apply(r, bytes);
                recipe.Append(" > ").Append(m.Name);
            }
        }

        return new FuzzInput(bytes, recipe.ToString(), seed);
    }
}

/// <summary>One fuzz input, how it was made, and the seed it was made from (for a generated input, one picked at random): a target whose seeds are the steps of an exchange puts the input in that seed's place.</summary>
public sealed record FuzzInput(byte[] Bytes, string Recipe, int SeedIndex = 0)
{
    public string Text => Encoding.UTF8.GetString(Bytes);
}

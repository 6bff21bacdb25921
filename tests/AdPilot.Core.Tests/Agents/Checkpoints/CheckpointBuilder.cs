using System.Globalization;
using AdPilot.Core.Agents.Checkpoints;
using CsCheck;

namespace AdPilot.Core.Tests.Agents.Checkpoints;

/// <summary>Test checkpoints: a fixed sample and a CsCheck generator of arbitrary ones.</summary>
internal static class CheckpointBuilder
{
    public static readonly DateTimeOffset SampleTime = new(2025, 3, 14, 9, 26, 53, 589, TimeSpan.FromHours(2));

    private static readonly Gen<string> Atom = Gen.OneOfConst(
        "a", "b", "z", "Q", "0", "7", "_", "-", ".", "/", " ", "\n", "\t", "é", "€", "\"", "\\", "\u0000", "😀", "日");

    public static Gen<string> Name { get; } = Atom.Array[1, 8].Select(string.Concat);

    public static Gen<float> Float32 { get; } = Gen.Frequency(
        (3, Gen.UInt.Select(BitConverter.UInt32BitsToSingle)),
        (1, Gen.OneOfConst(
            float.NaN, -float.NaN, BitConverter.UInt32BitsToSingle(0x7FC0_1234), float.PositiveInfinity, float.NegativeInfinity,
            0f, -0f, float.Epsilon, -float.Epsilon, BitConverter.UInt32BitsToSingle(0x007F_FFFF), float.MaxValue, float.MinValue)));

    public static Gen<double> Float64 { get; } = Gen.Frequency(
        (3, Gen.ULong.Select(BitConverter.UInt64BitsToDouble)),
        (1, Gen.OneOfConst(
            double.NaN, -double.NaN, BitConverter.UInt64BitsToDouble(0x7FF8_0000_DEAD_BEEF), double.PositiveInfinity,
            double.NegativeInfinity, 0d, -0d, double.Epsilon, BitConverter.UInt64BitsToDouble(0x000F_FFFF_FFFF_FFFF),
            double.MaxValue, double.MinValue)));

    public static Gen<int[]> Shape { get; } = Gen.Int[0, 4].Array[0, 3];

    public static Gen<CheckpointTensor> Tensor { get; } = Gen.Select(Name, Shape, Gen.Int[0, 2]).SelectMany((name, shape, type) =>
    {
        var count = shape.Aggregate(1, (product, dimension) => product * dimension);
        return type switch
        {
            0 => Float32.Array[count].Select(values => CheckpointTensor.FromFloat32(name, shape, values)),
            1 => Float64.Array[count].Select(values => CheckpointTensor.FromFloat64(name, shape, values)),
            _ => Gen.Long.Array[count].Select(values => CheckpointTensor.FromInt64(name, shape, values)),
        };
    });

    public static Gen<DateTimeOffset> CreatedAt { get; } = Gen.Select(
        Gen.Long[DateTime.MinValue.Ticks + TimeSpan.TicksPerDay, DateTime.MaxValue.Ticks - TimeSpan.TicksPerDay],
        Gen.Int[-14 * 60, 14 * 60],
        (ticks, minutes) => new DateTimeOffset(ticks, TimeSpan.FromMinutes(minutes)));

    public static Gen<string> OptionsJson { get; } = Gen.Frequency(
        (1, Gen.OneOfConst("{}", "[]", "null", " { \"gamma\" : 0.99, \"hidden\": [64, 64] } ", "{\"note\":\"é\\u00e9\\n\"}")),
        (1, Gen.Select(Gen.Long, Gen.Double[0, 1], (seed, rate) =>
            string.Create(CultureInfo.InvariantCulture, $"{{\"seed\":{seed},\"learningRate\":{rate:R}}}"))));

    public static Gen<Checkpoint> Checkpoint { get; } = Gen.Select(
        Gen.Select(Name, Gen.Int[0, int.MaxValue], CreatedAt, Gen.OneOf(Name, Gen.Const(string.Empty))),
        Gen.Select(Name, Name).Array[0, 5],
        OptionsJson,
        Tensor.Array[0, 5],
        (identity, pairs, options, tensors) => new Checkpoint
        {
            AgentKind = "k" + identity.Item1,
            AgentVersion = identity.Item2,
            CreatedAt = identity.Item3,
            RunId = identity.Item4,
            Metadata = pairs
                .DistinctBy(p => p.Item1, StringComparer.Ordinal)
                .ToDictionary(p => p.Item1, p => p.Item2, StringComparer.Ordinal),
            OptionsJson = options,
            Tensors = tensors.DistinctBy(t => t.Name, StringComparer.Ordinal).ToList(),
        });

    /// <summary>A small DQN-like checkpoint with one tensor of each type.</summary>
    public static Checkpoint Sample() => new()
    {
        AgentKind = "dqn",
        AgentVersion = 2,
        CreatedAt = SampleTime,
        RunId = "steady__dqn__42__20250314T072653Z",
        Metadata = new Dictionary<string, string>
        {
            ["seed"] = "42",
            ["scenario"] = "steady",
            ["episodes"] = "120",
            ["charts/episodic_return"] = "1234.5",
        },
        OptionsJson = """{"gamma":0.99,"hidden":[4,4]}""",
        Tensors =
        [
            CheckpointTensor.FromFloat32("w1", [4, 3], [.. Enumerable.Range(0, 12).Select(i => i * 0.5f - 2f)]),
            CheckpointTensor.FromFloat32("b1", [1f, float.NaN, -0f, float.PositiveInfinity]),
            CheckpointTensor.FromFloat64("precision", [2, 2], [1d, 0.25d, 0.25d, double.Epsilon]),
            CheckpointTensor.FromInt64("steps", [], [9_007_199_254_740_993L]),
            CheckpointTensor.FromFloat32("empty", [0, 3], []),
        ],
    };
}

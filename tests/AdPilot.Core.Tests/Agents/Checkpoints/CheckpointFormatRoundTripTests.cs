using System.Buffers.Binary;
using System.Text.Json;
using AdPilot.Core.Agents.Checkpoints;
using CsCheck;

namespace AdPilot.Core.Tests.Agents.Checkpoints;

public sealed class CheckpointFormatRoundTripTests
{
    [Fact]
    public void Deserialize_OfSerialize_GivesEqualCheckpointAndSameBytes()
    {
        Check.Sample(CheckpointBuilder.Checkpoint, checkpoint =>
        {
            var bytes = CheckpointFormat.Serialize(checkpoint);
            var back = CheckpointFormat.Deserialize(bytes);

            Assert.Equal(checkpoint, back);
            Assert.Equal(checkpoint.CreatedAt.Offset, back.CreatedAt.Offset);
            Assert.Equal(bytes, CheckpointFormat.Serialize(checkpoint));
            Assert.Equal(bytes, CheckpointFormat.Serialize(back));
        }, iter: 300);
    }

    [Fact]
    public void Deserialize_OfSerialize_KeepsFloatBitsExactly()
    {
        Check.Sample(Gen.Select(CheckpointBuilder.Float32.Array[0, 50], CheckpointBuilder.Float64.Array[0, 50]), (floats, doubles) =>
        {
            var checkpoint = CheckpointBuilder.Sample() with
            {
                Tensors = [CheckpointTensor.FromFloat32("f", floats), CheckpointTensor.FromFloat64("d", doubles)],
            };

            var back = CheckpointFormat.Deserialize(CheckpointFormat.Serialize(checkpoint));

            Assert.Equal(
                floats.Select(BitConverter.SingleToUInt32Bits),
                back.GetTensor("f").AsFloat32().ToArray().Select(BitConverter.SingleToUInt32Bits));
            Assert.Equal(
                doubles.Select(BitConverter.DoubleToUInt64Bits),
                back.GetTensor("d").AsFloat64().ToArray().Select(BitConverter.DoubleToUInt64Bits));
        }, iter: 300);
    }

    [Fact]
    public void Serialize_InsertionOrderOfTensorsAndMetadata_DoesNotChangeBytes()
    {
        Check.Sample(CheckpointBuilder.Checkpoint, checkpoint =>
        {
            var reordered = checkpoint with
            {
                Tensors = checkpoint.Tensors.Reverse().ToList(),
                Metadata = checkpoint.Metadata.Reverse().ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal),
            };

            Assert.Equal(CheckpointFormat.Serialize(checkpoint), CheckpointFormat.Serialize(reordered));
        }, iter: 200);
    }

    [Fact]
    public void Read_TrickledNonSeekableStream_GivesWrittenCheckpoint()
    {
        Check.Sample(Gen.Select(CheckpointBuilder.Checkpoint, Gen.Int[1, 64]), (checkpoint, chunk) =>
        {
            using var written = new MemoryStream();
            CheckpointFormat.Write(written, checkpoint);

            using var source = new TrickleStream(written.ToArray(), chunk);
            Assert.Equal(checkpoint, CheckpointFormat.Read(source));
        }, iter: 100);
    }

    [Fact]
    public async Task ReadAsync_OfWriteAsync_GivesEqualCheckpoint()
    {
        var checkpoint = CheckpointBuilder.Sample();
        using var stream = new MemoryStream();
        await CheckpointFormat.WriteAsync(stream, checkpoint, TestContext.Current.CancellationToken);
        stream.Position = 0;

        var back = await CheckpointFormat.ReadAsync(stream, "dqn", TestContext.Current.CancellationToken);

        Assert.Equal(checkpoint, back);
    }

    [Fact]
    public void Read_LargerThanInitialBuffer_GivesWrittenCheckpoint()
    {
        var table = Enumerable.Range(0, 300_000).Select(i => i * 0.001).ToArray();
        var checkpoint = CheckpointBuilder.Sample() with { Tensors = [CheckpointTensor.FromFloat64("q", [1_000, 300], table)] };
        using var stream = new MemoryStream(CheckpointFormat.Serialize(checkpoint));

        Assert.Equal(checkpoint, CheckpointFormat.Read(stream));
    }

    [Fact]
    public void Serialize_Sample_FollowsTheDocumentedLayout()
    {
        var bytes = CheckpointFormat.Serialize(CheckpointBuilder.Sample());

        Assert.Equal("ADPCKPT"u8.ToArray(), bytes[..7]);
        Assert.Equal(CheckpointFormat.CurrentVersion, bytes[7]);
        Assert.Equal((ulong)bytes.Length, BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(8)));
        Assert.Equal(0u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(20)));
        Assert.Equal(System.Security.Cryptography.SHA256.HashData(bytes.AsSpan(0, bytes.Length - 32)), bytes[^32..]);

        using var manifest = JsonDocument.Parse(RawCheckpoint.Manifest(bytes));
        var root = manifest.RootElement;
        Assert.Equal("dqn", root.GetProperty("agentKind").GetString());
        Assert.Equal(2, root.GetProperty("agentVersion").GetInt32());
        Assert.Equal("2025-03-14T09:26:53.589+02:00", root.GetProperty("createdAt").GetString());
        Assert.Equal(
            ["charts/episodic_return", "episodes", "scenario", "seed"],
            root.GetProperty("metadata").EnumerateObject().Select(p => p.Name));
        var tensors = root.GetProperty("tensors").EnumerateArray().ToArray();
        Assert.Equal(["b1", "empty", "precision", "steps", "w1"], tensors.Select(t => t.GetProperty("name").GetString()));

        var data = RawCheckpoint.Data(bytes);
        var w1 = tensors[4];
        Assert.Equal("float32", w1.GetProperty("type").GetString());
        Assert.Equal([4, 3], w1.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()));
        Assert.Equal(48, w1.GetProperty("length").GetInt64());
        var offset = (int)w1.GetProperty("offset").GetInt64();
        Assert.Equal(0, offset % 8);
        Assert.Equal(-2f, BinaryPrimitives.ReadSingleLittleEndian(data.AsSpan(offset)));
        Assert.Equal(-1.5f, BinaryPrimitives.ReadSingleLittleEndian(data.AsSpan(offset + 4)));
    }

    [Fact]
    public void Serialize_DqnSizedCheckpoint_IsWithinOneKilobyteOfTheRawFloats()
    {
        // A two-hidden-layer MLP: 30 inputs, 64 and 56 hidden, 9 actions: 6,137 parameters.
        (string Name, int[] Shape)[] layers =
            [("l1.w", [64, 30]), ("l1.b", [64]), ("l2.w", [56, 64]), ("l2.b", [56]), ("out.w", [9, 56]), ("out.b", [9])];
        var tensors = layers
            .Select(l => CheckpointTensor.FromFloat32(l.Name, l.Shape, new float[l.Shape.Aggregate(1, (a, b) => a * b)]))
            .ToList();
        var parameters = tensors.Sum(t => t.Length);
        var checkpoint = CheckpointBuilder.Sample() with { Tensors = tensors };

        var size = CheckpointFormat.Serialize(checkpoint).Length;

        Assert.InRange(parameters, 5_900, 6_200);
        Assert.InRange(size, parameters * 4, parameters * 4 + 1_024);
    }

    [Fact]
    public void Serialize_QTableOf100kDoubles_IsWithinOneKilobyteOfTheRawValues()
    {
        var checkpoint = CheckpointBuilder.Sample() with
        {
            Tensors = [CheckpointTensor.FromFloat64("q", [4_000, 25], new double[100_000])],
        };

        var size = CheckpointFormat.Serialize(checkpoint).Length;

        Assert.InRange(size, 800_000, 800_000 + 1_024);
    }
}

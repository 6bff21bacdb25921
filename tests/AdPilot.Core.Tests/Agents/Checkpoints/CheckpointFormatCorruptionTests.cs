using AdPilot.Core.Agents.Checkpoints;
using CsCheck;

namespace AdPilot.Core.Tests.Agents.Checkpoints;

public sealed class CheckpointFormatCorruptionTests
{
    [Fact]
    public void Deserialize_AnySingleByteOfSampleChanged_ThrowsCheckpointException()
    {
        var written = CheckpointFormat.Serialize(CheckpointBuilder.Sample());

        for (var position = 0; position < written.Length; position++)
        {
            foreach (var mask in new byte[] { 0x01, 0x80, 0xFF })
            {
                var corrupt = (byte[])written.Clone();
                corrupt[position] ^= mask;

                Assert.Throws<CheckpointException>(() => CheckpointFormat.Deserialize(corrupt));
            }
        }
    }

    [Fact]
    public void Read_AnySingleByteChanged_ThrowsCheckpointException()
    {
        var gen = Gen.Select(CheckpointBuilder.Checkpoint, Gen.Int[0, int.MaxValue], Gen.Byte[1, 255]);
        Check.Sample(gen, (checkpoint, at, mask) =>
        {
            var corrupt = CheckpointFormat.Serialize(checkpoint);
            corrupt[at % corrupt.Length] ^= mask;

            using var stream = new MemoryStream(corrupt);
            Assert.Throws<CheckpointException>(() => CheckpointFormat.Read(stream));
        }, iter: 1_000);
    }

    [Fact]
    public void Deserialize_SampleCutAtAnyLength_ThrowsTruncated()
    {
        var written = CheckpointFormat.Serialize(CheckpointBuilder.Sample());

        for (var length = 0; length < written.Length; length++)
        {
            var ex = Assert.Throws<CheckpointException>(() => CheckpointFormat.Deserialize(written.AsSpan(0, length)));

            Assert.Equal(CheckpointError.Truncated, ex.Error);
        }
    }

    [Fact]
    public void Read_CutAtAnyLength_ThrowsTruncated()
    {
        Check.Sample(Gen.Select(CheckpointBuilder.Checkpoint, Gen.Int[0, int.MaxValue]), (checkpoint, cut) =>
        {
            var written = CheckpointFormat.Serialize(checkpoint);
            using var stream = new TrickleStream(written[..(cut % written.Length)], 5);

            var ex = Assert.Throws<CheckpointException>(() => CheckpointFormat.Read(stream));

            Assert.Equal(CheckpointError.Truncated, ex.Error);
        }, iter: 500);
    }

    [Fact]
    public void Read_RandomBytes_ThrowsCheckpointException()
    {
        Check.Sample(Gen.Byte.Array[0, 200], bytes =>
        {
            using var stream = new MemoryStream(bytes);
            Assert.Throws<CheckpointException>(() => CheckpointFormat.Read(stream));
        }, iter: 500);
    }
}

using AdPilot.Core.Agents.Checkpoints;

namespace AdPilot.Core.Tests.Agents.Checkpoints;

public sealed class CheckpointTensorTests
{
    [Fact]
    public void FromFloat32_ShapeDisagreesWithValues_ThrowsNamingTensorAndShape()
    {
        var ex = Assert.Throws<ArgumentException>(() => CheckpointTensor.FromFloat32("w1", [2, 3], new float[5]));

        Assert.Contains("'w1'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("[2, 3]", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromFloat64_NegativeDimension_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => CheckpointTensor.FromFloat64("p", [-1, -1], new double[1]));
    }

    [Fact]
    public void FromInt64_EmptyName_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => CheckpointTensor.FromInt64(string.Empty, [1L]));
    }

    [Fact]
    public void FromFloat32_UnpairedSurrogateInName_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => CheckpointTensor.FromFloat32("w\ud83d", [1f]));
    }

    [Fact]
    public void FromFloat32_SourceChangedAfterwards_TensorUnchanged()
    {
        var values = new[] { 1f, 2f };
        var tensor = CheckpointTensor.FromFloat32("b", values);

        values[0] = 99f;

        Assert.Equal([1f, 2f], tensor.AsFloat32().ToArray());
    }

    [Fact]
    public void FromFloat32_ScalarShape_HoldsOneValue()
    {
        var tensor = CheckpointTensor.FromFloat32("epsilon", [], [0.05f]);

        Assert.Equal(1, tensor.Length);
        Assert.True(tensor.HasShape([]));
    }

    [Fact]
    public void AsFloat64_OfFloat32Tensor_ThrowsNamingBothTypes()
    {
        var tensor = CheckpointTensor.FromFloat32("w", [1f]);

        var ex = Assert.Throws<InvalidOperationException>(() => tensor.AsFloat64().Length);

        Assert.Contains("float32", ex.Message, StringComparison.Ordinal);
        Assert.Contains("float64", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Equals_SameNaNBits_IsTrueAndSignedZerosDiffer()
    {
        Assert.Equal(CheckpointTensor.FromFloat64("x", [double.NaN]), CheckpointTensor.FromFloat64("x", [double.NaN]));
        Assert.NotEqual(CheckpointTensor.FromFloat64("x", [0d]), CheckpointTensor.FromFloat64("x", [-0d]));
    }

    [Fact]
    public void Equals_SameValuesOtherShape_IsFalse()
    {
        Assert.NotEqual(
            CheckpointTensor.FromInt64("x", [2, 1], [1L, 2L]),
            CheckpointTensor.FromInt64("x", [1, 2], [1L, 2L]));
    }

    [Fact]
    public void ToString_NamesTypeAndShape()
    {
        Assert.Equal("w1: float32 [2, 0]", CheckpointTensor.FromFloat32("w1", [2, 0], []).ToString());
    }
}

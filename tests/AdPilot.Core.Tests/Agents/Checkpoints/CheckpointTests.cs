using AdPilot.Core.Agents.Checkpoints;

namespace AdPilot.Core.Tests.Agents.Checkpoints;

public sealed class CheckpointTests
{
    [Fact]
    public void Tensors_GivenOutOfOrder_AreKeptInOrdinalNameOrder()
    {
        var checkpoint = CheckpointBuilder.Sample();

        Assert.Equal(["b1", "empty", "precision", "steps", "w1"], checkpoint.Tensors.Select(t => t.Name));
    }

    [Fact]
    public void Tensors_TwoWithTheSameName_ThrowsArgumentExceptionNamingIt()
    {
        var ex = Assert.Throws<ArgumentException>(() => CheckpointBuilder.Sample() with
        {
            Tensors = [CheckpointTensor.FromFloat32("w", [1f]), CheckpointTensor.FromInt64("w", [1L])],
        });

        Assert.Contains("'w'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Metadata_SourceChangedAfterwards_CheckpointUnchanged()
    {
        var source = new Dictionary<string, string> { ["seed"] = "1" };
        var checkpoint = CheckpointBuilder.Sample() with { Metadata = source };

        source["seed"] = "2";

        Assert.Equal("1", checkpoint.Metadata["seed"]);
    }

    [Fact]
    public void Metadata_EmptyKey_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => CheckpointBuilder.Sample() with
        {
            Metadata = new Dictionary<string, string> { [string.Empty] = "x" },
        });
    }

    [Theory]
    [InlineData("")]
    [InlineData("{gamma: 1}")]
    [InlineData("{} {}")]
    public void OptionsJson_NotJson_ThrowsArgumentException(string options)
    {
        var ex = Assert.Throws<ArgumentException>(() => CheckpointBuilder.Sample() with { OptionsJson = options });

        Assert.Contains("options", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void AgentKind_Blank_ThrowsArgumentException(string kind)
    {
        Assert.Throws<ArgumentException>(() => CheckpointBuilder.Sample() with { AgentKind = kind });
    }

    [Fact]
    public void RunId_UnpairedSurrogate_ThrowsArgumentException()
    {
        // The JSON writer would otherwise store U+FFFD and the checkpoint would not read back as written.
        var ex = Assert.Throws<ArgumentException>(() => CheckpointBuilder.Sample() with { RunId = "run\ud800" });

        Assert.Contains("unpaired surrogate", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Metadata_UnpairedSurrogateInValue_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => CheckpointBuilder.Sample() with
        {
            Metadata = new Dictionary<string, string> { ["note"] = "\udc00" },
        });
    }

    [Fact]
    public void AgentVersion_Negative_ThrowsArgumentOutOfRangeException()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => CheckpointBuilder.Sample() with { AgentVersion = -1 });
    }

    [Fact]
    public void Equals_SameInstantOtherOffset_IsFalse()
    {
        var a = CheckpointBuilder.Sample();
        var b = a with { CreatedAt = a.CreatedAt.ToUniversalTime() };

        Assert.NotEqual(a, b);
    }

    [Fact]
    public void Equals_MetadataValueDiffers_IsFalse()
    {
        var a = CheckpointBuilder.Sample();
        var b = a with { Metadata = new Dictionary<string, string>(a.Metadata) { ["seed"] = "43" } };

        Assert.NotEqual(a, b);
    }

    [Fact]
    public void TryGetTensor_Present_ReturnsIt()
    {
        var checkpoint = CheckpointBuilder.Sample();

        Assert.True(checkpoint.TryGetTensor("steps", out var steps));
        Assert.Equal([9_007_199_254_740_993L], steps.AsInt64().ToArray());
    }
}

using System.Buffers.Binary;
using System.Text.Json.Nodes;
using AdPilot.Core.Agents.Checkpoints;

namespace AdPilot.Core.Tests.Agents.Checkpoints;

public sealed class CheckpointFormatFailureTests
{
    private static readonly byte[] Written = CheckpointFormat.Serialize(CheckpointBuilder.Sample());

    [Fact]
    public void Read_ZipFile_ThrowsNotACheckpoint()
    {
        byte[] zip = [0x50, 0x4B, 0x03, 0x04, .. new byte[100]];

        var ex = ReadFails(zip, CheckpointError.NotACheckpoint);

        Assert.Contains("Not an AdPilot checkpoint", ex.Message, StringComparison.Ordinal);
        Assert.Contains("ADPCKPT", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_EmptyStream_ThrowsTruncatedFoundZero()
    {
        var ex = ReadFails([], CheckpointError.Truncated);

        Assert.Contains("found 0", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(255)]
    public void Read_UnsupportedVersion_ThrowsNamingTheVersionAndTheSupportedOnes(byte version)
    {
        var bytes = (byte[])Written.Clone();
        bytes[7] = version;
        RawCheckpoint.Reseal(bytes);

        var ex = ReadFails(bytes, CheckpointError.UnsupportedVersion);

        Assert.Contains($"version {version};", ex.Message, StringComparison.Ordinal);
        Assert.Contains("reads version 1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_LastBytesMissing_ThrowsTruncatedWithExpectedAndFoundLengths()
    {
        var ex = ReadFails(Written[..^10], CheckpointError.Truncated);

        Assert.Contains($"expected {Written.Length} bytes, found {Written.Length - 10}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_HeaderCutShort_ThrowsTruncatedNamingTheHeader()
    {
        var ex = ReadFails(Written[..20], CheckpointError.Truncated);

        Assert.Contains("header of 24 bytes, found 20", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_FlippedDataByte_ThrowsChecksumMismatch()
    {
        var bytes = (byte[])Written.Clone();
        bytes[^40] ^= 0x01;

        var ex = ReadFails(bytes, CheckpointError.ChecksumMismatch);

        Assert.Contains("checksum mismatch", ex.Message, StringComparison.Ordinal);
        Assert.Contains("corrupt", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ImpossibleTotalLength_ThrowsInvalidHeader()
    {
        var bytes = (byte[])Written.Clone();
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(8), 1UL << 60);

        var ex = ReadFails(bytes, CheckpointError.InvalidHeader);

        Assert.Contains($"total length of {1UL << 60} bytes", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ReservedFieldSet_ThrowsInvalidHeader()
    {
        var bytes = (byte[])Written.Clone();
        bytes[20] = 1;
        RawCheckpoint.Reseal(bytes);

        var ex = ReadFails(bytes, CheckpointError.InvalidHeader);

        Assert.Contains("reserved", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ManifestLengthPastTheEnd_ThrowsInvalidHeader()
    {
        var bytes = (byte[])Written.Clone();
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(16), (uint)bytes.Length);
        RawCheckpoint.Reseal(bytes);

        var ex = ReadFails(bytes, CheckpointError.InvalidHeader);

        Assert.Contains("runs past the end", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("{\"agentKind\":\"dqn\"}")]
    public void Read_ManifestThatDoesNotParse_ThrowsInvalidManifest(string manifest)
    {
        var ex = ReadFails(RawCheckpoint.Build(manifest, []), CheckpointError.InvalidManifest);

        Assert.Contains("manifest", ex.Message, StringComparison.Ordinal);
        Assert.Contains("does not parse", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ManifestJsonNull_ThrowsInvalidManifest()
    {
        ReadFails(RawCheckpoint.Build("null", []), CheckpointError.InvalidManifest);
    }

    [Fact]
    public void Read_ManifestNotUtf8_ThrowsInvalidManifest()
    {
        var ex = ReadFails(RawCheckpoint.Build([(byte)'{', 0xFF, 0xFE, (byte)'}'], []), CheckpointError.InvalidManifest);

        Assert.Contains("UTF-8", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("runId")]
    [InlineData("tensors")]
    [InlineData("createdAt")]
    public void Read_ManifestMissingAField_ThrowsInvalidManifestNamingIt(string field)
    {
        var bytes = RawCheckpoint.WithManifest(Written, m => m.Remove(field));

        var ex = ReadFails(bytes, CheckpointError.InvalidManifest);

        Assert.Contains(field, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ManifestWithUnknownField_ThrowsInvalidManifest()
    {
        var bytes = RawCheckpoint.WithManifest(Written, m => m["compression"] = "zstd");

        var ex = ReadFails(bytes, CheckpointError.InvalidManifest);

        Assert.Contains("compression", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ManifestWithDuplicateMetadataKey_ThrowsInvalidManifest()
    {
        var manifest = RawCheckpoint.Manifest(Written).Replace("\"metadata\":{", "\"metadata\":{\"seed\":\"0\",", StringComparison.Ordinal);

        var ex = ReadFails(RawCheckpoint.Build(manifest, RawCheckpoint.Data(Written)), CheckpointError.InvalidManifest);

        Assert.Contains("Duplicate", ex.Message, StringComparison.Ordinal);
        Assert.Contains("$.metadata", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ManifestWithNullRunId_ThrowsInvalidManifest()
    {
        ReadFails(RawCheckpoint.WithManifest(Written, m => m["runId"] = null), CheckpointError.InvalidManifest);
    }

    [Fact]
    public void Read_OptionsNotJson_ThrowsInvalidManifestNamingTheOptions()
    {
        var ex = ReadFails(RawCheckpoint.WithManifest(Written, m => m["options"] = "{gamma"), CheckpointError.InvalidManifest);

        Assert.Contains("options", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_BlankAgentKind_ThrowsInvalidManifest()
    {
        ReadFails(RawCheckpoint.WithManifest(Written, m => m["agentKind"] = " "), CheckpointError.InvalidManifest);
    }

    [Fact]
    public void Read_UnknownTensorType_ThrowsInvalidManifestNamingTheType()
    {
        var bytes = RawCheckpoint.WithManifest(Written, m => Tensor(m, "w1")["type"] = "float16");

        var ex = ReadFails(bytes, CheckpointError.InvalidManifest);

        Assert.Contains("'w1'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'float16'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NegativeDimension_ThrowsInvalidManifest()
    {
        var bytes = RawCheckpoint.WithManifest(Written, m => Tensor(m, "empty")["shape"] = new JsonArray(-1, 0));

        var ex = ReadFails(bytes, CheckpointError.InvalidManifest);

        Assert.Contains("negative dimension -1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_DuplicateTensorNames_ThrowsInvalidManifest()
    {
        var bytes = RawCheckpoint.WithManifest(Written, m => Tensor(m, "b1")["name"] = "w1");

        var ex = ReadFails(bytes, CheckpointError.InvalidManifest);

        Assert.Contains("'w1'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_OverlappingTensors_ThrowsInvalidTensorLayoutNamingBoth()
    {
        var bytes = RawCheckpoint.WithManifest(Written, m =>
            Tensor(m, "w1")["offset"] = Tensor(m, "precision")["offset"]!.GetValue<long>() + 8);

        var ex = ReadFails(bytes, CheckpointError.InvalidTensorLayout);

        Assert.Contains("overlap", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'w1'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'precision'", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(1L << 40)]
    [InlineData(-8)]
    public void Read_TensorPastTheEnd_ThrowsInvalidTensorLayout(long beyond)
    {
        var dataLength = RawCheckpoint.Data(Written).Length;
        var bytes = RawCheckpoint.WithManifest(Written, m =>
            Tensor(m, "w1")["offset"] = beyond < 0 ? beyond : dataLength - 48 + beyond);

        var ex = ReadFails(bytes, CheckpointError.InvalidTensorLayout);

        Assert.Contains("'w1'", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"runs past the end of the {dataLength}-byte data section", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TensorLengthDisagreesWithShape_ThrowsInvalidTensorLayout()
    {
        var bytes = RawCheckpoint.WithManifest(Written, m => Tensor(m, "w1")["length"] = 44);

        var ex = ReadFails(bytes, CheckpointError.InvalidTensorLayout);

        Assert.Contains("'w1'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("needs 48 bytes, but the manifest gives 44", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_HugeShape_ThrowsInvalidTensorLayout()
    {
        var bytes = RawCheckpoint.WithManifest(Written, m => Tensor(m, "w1")["shape"] = new JsonArray(int.MaxValue, int.MaxValue));

        ReadFails(bytes, CheckpointError.InvalidTensorLayout);
    }

    [Fact]
    public void Read_BytesAfterTheCheckpoint_ThrowsTrailingData()
    {
        var ex = ReadFails([.. Written, 0], CheckpointError.TrailingData);

        Assert.Contains($"end of the {Written.Length}-byte checkpoint", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_OtherAgentKind_ThrowsAgentKindMismatchNamingBoth()
    {
        using var stream = new MemoryStream(Written);

        var ex = Assert.Throws<CheckpointException>(() => CheckpointFormat.Read(stream, "qlearning"));

        Assert.Equal(CheckpointError.AgentKindMismatch, ex.Error);
        Assert.Contains("'dqn'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'qlearning'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_OtherAgentKind_ThrowsAgentKindMismatch()
    {
        using var stream = new MemoryStream(Written);

        var ex = await Assert.ThrowsAsync<CheckpointException>(
            () => CheckpointFormat.ReadAsync(stream, "bandit", TestContext.Current.CancellationToken));

        Assert.Equal(CheckpointError.AgentKindMismatch, ex.Error);
    }

    [Fact]
    public async Task ReadAsync_Truncated_ThrowsTruncated()
    {
        using var stream = new TrickleStream(Written[..^1]);

        var ex = await Assert.ThrowsAsync<CheckpointException>(
            () => CheckpointFormat.ReadAsync(stream, null, TestContext.Current.CancellationToken));

        Assert.Equal(CheckpointError.Truncated, ex.Error);
    }

    [Fact]
    public void GetTensor_Missing_ThrowsMissingTensorNamingIt()
    {
        var checkpoint = CheckpointFormat.Deserialize(Written);

        var ex = Assert.Throws<CheckpointException>(() => checkpoint.GetTensor("target.w1"));

        Assert.Equal(CheckpointError.MissingTensor, ex.Error);
        Assert.Contains("no tensor 'target.w1'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'w1'", ex.Message, StringComparison.Ordinal);
        Assert.False(checkpoint.TryGetTensor("target.w1", out _));
    }

    [Fact]
    public void GetTensor_OtherShape_ThrowsTensorMismatchNamingBothShapes()
    {
        var checkpoint = CheckpointFormat.Deserialize(Written);

        var ex = Assert.Throws<CheckpointException>(() => checkpoint.GetTensor("w1", CheckpointTensorType.Float32, [64, 30]));

        Assert.Equal(CheckpointError.TensorMismatch, ex.Error);
        Assert.Contains("float32 [4, 3]", ex.Message, StringComparison.Ordinal);
        Assert.Contains("float32 [64, 30] is required", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetTensor_OtherType_ThrowsTensorMismatch()
    {
        var checkpoint = CheckpointFormat.Deserialize(Written);

        var ex = Assert.Throws<CheckpointException>(() => checkpoint.GetTensor("w1", CheckpointTensorType.Float64, [4, 3]));

        Assert.Equal(CheckpointError.TensorMismatch, ex.Error);
        Assert.Contains("float64 [4, 3] is required", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetTensor_RightTypeAndShape_ReturnsIt()
    {
        var checkpoint = CheckpointFormat.Deserialize(Written);

        var tensor = checkpoint.GetTensor("precision", CheckpointTensorType.Float64, [2, 2]);

        Assert.Equal([1d, 0.25d, 0.25d, double.Epsilon], tensor.AsFloat64().ToArray());
    }

    [Fact]
    public void Serialize_OtherFormatVersion_ThrowsArgumentException()
    {
        var checkpoint = CheckpointBuilder.Sample() with { FormatVersion = 2 };

        var ex = Assert.Throws<ArgumentException>(() => CheckpointFormat.Serialize(checkpoint));

        Assert.Contains("version 2", ex.Message, StringComparison.Ordinal);
    }

    private static JsonObject Tensor(JsonObject manifest, string name) =>
        manifest["tensors"]!.AsArray().Single(t => t!["name"]!.GetValue<string>() == name)!.AsObject();

    private static CheckpointException ReadFails(byte[] bytes, CheckpointError expected)
    {
        var fromSpan = Assert.Throws<CheckpointException>(() => CheckpointFormat.Deserialize(bytes));
        using var stream = new TrickleStream(bytes, 7);
        var fromStream = Assert.Throws<CheckpointException>(() => CheckpointFormat.Read(stream));

        Assert.Equal(expected, fromSpan.Error);
        Assert.Equal(expected, fromStream.Error);
        Assert.Equal(fromSpan.Message, fromStream.Message);
        return fromSpan;
    }
}

using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Unicode;

namespace AdPilot.Core.Agents.Checkpoints;

/// <summary>
/// Writes and reads the checkpoint file format: a 24-byte little-endian header, a UTF-8 JSON manifest,
/// 8-byte-aligned raw tensor data, and a SHA-256 of everything before it.
/// </summary>
/// <remarks>
/// <para>Layout (offsets in bytes, integers little-endian):</para>
/// <list type="table">
/// <item><term>0, 7</term><description>Magic number, ASCII <c>ADPCKPT</c>.</description></item>
/// <item><term>7, 1</term><description>Format version (<see cref="CurrentVersion"/>).</description></item>
/// <item><term>8, 8</term><description>Total length of the checkpoint in bytes, checksum included (uint64).</description></item>
/// <item><term>16, 4</term><description>Manifest length M in bytes (uint32).</description></item>
/// <item><term>20, 4</term><description>Reserved, zero.</description></item>
/// <item><term>24, M</term><description>Manifest: UTF-8 JSON with everything but the tensor values.</description></item>
/// <item><term>…</term><description>Zero padding to the next multiple of 8: the data section starts there.</description></item>
/// <item><term>D, N</term><description>Tensor values, little-endian, each 8-byte aligned at its manifest offset.</description></item>
/// <item><term>T−32, 32</term><description>SHA-256 over bytes 0 to T−32.</description></item>
/// </list>
/// <para>
/// Reading validates everything before returning, so a caller never receives a half-read checkpoint; every refusal
/// is a <see cref="CheckpointException"/> whose <see cref="CheckpointException.Error"/> names the cause.
/// </para>
/// </remarks>
public static class CheckpointFormat
{
    /// <summary>The format version this build writes.</summary>
    public const byte CurrentVersion = 1;

    /// <summary>The size of the fixed header in bytes.</summary>
    public const int HeaderSize = 24;

    /// <summary>The size of the SHA-256 trailer in bytes.</summary>
    public const int ChecksumSize = 32;

    private const int Alignment = 8;
    private const int InitialReadBuffer = 1 << 20;

    private static readonly byte[] MagicBytes = "ADPCKPT"u8.ToArray();

    /// <summary>Gets the magic number every checkpoint starts with: ASCII <c>ADPCKPT</c>.</summary>
    public static ReadOnlySpan<byte> Magic => MagicBytes;

    /// <summary>Gets the format versions this build can read.</summary>
    public static IReadOnlyList<byte> SupportedVersions { get; } = [CurrentVersion];

    /// <summary>Gets the largest checkpoint, in bytes, this build writes or reads.</summary>
    public static long MaxLength => Array.MaxLength;

    /// <summary>Encodes a checkpoint; the same checkpoint always gives the same bytes.</summary>
    /// <param name="checkpoint">The checkpoint.</param>
    /// <returns>The complete file content.</returns>
    /// <exception cref="ArgumentException">
    /// The checkpoint names a format version other than <see cref="CurrentVersion"/>, or is larger than <see cref="MaxLength"/>.
    /// </exception>
    public static byte[] Serialize(Checkpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        if (checkpoint.FormatVersion != CurrentVersion)
        {
            throw new ArgumentException(
                $"Only format version {CurrentVersion} can be written, but the checkpoint names version {checkpoint.FormatVersion}.",
                nameof(checkpoint));
        }

        var entries = new List<CheckpointManifestTensor>(checkpoint.Tensors.Count);
        long dataLength = 0;
        foreach (var tensor in checkpoint.Tensors)
        {
            var length = (long)tensor.Length * tensor.ElementSize;
            entries.Add(new CheckpointManifestTensor(
                tensor.Name, CheckpointTensor.TypeName(tensor.ElementType), [.. tensor.Shape], dataLength, length));
            dataLength = Align(dataLength + length);
        }

        var manifest = new CheckpointManifest(
            checkpoint.AgentKind,
            checkpoint.AgentVersion,
            checkpoint.CreatedAt,
            checkpoint.RunId,
            checkpoint.Metadata,
            checkpoint.OptionsJson,
            entries);
        var manifestBytes = JsonSerializer.SerializeToUtf8Bytes(manifest, CheckpointJsonContext.Default.CheckpointManifest);

        var dataStart = Align(HeaderSize + (long)manifestBytes.Length);
        var total = dataStart + dataLength + ChecksumSize;
        if (total > MaxLength)
        {
            throw new ArgumentException(
                $"The checkpoint would take {total} bytes, more than the format's limit of {MaxLength}.", nameof(checkpoint));
        }

        var buffer = new byte[total];
        var span = buffer.AsSpan();
        MagicBytes.CopyTo(span);
        span[MagicBytes.Length] = CurrentVersion;
        BinaryPrimitives.WriteUInt64LittleEndian(span[8..], (ulong)total);
        BinaryPrimitives.WriteUInt32LittleEndian(span[16..], (uint)manifestBytes.Length);
        manifestBytes.CopyTo(span[HeaderSize..]);
        for (var i = 0; i < entries.Count; i++)
        {
            checkpoint.Tensors[i].WriteLittleEndian(span[(int)(dataStart + entries[i].Offset)..]);
        }

        SHA256.HashData(span[..^ChecksumSize], span[^ChecksumSize..]);
        return buffer;
    }

    /// <summary>Writes a checkpoint to a stream.</summary>
    /// <param name="destination">The stream to write to; left open.</param>
    /// <param name="checkpoint">The checkpoint.</param>
    public static void Write(Stream destination, Checkpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(destination);
        destination.Write(Serialize(checkpoint));
    }

    /// <summary>Writes a checkpoint to a stream.</summary>
    /// <param name="destination">The stream to write to; left open.</param>
    /// <param name="checkpoint">The checkpoint.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the bytes are written.</returns>
    public static async Task WriteAsync(Stream destination, Checkpoint checkpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        await destination.WriteAsync(Serialize(checkpoint), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Decodes and validates a complete checkpoint.</summary>
    /// <param name="bytes">Exactly the checkpoint's bytes.</param>
    /// <param name="expectedAgentKind">The agent kind the caller needs, or <see langword="null"/> to accept any.</param>
    /// <returns>The checkpoint.</returns>
    /// <exception cref="CheckpointException">The bytes are not a valid checkpoint, or not one of the expected kind.</exception>
    public static Checkpoint Deserialize(ReadOnlySpan<byte> bytes, string? expectedAgentKind = null)
    {
        var total = ReadHeader(bytes[..Math.Min(bytes.Length, HeaderSize)]);
        if (bytes.Length < total)
        {
            throw Truncated(total, bytes.Length);
        }

        var checkpoint = Parse(bytes[..(int)total], expectedAgentKind);
        if (bytes.Length > total)
        {
            throw TrailingData(total);
        }

        return checkpoint;
    }

    /// <summary>Reads and validates one checkpoint, which must run to the end of the stream.</summary>
    /// <param name="source">The stream to read; left open. It need not be seekable.</param>
    /// <param name="expectedAgentKind">The agent kind the caller needs, or <see langword="null"/> to accept any.</param>
    /// <returns>The checkpoint.</returns>
    /// <exception cref="CheckpointException">The stream does not hold a valid checkpoint, or not one of the expected kind.</exception>
    public static Checkpoint Read(Stream source, string? expectedAgentKind = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        var header = new byte[HeaderSize];
        var headerRead = source.ReadAtLeast(header, HeaderSize, throwOnEndOfStream: false);
        var total = ReadHeader(header.AsSpan(0, headerRead));

        var buffer = new byte[Math.Min(total, InitialReadBuffer)];
        header.CopyTo(buffer, 0);
        var filled = HeaderSize;
        while (filled < total)
        {
            if (filled == buffer.Length)
            {
                Array.Resize(ref buffer, (int)Math.Min(total, (long)buffer.Length * 2));
            }

            var read = source.Read(buffer, filled, buffer.Length - filled);
            if (read == 0)
            {
                throw Truncated(total, filled);
            }

            filled += read;
        }

        var checkpoint = Parse(buffer, expectedAgentKind);
        if (source.Read(new byte[1], 0, 1) > 0)
        {
            throw TrailingData(total);
        }

        return checkpoint;
    }

    /// <summary>Reads and validates one checkpoint, which must run to the end of the stream.</summary>
    /// <param name="source">The stream to read; left open. It need not be seekable.</param>
    /// <param name="expectedAgentKind">The agent kind the caller needs, or <see langword="null"/> to accept any.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The checkpoint.</returns>
    /// <exception cref="CheckpointException">The stream does not hold a valid checkpoint, or not one of the expected kind.</exception>
    public static async Task<Checkpoint> ReadAsync(Stream source, string? expectedAgentKind, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        var header = new byte[HeaderSize];
        var headerRead = await source.ReadAtLeastAsync(header, HeaderSize, throwOnEndOfStream: false, cancellationToken)
            .ConfigureAwait(false);
        var total = ReadHeader(header.AsSpan(0, headerRead));

        var buffer = new byte[Math.Min(total, InitialReadBuffer)];
        header.CopyTo(buffer, 0);
        var filled = HeaderSize;
        while (filled < total)
        {
            if (filled == buffer.Length)
            {
                Array.Resize(ref buffer, (int)Math.Min(total, (long)buffer.Length * 2));
            }

            var read = await source.ReadAsync(buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw Truncated(total, filled);
            }

            filled += read;
        }

        var checkpoint = Parse(buffer, expectedAgentKind);
        if (await source.ReadAsync(new byte[1], cancellationToken).ConfigureAwait(false) > 0)
        {
            throw TrailingData(total);
        }

        return checkpoint;
    }

    /// <summary>Checks the fixed header, or as much of it as exists, and returns the declared total length.</summary>
    private static long ReadHeader(ReadOnlySpan<byte> header)
    {
        var magicLength = Math.Min(header.Length, MagicBytes.Length);
        if (!header[..magicLength].SequenceEqual(MagicBytes.AsSpan(0, magicLength)))
        {
            throw new CheckpointException(
                CheckpointError.NotACheckpoint,
                $"Not an AdPilot checkpoint: the data starts with 0x{Convert.ToHexString(header[..magicLength])}, "
                + "not the magic number 'ADPCKPT'.");
        }

        if (header.Length > MagicBytes.Length)
        {
            var version = header[MagicBytes.Length];
            if (!SupportedVersions.Contains(version))
            {
                var supported = string.Join(", ", SupportedVersions);
                var hint = version > CurrentVersion ? " It was probably written by a newer AdPilot." : string.Empty;
                throw new CheckpointException(
                    CheckpointError.UnsupportedVersion,
                    $"Unsupported checkpoint format version {version}; this build reads version {supported}.{hint}");
            }
        }

        if (header.Length < HeaderSize)
        {
            throw new CheckpointException(
                CheckpointError.Truncated,
                $"Truncated checkpoint: expected a header of {HeaderSize} bytes, found {header.Length}.");
        }

        var total = BinaryPrimitives.ReadUInt64LittleEndian(header[8..]);
        if (total < HeaderSize + ChecksumSize || total > (ulong)MaxLength)
        {
            throw new CheckpointException(
                CheckpointError.InvalidHeader,
                $"Corrupt checkpoint header: it declares a total length of {total} bytes, "
                + $"outside the possible {HeaderSize + ChecksumSize} to {MaxLength}.");
        }

        return (long)total;
    }

    /// <summary>Validates exactly one checkpoint's bytes, checksum first, and builds the checkpoint.</summary>
    private static Checkpoint Parse(ReadOnlySpan<byte> bytes, string? expectedAgentKind)
    {
        Span<byte> computed = stackalloc byte[ChecksumSize];
        SHA256.HashData(bytes[..^ChecksumSize], computed);
        var stored = bytes[^ChecksumSize..];
        if (!computed.SequenceEqual(stored))
        {
            throw new CheckpointException(
                CheckpointError.ChecksumMismatch,
                $"Checkpoint checksum mismatch: the file is corrupt (stored SHA-256 {Convert.ToHexStringLower(stored)}, "
                + $"computed {Convert.ToHexStringLower(computed)}).");
        }

        var manifestLength = BinaryPrimitives.ReadUInt32LittleEndian(bytes[16..]);
        var reserved = BinaryPrimitives.ReadUInt32LittleEndian(bytes[20..]);
        if (reserved != 0)
        {
            throw new CheckpointException(
                CheckpointError.InvalidHeader, $"Invalid checkpoint header: the reserved field is {reserved}, not 0.");
        }

        var manifestEnd = HeaderSize + (long)manifestLength;
        var dataStart = Align(manifestEnd);
        var dataEnd = bytes.Length - ChecksumSize;
        if (dataStart > dataEnd)
        {
            throw new CheckpointException(
                CheckpointError.InvalidHeader,
                $"Invalid checkpoint header: a manifest of {manifestLength} bytes runs past the end "
                + $"of the {bytes.Length}-byte checkpoint.");
        }

        if (bytes[(int)manifestEnd..(int)dataStart].ContainsAnyExcept((byte)0))
        {
            throw new CheckpointException(
                CheckpointError.InvalidHeader, "Invalid checkpoint: the padding after the manifest is not zero.");
        }

        var manifest = ParseManifest(bytes[HeaderSize..(int)manifestEnd]);
        var data = bytes[(int)dataStart..dataEnd];
        var tensors = ReadTensors(manifest.Tensors, data);

        Checkpoint checkpoint;
        try
        {
            checkpoint = new Checkpoint
            {
                FormatVersion = bytes[MagicBytes.Length],
                AgentKind = manifest.AgentKind,
                AgentVersion = manifest.AgentVersion,
                CreatedAt = manifest.CreatedAt,
                RunId = manifest.RunId,
                Metadata = manifest.Metadata,
                OptionsJson = manifest.Options,
                Tensors = tensors,
            };
        }
        catch (ArgumentException ex)
        {
            throw new CheckpointException(
                CheckpointError.InvalidManifest, $"Invalid checkpoint manifest: {ex.Message}", ex);
        }

        if (expectedAgentKind is not null && !string.Equals(checkpoint.AgentKind, expectedAgentKind, StringComparison.Ordinal))
        {
            throw new CheckpointException(
                CheckpointError.AgentKindMismatch,
                $"The checkpoint is for agent kind '{checkpoint.AgentKind}' (run '{checkpoint.RunId}'), "
                + $"but agent kind '{expectedAgentKind}' was expected.");
        }

        return checkpoint;
    }

    private static CheckpointManifest ParseManifest(ReadOnlySpan<byte> manifestBytes)
    {
        if (!Utf8.IsValid(manifestBytes))
        {
            throw new CheckpointException(CheckpointError.InvalidManifest, "Invalid checkpoint manifest: it is not valid UTF-8.");
        }

        CheckpointManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize(manifestBytes, CheckpointJsonContext.Default.CheckpointManifest);
        }
        catch (JsonException ex)
        {
            throw new CheckpointException(
                CheckpointError.InvalidManifest,
                $"Invalid checkpoint manifest: the JSON does not parse: {ex.Message}"
                + (ex.Path is null ? string.Empty : $" (at {ex.Path})"),
                ex);
        }

        if (manifest is null)
        {
            throw new CheckpointException(CheckpointError.InvalidManifest, "Invalid checkpoint manifest: it is JSON null.");
        }

        return manifest;
    }

    private static List<CheckpointTensor> ReadTensors(IReadOnlyList<CheckpointManifestTensor> entries, ReadOnlySpan<byte> data)
    {
        var extents = new List<(long Start, long End, string Name)>(entries.Count);
        var types = new CheckpointTensorType[entries.Count];
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i] ?? throw new CheckpointException(
                CheckpointError.InvalidManifest, $"Invalid checkpoint manifest: tensor entry {i} is null.");
            if (!CheckpointTensor.TryParseTypeName(entry.Type, out types[i]))
            {
                throw new CheckpointException(
                    CheckpointError.InvalidManifest,
                    $"Invalid checkpoint manifest: tensor '{entry.Name}' has unknown element type '{entry.Type}'; "
                    + "expected float32, float64 or int64.");
            }

            var expectedLength = ElementCount(entry) * CheckpointTensor.ElementSizeOf(types[i]);
            if (entry.Length != expectedLength)
            {
                throw new CheckpointException(
                    CheckpointError.InvalidTensorLayout,
                    $"Invalid tensor layout: tensor '{entry.Name}' of shape {CheckpointTensor.FormatShape([.. entry.Shape])} "
                    + $"needs {expectedLength} bytes, but the manifest gives {entry.Length}.");
            }

            if (entry.Offset < 0 || entry.Offset > data.Length || entry.Length > data.Length - entry.Offset)
            {
                throw new CheckpointException(
                    CheckpointError.InvalidTensorLayout,
                    $"Invalid tensor layout: tensor '{entry.Name}' (bytes {entry.Offset} to {entry.Offset + entry.Length}) "
                    + $"runs past the end of the {data.Length}-byte data section.");
            }

            if (entry.Length > 0)
            {
                extents.Add((entry.Offset, entry.Offset + entry.Length, entry.Name));
            }
        }

        extents.Sort(static (a, b) => a.Start.CompareTo(b.Start));
        for (var i = 1; i < extents.Count; i++)
        {
            if (extents[i].Start < extents[i - 1].End)
            {
                throw new CheckpointException(
                    CheckpointError.InvalidTensorLayout,
                    $"Invalid tensor layout: tensors '{extents[i - 1].Name}' (bytes {extents[i - 1].Start} to {extents[i - 1].End}) "
                    + $"and '{extents[i].Name}' (bytes {extents[i].Start} to {extents[i].End}) overlap.");
            }
        }

        var tensors = new List<CheckpointTensor>(entries.Count);
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            try
            {
                tensors.Add(CheckpointTensor.FromLittleEndian(
                    entry.Name, types[i], [.. entry.Shape], data.Slice((int)entry.Offset, (int)entry.Length)));
            }
            catch (ArgumentException ex)
            {
                throw new CheckpointException(
                    CheckpointError.InvalidManifest, $"Invalid checkpoint manifest: {ex.Message}", ex);
            }
        }

        return tensors;
    }

    private static long ElementCount(CheckpointManifestTensor entry)
    {
        long count = 1;
        foreach (var dimension in entry.Shape)
        {
            if (dimension < 0)
            {
                throw new CheckpointException(
                    CheckpointError.InvalidManifest,
                    $"Invalid checkpoint manifest: tensor '{entry.Name}' has a negative dimension "
                    + $"{dimension.ToString(CultureInfo.InvariantCulture)}.");
            }

            count *= dimension;
            if (count > MaxLength)
            {
                throw new CheckpointException(
                    CheckpointError.InvalidTensorLayout,
                    $"Invalid tensor layout: tensor '{entry.Name}' has a shape of more elements than a checkpoint can hold.");
            }
        }

        return count;
    }

    private static long Align(long offset) => (offset + Alignment - 1) / Alignment * Alignment;

    private static CheckpointException Truncated(long expected, long found) => new(
        CheckpointError.Truncated, $"Truncated checkpoint: expected {expected} bytes, found {found}.");

    private static CheckpointException TrailingData(long total) => new(
        CheckpointError.TrailingData, $"Unexpected data after the end of the {total}-byte checkpoint.");
}

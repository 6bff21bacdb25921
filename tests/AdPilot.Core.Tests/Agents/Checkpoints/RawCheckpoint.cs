using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using AdPilot.Core.Agents.Checkpoints;

namespace AdPilot.Core.Tests.Agents.Checkpoints;

/// <summary>
/// Builds checkpoint bytes by hand from the documented layout, with a valid checksum, so tests can reach the
/// checks that run after the checksum.
/// </summary>
internal static class RawCheckpoint
{
    public static byte[] Build(ReadOnlySpan<byte> manifest, ReadOnlySpan<byte> data, byte version = CheckpointFormat.CurrentVersion)
    {
        var dataStart = Align(24 + manifest.Length);
        var total = dataStart + data.Length + 32;
        var bytes = new byte[total];
        "ADPCKPT"u8.CopyTo(bytes);
        bytes[7] = version;
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(8), (ulong)total);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(16), (uint)manifest.Length);
        manifest.CopyTo(bytes.AsSpan(24));
        data.CopyTo(bytes.AsSpan(dataStart));
        return Reseal(bytes);
    }

    public static byte[] Build(string manifest, ReadOnlySpan<byte> data) => Build(Encoding.UTF8.GetBytes(manifest), data);

    /// <summary>Rewrites a written checkpoint with its manifest changed and its data kept.</summary>
    public static byte[] WithManifest(byte[] written, Action<JsonObject> edit)
    {
        var manifest = JsonNode.Parse(Manifest(written))!.AsObject();
        edit(manifest);
        return Build(manifest.ToJsonString(), Data(written));
    }

    public static string Manifest(byte[] written) =>
        Encoding.UTF8.GetString(written, 24, (int)BinaryPrimitives.ReadUInt32LittleEndian(written.AsSpan(16)));

    public static byte[] Data(byte[] written)
    {
        var dataStart = Align(24 + (int)BinaryPrimitives.ReadUInt32LittleEndian(written.AsSpan(16)));
        return written[dataStart..^32];
    }

    /// <summary>Recomputes the trailing SHA-256 in place after a test tampered with the bytes.</summary>
    public static byte[] Reseal(byte[] bytes)
    {
        SHA256.HashData(bytes.AsSpan(0, bytes.Length - 32), bytes.AsSpan(bytes.Length - 32));
        return bytes;
    }

    private static int Align(int offset) => (offset + 7) / 8 * 8;
}

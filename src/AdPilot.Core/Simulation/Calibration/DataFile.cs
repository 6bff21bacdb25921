using System.Security.Cryptography;
using System.Text;

namespace AdPilot.Core.Simulation.Calibration;

/// <summary>A data file as the report cites it: its name, size and git blob id (the id <c>git hash-object</c> prints).</summary>
/// <param name="Name">The file's name.</param>
/// <param name="Bytes">Its size in bytes.</param>
/// <param name="GitBlobId">Its git blob id, which <c>shared/data/SOURCES.md</c> lists for each file.</param>
public sealed record DataFile(string Name, long Bytes, string GitBlobId)
{
    /// <summary>Describes a file from its bytes.</summary>
    /// <param name="name">The file's name.</param>
    /// <param name="content">The file's bytes.</param>
    /// <returns>The description.</returns>
    public static DataFile FromBytes(string name, ReadOnlySpan<byte> content)
    {
        ArgumentNullException.ThrowIfNull(name);
        var header = Encoding.ASCII.GetBytes($"blob {content.Length}\0");
        var buffer = new byte[header.Length + content.Length];
        header.CopyTo(buffer, 0);
        content.CopyTo(buffer.AsSpan(header.Length));
        // SHA-1 because git names blobs by it: this identifies a file, it protects nothing.
        var hash = SHA1.HashData(buffer);
        return new DataFile(name, content.Length, Convert.ToHexStringLower(hash));
    }
}

using System.Buffers;
using System.Text;

namespace AdPilot.Core.Agents.Checkpoints;

/// <summary>Checks on the text a checkpoint stores.</summary>
internal static class CheckpointText
{
    /// <summary>
    /// Refuses text with an unpaired surrogate: UTF-8 cannot encode it, and the JSON writer would silently replace it
    /// with U+FFFD, so the checkpoint would not read back as written.
    /// </summary>
    public static void EnsureWellFormed(string value, string what, string paramName)
    {
        var rest = value.AsSpan();
        while (!rest.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(rest, out _, out var consumed) != OperationStatus.Done)
            {
                throw new ArgumentException($"{what} contains an unpaired surrogate, which UTF-8 cannot store.", paramName);
            }

            rest = rest[consumed..];
        }
    }
}

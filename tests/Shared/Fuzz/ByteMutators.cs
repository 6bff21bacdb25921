using System.Text;

namespace AdPilot.Tests.Fuzz;

/// <summary>Mutations that know nothing of the format: bit flips, truncation, span deletion, duplication and insertion, invalid UTF-8.</summary>
public static class ByteMutators
{
    /// <summary>Bytes at which a structured text is cut: truncating right after one leaves a token, a field or a line half-written.</summary>
    private static readonly byte[] Boundaries = "{}[]:,\"\\\r\n;\t= /.-"u8.ToArray();

    private static readonly byte[][] InvalidUtf8 =
    [
        [0xFF],
        [0xC3, 0x28],                   // a lead byte with a bad continuation
        [0xE2, 0x82],                   // a sequence cut short
        [0xC0, 0xAF],                   // an overlong '/'
        [0xED, 0xA0, 0x80],             // a UTF-16 surrogate encoded as UTF-8
        [0xF4, 0x90, 0x80, 0x80],       // above U+10FFFF
        [0x80],                         // a lone continuation byte
        [0xEF, 0xBB, 0xBF],             // a BOM in the middle
        [0x00],
    ];

    private static readonly string[] Tokens =
    [
        "\"", "\"\"", "'", ",", ";", "\t", "\r\n", "\n", "\r", "{", "}", "[", "]", ":", "null", "true", "-1", "0", "1e309", "-0",
        "NaN", "Infinity", "99999999999999999999999999", "\\u0000", "\\ud800", "%", "=", "#", "\u00e9", "\u2028", "%00", "../",
    ];

    public static IReadOnlyList<FuzzMutator> All { get; } =
    [
        new("flip-bit", FlipBit),
        new("random-byte", RandomByte),
        new("truncate-anywhere", (r, b) => b.Length == 0 ? b : b[..r.Next(b.Length)]),
        new("truncate-at-boundary", TruncateAtBoundary),
        new("delete-span", DeleteSpan),
        new("duplicate-span", DuplicateSpan),
        new("insert-random-bytes", InsertRandom),
        new("insert-token", InsertToken),
        new("invalid-utf8", InsertInvalidUtf8),
        new("swap-spans", SwapSpans),
        new("empty", (_, _) => []),
    ];

    public static byte[] Insert(byte[] bytes, int at, ReadOnlySpan<byte> what)
    {
        var result = new byte[bytes.Length + what.Length];
        bytes.AsSpan(0, at).CopyTo(result);
        what.CopyTo(result.AsSpan(at));
        bytes.AsSpan(at).CopyTo(result.AsSpan(at + what.Length));
        return result;
    }

    private static byte[] FlipBit(FuzzRng r, byte[] b)
    {
        if (b.Length == 0)
        {
            return [(byte)r.Next(256)];
        }

        var copy = (byte[])b.Clone();
        for (var n = r.Next(1, 4); n > 0; n--)
        {
            copy[r.Next(copy.Length)] ^= (byte)(1 << r.Next(8));
        }

        return copy;
    }

    private static byte[] RandomByte(FuzzRng r, byte[] b)
    {
        if (b.Length == 0)
        {
            return [(byte)r.Next(256)];
        }

        var copy = (byte[])b.Clone();
        copy[r.Next(copy.Length)] = (byte)r.Next(256);
        return copy;
    }

    private static byte[] TruncateAtBoundary(FuzzRng r, byte[] b)
    {
        var cuts = new List<int>();
        for (var i = 0; i < b.Length; i++)
        {
            if (Array.IndexOf(Boundaries, b[i]) >= 0)
            {
                cuts.Add(i);
            }
        }

        if (cuts.Count == 0)
        {
            return b.Length == 0 ? b : b[..r.Next(b.Length)];
        }

        var at = r.Pick(cuts);
        return b[..(r.Chance(0.5) ? at : at + 1)];
    }

    private static (int Start, int Length) Span(FuzzRng r, int length)
    {
        if (length == 0)
        {
            return (0, 0);
        }

        var start = r.Next(length);
        var max = length - start;
        var size = r.Chance(0.7) ? Math.Min(max, r.Next(1, 9)) : r.Next(1, max + 1);
        return (start, size);
    }

    private static byte[] DeleteSpan(FuzzRng r, byte[] b)
    {
        var (start, length) = Span(r, b.Length);
        return [.. b.AsSpan(0, start), .. b.AsSpan(start + length)];
    }

    private static byte[] DuplicateSpan(FuzzRng r, byte[] b)
    {
        var (start, length) = Span(r, b.Length);
        var copies = r.Chance(0.1) ? r.Next(2, 200) : 1;
        var span = b.AsSpan(start, length).ToArray();
        var repeated = Enumerable.Repeat(span, copies).SelectMany(x => x).ToArray();
        return Insert(b, r.Next(b.Length + 1), repeated);
    }

    private static byte[] InsertRandom(FuzzRng r, byte[] b)
    {
        var what = new byte[r.Next(1, 17)];
        for (var i = 0; i < what.Length; i++)
        {
            what[i] = (byte)r.Next(256);
        }

        return Insert(b, r.Next(b.Length + 1), what);
    }

    private static byte[] InsertToken(FuzzRng r, byte[] b) => Insert(b, r.Next(b.Length + 1), Encoding.UTF8.GetBytes(r.Pick(Tokens)));

    private static byte[] InsertInvalidUtf8(FuzzRng r, byte[] b) => r.Chance(0.3) && b.Length > 0
        ? [.. b.AsSpan(0, r.Next(b.Length)), .. r.Pick(InvalidUtf8), .. b.AsSpan(r.Next(b.Length))]
        : Insert(b, r.Next(b.Length + 1), r.Pick(InvalidUtf8));

    private static byte[] SwapSpans(FuzzRng r, byte[] b)
    {
        if (b.Length < 4)
        {
            return b;
        }

        var cut1 = r.Next(b.Length);
        var cut2 = r.Next(b.Length);
        var (lo, hi) = (Math.Min(cut1, cut2), Math.Max(cut1, cut2));
        return [.. b.AsSpan(hi), .. b.AsSpan(lo, hi - lo), .. b.AsSpan(0, lo)];
    }
}

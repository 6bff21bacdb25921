using System.Collections.Immutable;
using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;

namespace AdPilot.Core.Agents.Checkpoints;

/// <summary>
/// A named, shaped array of numbers saved in a checkpoint: network weights, a Q-table, a bandit's precision matrix.
/// The values are copied in, so a tensor never changes after it is made.
/// </summary>
public sealed record CheckpointTensor
{
    private readonly float[]? _float32;
    private readonly double[]? _float64;
    private readonly long[]? _int64;

    private CheckpointTensor(string name, ReadOnlySpan<int> shape, int valueCount, CheckpointTensorType elementType)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        CheckpointText.EnsureWellFormed(name, "A tensor name", nameof(name));
        long count = 1;
        foreach (var dimension in shape)
        {
            if (dimension < 0)
            {
                throw new ArgumentException(
                    $"Tensor '{name}' has a negative dimension {dimension} in its shape {FormatShape(shape)}.", nameof(shape));
            }

            count *= dimension;
            if (count > Array.MaxLength)
            {
                throw new ArgumentException($"Tensor '{name}' has a shape {FormatShape(shape)} too large to hold.", nameof(shape));
            }
        }

        if (count != valueCount)
        {
            throw new ArgumentException(
                $"Tensor '{name}' has shape {FormatShape(shape)} ({count} elements) but {valueCount} values.", nameof(shape));
        }

        Name = name;
        Shape = [.. shape];
        ElementType = elementType;
    }

    private CheckpointTensor(string name, ReadOnlySpan<int> shape, ReadOnlySpan<float> values)
        : this(name, shape, values.Length, CheckpointTensorType.Float32)
    {
        _float32 = values.ToArray();
    }

    private CheckpointTensor(string name, ReadOnlySpan<int> shape, ReadOnlySpan<double> values)
        : this(name, shape, values.Length, CheckpointTensorType.Float64)
    {
        _float64 = values.ToArray();
    }

    private CheckpointTensor(string name, ReadOnlySpan<int> shape, ReadOnlySpan<long> values)
        : this(name, shape, values.Length, CheckpointTensorType.Int64)
    {
        _int64 = values.ToArray();
    }

    /// <summary>Gets the tensor's name, unique within its checkpoint.</summary>
    public string Name { get; }

    /// <summary>Gets the element type.</summary>
    public CheckpointTensorType ElementType { get; }

    /// <summary>Gets the dimensions, outermost first (row-major); empty for a scalar.</summary>
    public ImmutableArray<int> Shape { get; }

    /// <summary>Gets the number of elements: the product of <see cref="Shape"/>.</summary>
    public int Length => ElementType switch
    {
        CheckpointTensorType.Float32 => _float32!.Length,
        CheckpointTensorType.Float64 => _float64!.Length,
        _ => _int64!.Length,
    };

    /// <summary>Gets the size of one element in bytes.</summary>
    public int ElementSize => ElementSizeOf(ElementType);

    /// <summary>Makes a float32 tensor of the given shape, copying the values.</summary>
    /// <param name="name">The tensor's name; not empty.</param>
    /// <param name="shape">The dimensions, outermost first; none negative, and their product equal to the number of values.</param>
    /// <param name="values">The values in row-major order.</param>
    /// <returns>The tensor.</returns>
    /// <exception cref="ArgumentException">The name is empty or the shape does not fit the values.</exception>
    public static CheckpointTensor FromFloat32(string name, ReadOnlySpan<int> shape, ReadOnlySpan<float> values) =>
        new(name, shape, values);

    /// <summary>Makes a one-dimensional float32 tensor, copying the values.</summary>
    /// <param name="name">The tensor's name; not empty.</param>
    /// <param name="values">The values.</param>
    /// <returns>The tensor.</returns>
    public static CheckpointTensor FromFloat32(string name, ReadOnlySpan<float> values) => new(name, [values.Length], values);

    /// <summary>Makes a float64 tensor of the given shape, copying the values.</summary>
    /// <param name="name">The tensor's name; not empty.</param>
    /// <param name="shape">The dimensions, outermost first; none negative, and their product equal to the number of values.</param>
    /// <param name="values">The values in row-major order.</param>
    /// <returns>The tensor.</returns>
    /// <exception cref="ArgumentException">The name is empty or the shape does not fit the values.</exception>
    public static CheckpointTensor FromFloat64(string name, ReadOnlySpan<int> shape, ReadOnlySpan<double> values) =>
        new(name, shape, values);

    /// <summary>Makes a one-dimensional float64 tensor, copying the values.</summary>
    /// <param name="name">The tensor's name; not empty.</param>
    /// <param name="values">The values.</param>
    /// <returns>The tensor.</returns>
    public static CheckpointTensor FromFloat64(string name, ReadOnlySpan<double> values) => new(name, [values.Length], values);

    /// <summary>Makes an int64 tensor of the given shape, copying the values.</summary>
    /// <param name="name">The tensor's name; not empty.</param>
    /// <param name="shape">The dimensions, outermost first; none negative, and their product equal to the number of values.</param>
    /// <param name="values">The values in row-major order.</param>
    /// <returns>The tensor.</returns>
    /// <exception cref="ArgumentException">The name is empty or the shape does not fit the values.</exception>
    public static CheckpointTensor FromInt64(string name, ReadOnlySpan<int> shape, ReadOnlySpan<long> values) =>
        new(name, shape, values);

    /// <summary>Makes a one-dimensional int64 tensor, copying the values.</summary>
    /// <param name="name">The tensor's name; not empty.</param>
    /// <param name="values">The values.</param>
    /// <returns>The tensor.</returns>
    public static CheckpointTensor FromInt64(string name, ReadOnlySpan<long> values) => new(name, [values.Length], values);

    /// <summary>Gets the values of a float32 tensor.</summary>
    /// <returns>The values in row-major order.</returns>
    /// <exception cref="InvalidOperationException">The tensor holds another element type.</exception>
    public ReadOnlySpan<float> AsFloat32() => _float32 ?? throw WrongType(CheckpointTensorType.Float32);

    /// <summary>Gets the values of a float64 tensor.</summary>
    /// <returns>The values in row-major order.</returns>
    /// <exception cref="InvalidOperationException">The tensor holds another element type.</exception>
    public ReadOnlySpan<double> AsFloat64() => _float64 ?? throw WrongType(CheckpointTensorType.Float64);

    /// <summary>Gets the values of an int64 tensor.</summary>
    /// <returns>The values in row-major order.</returns>
    /// <exception cref="InvalidOperationException">The tensor holds another element type.</exception>
    public ReadOnlySpan<long> AsInt64() => _int64 ?? throw WrongType(CheckpointTensorType.Int64);

    /// <summary>Tells whether the tensor has exactly this shape.</summary>
    /// <param name="shape">The expected dimensions.</param>
    /// <returns><see langword="true"/> when every dimension matches.</returns>
    public bool HasShape(ReadOnlySpan<int> shape) => Shape.AsSpan().SequenceEqual(shape);

    /// <summary>Compares name, type, shape and the values bit for bit, so NaN payloads and signed zeros count.</summary>
    /// <param name="other">The tensor to compare with.</param>
    /// <returns><see langword="true"/> when both tensors hold the same bits.</returns>
    public bool Equals(CheckpointTensor? other) =>
        other is not null
        && string.Equals(Name, other.Name, StringComparison.Ordinal)
        && ElementType == other.ElementType
        && HasShape(other.Shape.AsSpan())
        && RawBytes().SequenceEqual(other.RawBytes());

    /// <inheritdoc/>
    public override int GetHashCode() =>
        HashCode.Combine(StringComparer.Ordinal.GetHashCode(Name), ElementType, Length);

    /// <summary>Describes the tensor as its name, type and shape, such as <c>w1: float32 [64, 30]</c>.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => $"{Name}: {TypeName(ElementType)} {FormatShape(Shape.AsSpan())}";

    /// <summary>Gets the manifest's name for an element type.</summary>
    internal static string TypeName(CheckpointTensorType type) => type switch
    {
        CheckpointTensorType.Float32 => "float32",
        CheckpointTensorType.Float64 => "float64",
        CheckpointTensorType.Int64 => "int64",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown tensor element type."),
    };

    /// <summary>Parses the manifest's name for an element type.</summary>
    internal static bool TryParseTypeName(string name, out CheckpointTensorType type)
    {
        switch (name)
        {
            case "float32":
                type = CheckpointTensorType.Float32;
                return true;
            case "float64":
                type = CheckpointTensorType.Float64;
                return true;
            case "int64":
                type = CheckpointTensorType.Int64;
                return true;
            default:
                type = default;
                return false;
        }
    }

    /// <summary>Gets the size in bytes of one element of a type.</summary>
    internal static int ElementSizeOf(CheckpointTensorType type) => type == CheckpointTensorType.Float32 ? 4 : 8;

    /// <summary>Formats a shape as <c>[2, 3]</c>.</summary>
    internal static string FormatShape(ReadOnlySpan<int> shape)
    {
        var parts = new string[shape.Length];
        for (var i = 0; i < shape.Length; i++)
        {
            parts[i] = shape[i].ToString(CultureInfo.InvariantCulture);
        }

        return "[" + string.Join(", ", parts) + "]";
    }

    /// <summary>Makes a tensor from little-endian bytes, as stored in a file.</summary>
    internal static CheckpointTensor FromLittleEndian(
        string name, CheckpointTensorType type, ReadOnlySpan<int> shape, ReadOnlySpan<byte> bytes)
    {
        var count = bytes.Length / ElementSizeOf(type);
        switch (type)
        {
            case CheckpointTensorType.Float32:
                {
                    var values = new float[count];
                    var target = MemoryMarshal.AsBytes(values.AsSpan());
                    bytes.CopyTo(target);
                    if (!BitConverter.IsLittleEndian)
                    {
                        var asInts = MemoryMarshal.Cast<byte, int>(target);
                        BinaryPrimitives.ReverseEndianness(asInts, asInts);
                    }

                    return new CheckpointTensor(name, shape, values);
                }

            case CheckpointTensorType.Float64:
                {
                    var values = new double[count];
                    CopyEightByteValues(bytes, MemoryMarshal.AsBytes(values.AsSpan()));
                    return new CheckpointTensor(name, shape, values);
                }

            default:
                {
                    var values = new long[count];
                    CopyEightByteValues(bytes, MemoryMarshal.AsBytes(values.AsSpan()));
                    return new CheckpointTensor(name, shape, values);
                }
        }
    }

    /// <summary>Writes the values as little-endian bytes, as stored in a file.</summary>
    internal void WriteLittleEndian(Span<byte> destination)
    {
        var bytes = RawBytes();
        bytes.CopyTo(destination);
        if (!BitConverter.IsLittleEndian)
        {
            var target = destination[..bytes.Length];
            if (ElementSize == 4)
            {
                var asInts = MemoryMarshal.Cast<byte, int>(target);
                BinaryPrimitives.ReverseEndianness(asInts, asInts);
            }
            else
            {
                var asLongs = MemoryMarshal.Cast<byte, long>(target);
                BinaryPrimitives.ReverseEndianness(asLongs, asLongs);
            }
        }
    }

    /// <summary>Gets the values' bytes in the machine's own order.</summary>
    internal ReadOnlySpan<byte> RawBytes() => ElementType switch
    {
        CheckpointTensorType.Float32 => MemoryMarshal.AsBytes(_float32.AsSpan()),
        CheckpointTensorType.Float64 => MemoryMarshal.AsBytes(_float64.AsSpan()),
        _ => MemoryMarshal.AsBytes(_int64.AsSpan()),
    };

    private static void CopyEightByteValues(ReadOnlySpan<byte> source, Span<byte> target)
    {
        source.CopyTo(target);
        if (!BitConverter.IsLittleEndian)
        {
            var asLongs = MemoryMarshal.Cast<byte, long>(target);
            BinaryPrimitives.ReverseEndianness(asLongs, asLongs);
        }
    }

    private InvalidOperationException WrongType(CheckpointTensorType requested) =>
        new($"Tensor '{Name}' holds {TypeName(ElementType)} values, not {TypeName(requested)}.");
}

using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace AdPilot.Core.Agents.Dqn;

/// <summary>
/// The two small dense matrix products an MLP needs, on row-major float32 matrices. TensorPrimitives has no matrix
/// product, and one TensorPrimitives call per row-column pair is bound by call overhead at these sizes (rows of 5 to
/// 64), so these kernels keep four accumulators in registers and stream the shared operand once per block of rows.
/// </summary>
internal static class MatrixKernels
{
    /// <summary>
    /// C[i, j] += Σ_p A[i, p]·B[p, j] for an m×k matrix A read through strides, a row-major k×n matrix B and a
    /// row-major m×n matrix C. Strides let the same kernel read A or its transpose.
    /// </summary>
    /// <param name="a">The elements of A.</param>
    /// <param name="aRowStride">The distance between A[i, p] and A[i + 1, p].</param>
    /// <param name="aColStride">The distance between A[i, p] and A[i, p + 1].</param>
    /// <param name="b">B, row-major, k rows of n.</param>
    /// <param name="c">C, row-major, m rows of n; accumulated into.</param>
    /// <param name="m">Rows of A and C.</param>
    /// <param name="k">Columns of A, rows of B.</param>
    /// <param name="n">Columns of B and C.</param>
    public static void MultiplyAdd(
        ReadOnlySpan<float> a, int aRowStride, int aColStride, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n)
    {
        if (m == 0 || n == 0 || k == 0)
        {
            return;
        }

        if ((long)(m - 1) * aRowStride + ((long)(k - 1) * aColStride) >= a.Length || (long)k * n > b.Length
            || (long)m * n > c.Length)
        {
            throw new ArgumentException("A matrix span is shorter than its dimensions.");
        }

        ref var a0 = ref MemoryMarshal.GetReference(a);
        ref var b0 = ref MemoryMarshal.GetReference(b);
        ref var c0 = ref MemoryMarshal.GetReference(c);
        var width = Vector<float>.Count;
        var vectorEnd = Vector.IsHardwareAccelerated ? n - (n % width) : 0;

        var i = 0;
        for (; i + 4 <= m; i += 4)
        {
            ref var ar0 = ref Unsafe.Add(ref a0, i * aRowStride);
            ref var ar1 = ref Unsafe.Add(ref ar0, aRowStride);
            ref var ar2 = ref Unsafe.Add(ref ar1, aRowStride);
            ref var ar3 = ref Unsafe.Add(ref ar2, aRowStride);
            ref var cr0 = ref Unsafe.Add(ref c0, i * n);
            ref var cr1 = ref Unsafe.Add(ref cr0, n);
            ref var cr2 = ref Unsafe.Add(ref cr1, n);
            ref var cr3 = ref Unsafe.Add(ref cr2, n);
            for (var j = 0; j < vectorEnd; j += width)
            {
                var acc0 = Load(ref cr0, j);
                var acc1 = Load(ref cr1, j);
                var acc2 = Load(ref cr2, j);
                var acc3 = Load(ref cr3, j);
                for (var p = 0; p < k; p++)
                {
                    var bv = Load(ref b0, (p * n) + j);
                    var offset = p * aColStride;
                    acc0 += new Vector<float>(Unsafe.Add(ref ar0, offset)) * bv;
                    acc1 += new Vector<float>(Unsafe.Add(ref ar1, offset)) * bv;
                    acc2 += new Vector<float>(Unsafe.Add(ref ar2, offset)) * bv;
                    acc3 += new Vector<float>(Unsafe.Add(ref ar3, offset)) * bv;
                }

                Store(acc0, ref cr0, j);
                Store(acc1, ref cr1, j);
                Store(acc2, ref cr2, j);
                Store(acc3, ref cr3, j);
            }

            for (var j = vectorEnd; j < n; j++)
            {
                ScalarRow(ref ar0, aColStride, ref b0, ref cr0, k, n, j);
                ScalarRow(ref ar1, aColStride, ref b0, ref cr1, k, n, j);
                ScalarRow(ref ar2, aColStride, ref b0, ref cr2, k, n, j);
                ScalarRow(ref ar3, aColStride, ref b0, ref cr3, k, n, j);
            }
        }

        for (; i < m; i++)
        {
            ref var ar = ref Unsafe.Add(ref a0, i * aRowStride);
            ref var cr = ref Unsafe.Add(ref c0, i * n);
            for (var j = 0; j < vectorEnd; j += width)
            {
                var acc = Load(ref cr, j);
                for (var p = 0; p < k; p++)
                {
                    acc += new Vector<float>(Unsafe.Add(ref ar, p * aColStride)) * Load(ref b0, (p * n) + j);
                }

                Store(acc, ref cr, j);
            }

            for (var j = vectorEnd; j < n; j++)
            {
                ScalarRow(ref ar, aColStride, ref b0, ref cr, k, n, j);
            }
        }
    }

    /// <summary>
    /// C[i, j] += Σ_p A[i, p]·B[j, p] for row-major A (m×k), B (n×k) and C (m×n): the product with B transposed,
    /// as dot products of rows, which suits a narrow C such as an output layer of a handful of actions.
    /// </summary>
    /// <param name="a">A, row-major, m rows of k.</param>
    /// <param name="b">B, row-major, n rows of k.</param>
    /// <param name="c">C, row-major, m rows of n; accumulated into.</param>
    /// <param name="m">Rows of A and C.</param>
    /// <param name="k">Columns of A and B.</param>
    /// <param name="n">Rows of B, columns of C.</param>
    public static void MultiplyTransposedAdd(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n)
    {
        if (m == 0 || n == 0)
        {
            return;
        }

        if ((long)m * k > a.Length || (long)n * k > b.Length || (long)m * n > c.Length)
        {
            throw new ArgumentException("A matrix span is shorter than its dimensions.");
        }

        ref var a0 = ref MemoryMarshal.GetReference(a);
        ref var b0 = ref MemoryMarshal.GetReference(b);
        ref var c0 = ref MemoryMarshal.GetReference(c);
        var width = Vector<float>.Count;
        var vectorEnd = Vector.IsHardwareAccelerated ? k - (k % width) : 0;

        var i = 0;
        for (; i + 4 <= m; i += 4)
        {
            ref var ar0 = ref Unsafe.Add(ref a0, i * k);
            ref var ar1 = ref Unsafe.Add(ref ar0, k);
            ref var ar2 = ref Unsafe.Add(ref ar1, k);
            ref var ar3 = ref Unsafe.Add(ref ar2, k);
            for (var j = 0; j < n; j++)
            {
                ref var br = ref Unsafe.Add(ref b0, j * k);
                var acc0 = Vector<float>.Zero;
                var acc1 = Vector<float>.Zero;
                var acc2 = Vector<float>.Zero;
                var acc3 = Vector<float>.Zero;
                for (var p = 0; p < vectorEnd; p += width)
                {
                    var bv = Load(ref br, p);
                    acc0 += Load(ref ar0, p) * bv;
                    acc1 += Load(ref ar1, p) * bv;
                    acc2 += Load(ref ar2, p) * bv;
                    acc3 += Load(ref ar3, p) * bv;
                }

                var s0 = Vector.Sum(acc0);
                var s1 = Vector.Sum(acc1);
                var s2 = Vector.Sum(acc2);
                var s3 = Vector.Sum(acc3);
                for (var p = vectorEnd; p < k; p++)
                {
                    var bp = Unsafe.Add(ref br, p);
                    s0 += Unsafe.Add(ref ar0, p) * bp;
                    s1 += Unsafe.Add(ref ar1, p) * bp;
                    s2 += Unsafe.Add(ref ar2, p) * bp;
                    s3 += Unsafe.Add(ref ar3, p) * bp;
                }

                ref var cij = ref Unsafe.Add(ref c0, (i * n) + j);
                cij += s0;
                Unsafe.Add(ref cij, n) += s1;
                Unsafe.Add(ref cij, 2 * n) += s2;
                Unsafe.Add(ref cij, 3 * n) += s3;
            }
        }

        for (; i < m; i++)
        {
            ref var ar = ref Unsafe.Add(ref a0, i * k);
            for (var j = 0; j < n; j++)
            {
                ref var br = ref Unsafe.Add(ref b0, j * k);
                var acc = Vector<float>.Zero;
                for (var p = 0; p < vectorEnd; p += width)
                {
                    acc += Load(ref ar, p) * Load(ref br, p);
                }

                var sum = Vector.Sum(acc);
                for (var p = vectorEnd; p < k; p++)
                {
                    sum += Unsafe.Add(ref ar, p) * Unsafe.Add(ref br, p);
                }

                Unsafe.Add(ref c0, (i * n) + j) += sum;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ScalarRow(ref float aRow, int aColStride, ref float b0, ref float cRow, int k, int n, int j)
    {
        var sum = 0f;
        for (var p = 0; p < k; p++)
        {
            sum += Unsafe.Add(ref aRow, p * aColStride) * Unsafe.Add(ref b0, (p * n) + j);
        }

        Unsafe.Add(ref cRow, j) += sum;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<float> Load(ref float origin, int offset) =>
        Unsafe.ReadUnaligned<Vector<float>>(ref Unsafe.As<float, byte>(ref Unsafe.Add(ref origin, offset)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Vector<float> value, ref float origin, int offset) =>
        Unsafe.WriteUnaligned(ref Unsafe.As<float, byte>(ref Unsafe.Add(ref origin, offset)), value);
}

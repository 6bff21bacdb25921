using AdPilot.Core.Agents.Dqn;
using AdPilot.Core.Simulation;

namespace AdPilot.Core.Tests.Agents.Dqn;

public sealed class MatrixKernelsTests
{
    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(5, 3, 7)]
    [InlineData(9, 17, 33)]
    [InlineData(64, 64, 5)]
    [InlineData(4, 64, 64)]
    public void MultiplyAdd_PlainAndTransposedA_MatchesNaiveLoop(int m, int k, int n)
    {
        var rng = new Rng((ulong)((m * 1000) + (k * 10) + n));
        var a = Random(ref rng, m * k);
        var b = Random(ref rng, k * n);
        var c = Random(ref rng, m * n);
        var plain = c.ToArray();
        var transposed = c.ToArray();
        var aTransposed = new float[k * m];
        for (var i = 0; i < m; i++)
        {
            for (var p = 0; p < k; p++)
            {
                aTransposed[(p * m) + i] = a[(i * k) + p];
            }
        }

        MatrixKernels.MultiplyAdd(a, k, 1, b, plain, m, k, n);
        MatrixKernels.MultiplyAdd(aTransposed, 1, m, b, transposed, m, k, n);

        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                double expected = c[(i * n) + j];
                for (var p = 0; p < k; p++)
                {
                    expected += (double)a[(i * k) + p] * b[(p * n) + j];
                }

                Assert.Equal(expected, plain[(i * n) + j], 1e-4);
                Assert.Equal(expected, transposed[(i * n) + j], 1e-4);
            }
        }
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(5, 3, 7)]
    [InlineData(9, 17, 33)]
    [InlineData(64, 64, 5)]
    public void MultiplyTransposedAdd_MatchesNaiveLoop(int m, int k, int n)
    {
        var rng = new Rng((ulong)((m * 1000) + (k * 10) + n + 1));
        var a = Random(ref rng, m * k);
        var b = Random(ref rng, n * k);
        var c = Random(ref rng, m * n);
        var result = c.ToArray();

        MatrixKernels.MultiplyTransposedAdd(a, b, result, m, k, n);

        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                double expected = c[(i * n) + j];
                for (var p = 0; p < k; p++)
                {
                    expected += (double)a[(i * k) + p] * b[(j * k) + p];
                }

                Assert.Equal(expected, result[(i * n) + j], 1e-4);
            }
        }
    }

    private static float[] Random(ref Rng rng, int length)
    {
        var values = new float[length];
        for (var i = 0; i < length; i++)
        {
            values[i] = (float)rng.NextNormal();
        }

        return values;
    }
}

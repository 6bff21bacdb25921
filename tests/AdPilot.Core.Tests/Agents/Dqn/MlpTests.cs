using AdPilot.Core.Agents.Dqn;
using AdPilot.Core.Simulation;

namespace AdPilot.Core.Tests.Agents.Dqn;

public sealed class MlpTests
{
    private const double Step = 1e-6;

    [Fact]
    public void Backward_RandomNetworks_MatchesCentralDifferenceOfHuberLoss()
    {
        var checkedCount = 0;
        var skipped = 0;
        for (ulong seed = 1; seed <= 24; seed++)
        {
            var rng = new Rng(seed);
            var inputSize = 1 + rng.NextInt(6);
            int[] hidden = rng.NextInt(3) switch
            {
                0 => [],
                1 => [1 + rng.NextInt(9)],
                _ => [1 + rng.NextInt(9), 1 + rng.NextInt(9)],
            };
            var outputSize = 1 + rng.NextInt(4);
            var batchSize = 1 + rng.NextInt(6);
            var delta = (float)rng.Uniform(0.3, 2.0);
            var net = new Mlp(inputSize, hidden, outputSize, batchSize);
            net.InitializeHe(ref rng);
            foreach (ref var p in net.Parameters)
            {
                // He starts biases at zero; random biases exercise their gradient too.
                p += (float)(0.1 * rng.NextNormal());
            }

            var inputs = RandomArray(ref rng, batchSize * inputSize, 1.5);
            var targets = RandomArray(ref rng, batchSize, 2.0);
            var actions = new int[batchSize];
            for (var b = 0; b < batchSize; b++)
            {
                actions[b] = rng.NextInt(outputSize);
            }

            var q = net.Forward(inputs, batchSize);
            var outputGradients = new float[batchSize * outputSize];
            var loss = HuberLoss.ChosenActionLoss(q, outputSize, actions, targets, delta, outputGradients);
            net.ZeroGradients();
            net.Backward(outputGradients);

            var parameters = net.Parameters.ToArray().Select(p => (double)p).ToArray();
            var (referenceLoss, _) = ReferenceLoss(net, parameters, inputs, batchSize, actions, targets, delta);
            Assert.Equal(referenceLoss, loss, 1e-4);

            var analytic = net.Gradients.ToArray();
            for (var i = 0; i < parameters.Length; i++)
            {
                var original = parameters[i];
                parameters[i] = original + Step;
                var (up, kinkUp) = ReferenceLoss(net, parameters, inputs, batchSize, actions, targets, delta);
                parameters[i] = original - Step;
                var (down, kinkDown) = ReferenceLoss(net, parameters, inputs, batchSize, actions, targets, delta);
                parameters[i] = original;
                if (Math.Min(kinkUp, kinkDown) < 100 * Step)
                {
                    // A ReLU or the Huber switch sits inside the stencil: the difference quotient is not a derivative there.
                    skipped++;
                    continue;
                }

                var numeric = (up - down) / (2 * Step);
                var tolerance = 2e-5 + (1e-3 * Math.Abs(numeric));
                Assert.True(
                    Math.Abs(analytic[i] - numeric) <= tolerance,
                    $"seed {seed}, parameter {i}: analytic {analytic[i]}, numeric {numeric}");
                checkedCount++;
            }
        }

        Assert.True(checkedCount > 1000, $"only {checkedCount} parameters checked");
        Assert.True(skipped * 50 < checkedCount, $"{skipped} parameters skipped at kinks");
    }

    [Fact]
    public void Backward_CalledTwice_AccumulatesGradients()
    {
        var net = NewNetwork(3, [4], 2, 2, seed: 5);
        float[] inputs = [0.5f, -1f, 2f, 1f, 0.3f, -0.7f];
        float[] outputGradients = [0.1f, -0.2f, 0.3f, 0.05f];
        net.Forward(inputs, 2);
        net.ZeroGradients();
        net.Backward(outputGradients);
        var once = net.Gradients.ToArray();
        net.Backward(outputGradients);

        var twice = net.Gradients.ToArray();
        for (var i = 0; i < once.Length; i++)
        {
            Assert.Equal(2 * once[i], twice[i], 1e-6f);
        }
    }

    [Fact]
    public void ForwardBackward_AfterWarmUp_AllocatesNothing()
    {
        var net = NewNetwork(16, [64, 64], 5, 64, seed: 3);
        var rng = new Rng(9);
        var inputs = RandomArray(ref rng, 64 * 16, 1);
        var outputGradients = RandomArray(ref rng, 64 * 5, 1);
        net.Forward(inputs, 64);
        net.Backward(outputGradients);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10; i++)
        {
            net.Forward(inputs, 64);
            net.ZeroGradients();
            net.Backward(outputGradients);
        }

        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    [Fact]
    public void InitializeHe_WideLayer_HasVarianceTwoOverFanInAndZeroBiases()
    {
        var net = NewNetwork(200, [300], 1, 1, seed: 11);

        var weights = net.Weights(0).ToArray();
        var variance = weights.Select(w => (double)w * w).Average();
        Assert.Equal(2.0 / 200, variance, 0.0005);
        Assert.All(net.Biases(0).ToArray(), b => Assert.Equal(0f, b));
        Assert.Equal((200 * 300) + 300 + 300 + 1, net.ParameterCount);
    }

    [Fact]
    public void InitializeHe_SameSeed_SameParameters()
    {
        var a = NewNetwork(4, [8, 8], 3, 1, seed: 42);
        var b = NewNetwork(4, [8, 8], 3, 1, seed: 42);
        var c = NewNetwork(4, [8, 8], 3, 1, seed: 43);

        Assert.True(a.Parameters.SequenceEqual(b.Parameters));
        Assert.False(a.Parameters.SequenceEqual(c.Parameters));
    }

    [Fact]
    public void CopyParametersFrom_SameShape_GivesSameOutputs()
    {
        var online = NewNetwork(3, [5], 2, 1, seed: 1);
        var target = NewNetwork(3, [5], 2, 1, seed: 2);
        float[] x = [0.2f, -0.4f, 1.1f];

        target.CopyParametersFrom(online);

        Assert.Equal(online.Forward(x, 1).ToArray(), target.Forward(x, 1).ToArray());
        Assert.Throws<ArgumentException>(() => target.CopyParametersFrom(NewNetwork(3, [6], 2, 1, seed: 1)));
    }

    [Fact]
    public void BlendParametersFrom_Tau_MovesThatFractionOfTheWay()
    {
        var online = NewNetwork(2, [3], 1, 1, seed: 1);
        var target = NewNetwork(2, [3], 1, 1, seed: 2);
        var before = target.Parameters.ToArray();

        target.BlendParametersFrom(online, 0.25f);

        for (var i = 0; i < before.Length; i++)
        {
            Assert.Equal(before[i] + (0.25f * (online.Parameters[i] - before[i])), target.Parameters[i], 1e-6f);
        }
    }

    [Fact]
    public void AdamTraining_SmallRegression_CutsLossByFiftyTimes()
    {
        // y = sin(x1) + x2² on [−2, 2]²: smooth, non-linear in both inputs.
        const int batchSize = 64;
        var net = NewNetwork(2, [32, 32], 1, batchSize, seed: 7);
        var adam = new Adam(net.ParameterCount, new AdamOptions { LearningRate = 3e-3f });
        var rng = new Rng(8);
        var inputs = new float[batchSize * 2];
        var targets = new float[batchSize];
        var gradient = new float[batchSize];

        double MeanSquaredError(ref Rng evalRng)
        {
            var total = 0.0;
            for (var round = 0; round < 8; round++)
            {
                FillBatch(ref evalRng, inputs, targets);
                var y = net.Forward(inputs, batchSize);
                for (var b = 0; b < batchSize; b++)
                {
                    total += (y[b] - targets[b]) * (y[b] - targets[b]);
                }
            }

            return total / (8 * batchSize);
        }

        var evalSeed = new Rng(99);
        var initial = MeanSquaredError(ref evalSeed);
        for (var step = 0; step < 3000; step++)
        {
            FillBatch(ref rng, inputs, targets);
            var y = net.Forward(inputs, batchSize);
            for (var b = 0; b < batchSize; b++)
            {
                gradient[b] = 2 * (y[b] - targets[b]) / batchSize;
            }

            net.ZeroGradients();
            net.Backward(gradient);
            adam.Update(net.Parameters, net.Gradients);
        }

        evalSeed = new Rng(99);
        var final = MeanSquaredError(ref evalSeed);
        Assert.True(final * 50 < initial, $"MSE {initial} → {final}");
    }

    private static void FillBatch(ref Rng rng, float[] inputs, float[] targets)
    {
        for (var b = 0; b < targets.Length; b++)
        {
            var x1 = rng.Uniform(-2, 2);
            var x2 = rng.Uniform(-2, 2);
            inputs[2 * b] = (float)x1;
            inputs[(2 * b) + 1] = (float)x2;
            targets[b] = (float)(Math.Sin(x1) + (x2 * x2));
        }
    }

    private static Mlp NewNetwork(int inputs, int[] hidden, int outputs, int batch, ulong seed)
    {
        var net = new Mlp(inputs, hidden, outputs, batch);
        var rng = new Rng(seed);
        net.InitializeHe(ref rng);
        return net;
    }

    private static float[] RandomArray(ref Rng rng, int length, double scale)
    {
        var values = new float[length];
        for (var i = 0; i < length; i++)
        {
            values[i] = (float)(scale * rng.NextNormal());
        }

        return values;
    }

    /// <summary>
    /// The loss by a plain double-precision forward pass over the same parameter layout, and the distance of the
    /// nearest pre-activation or TD error from a kink of the loss.
    /// </summary>
    private static (double Loss, double KinkDistance) ReferenceLoss(
        Mlp net, double[] parameters, float[] inputs, int batchSize, int[] actions, float[] targets, double delta)
    {
        var kink = double.PositiveInfinity;
        var total = 0.0;
        for (var b = 0; b < batchSize; b++)
        {
            var activation = inputs.Skip(b * net.InputSize).Take(net.InputSize).Select(x => (double)x).ToArray();
            var offset = 0;
            for (var l = 0; l < net.LayerCount; l++)
            {
                var fanIn = net.LayerWidth(l);
                var fanOut = net.LayerWidth(l + 1);
                var next = new double[fanOut];
                for (var o = 0; o < fanOut; o++)
                {
                    var z = parameters[offset + (fanIn * fanOut) + o];
                    for (var i = 0; i < fanIn; i++)
                    {
                        z += parameters[offset + (o * fanIn) + i] * activation[i];
                    }

                    if (l < net.LayerCount - 1)
                    {
                        kink = Math.Min(kink, Math.Abs(z));
                        z = Math.Max(z, 0);
                    }

                    next[o] = z;
                }

                offset += (fanIn * fanOut) + fanOut;
                activation = next;
            }

            var error = activation[actions[b]] - targets[b];
            kink = Math.Min(kink, Math.Abs(Math.Abs(error) - delta));
            total += Math.Abs(error) <= delta ? 0.5 * error * error : delta * (Math.Abs(error) - (0.5 * delta));
        }

        return (total / batchSize, kink);
    }
}

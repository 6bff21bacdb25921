using System.Numerics;
using System.Numerics.Tensors;
using AdPilot.Core.Simulation;

namespace AdPilot.Core.Agents.Dqn;

/// <summary>
/// A multilayer perceptron of dense layers with ReLU hidden activations and a linear output, float32 throughout,
/// evaluated a batch at a time. All parameters live in one flat array (per layer: weights as out×in row-major,
/// then biases), and so do their gradients, so the optimiser, the clipper and a checkpoint each see one span.
/// Work buffers are sized for <see cref="MaxBatchSize"/> when the network is built: a forward and backward pass
/// allocate nothing.
/// </summary>
public sealed class Mlp
{
    private readonly int[] _sizes;
    private readonly int[] _weightOffsets;
    private readonly int[] _biasOffsets;
    private readonly float[] _parameters;
    private readonly float[] _gradients;

    // _activations[0] is a copy of the input; _activations[l + 1] is the output of layer l (after ReLU if hidden).
    private readonly float[][] _activations;
    private readonly float[] _deltaA;
    private readonly float[] _deltaB;
    private int _lastBatchSize;

    /// <summary>Initializes a new instance of the <see cref="Mlp"/> class with all parameters zero.</summary>
    /// <param name="inputSize">The number of input features.</param>
    /// <param name="hiddenSizes">The width of each hidden layer, input side first; may be empty.</param>
    /// <param name="outputSize">The number of outputs (one Q-value per action).</param>
    /// <param name="maxBatchSize">The largest batch <see cref="Forward"/> will be given.</param>
    public Mlp(int inputSize, ReadOnlySpan<int> hiddenSizes, int outputSize, int maxBatchSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatchSize, 1);

        _sizes = new int[hiddenSizes.Length + 2];
        _sizes[0] = inputSize;
        for (var i = 0; i < hiddenSizes.Length; i++)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(hiddenSizes[i], 1, nameof(hiddenSizes));
            _sizes[i + 1] = hiddenSizes[i];
        }

        _sizes[^1] = outputSize;
        var layers = _sizes.Length - 1;
        _weightOffsets = new int[layers];
        _biasOffsets = new int[layers];
        var offset = 0;
        var widest = 0;
        for (var l = 0; l < layers; l++)
        {
            _weightOffsets[l] = offset;
            offset += _sizes[l] * _sizes[l + 1];
            _biasOffsets[l] = offset;
            offset += _sizes[l + 1];
            widest = Math.Max(widest, Math.Max(_sizes[l], _sizes[l + 1]));
        }

        _parameters = new float[offset];
        _gradients = new float[offset];
        _activations = new float[_sizes.Length][];
        for (var l = 0; l < _sizes.Length; l++)
        {
            _activations[l] = new float[maxBatchSize * _sizes[l]];
        }

        _deltaA = new float[maxBatchSize * widest];
        _deltaB = new float[maxBatchSize * widest];
        MaxBatchSize = maxBatchSize;
    }

    /// <summary>Gets the number of input features.</summary>
    public int InputSize => _sizes[0];

    /// <summary>Gets the number of outputs.</summary>
    public int OutputSize => _sizes[^1];

    /// <summary>Gets the number of dense layers (hidden layers plus the output layer).</summary>
    public int LayerCount => _sizes.Length - 1;

    /// <summary>Gets the largest batch the work buffers hold.</summary>
    public int MaxBatchSize { get; }

    /// <summary>Gets the total number of weights and biases.</summary>
    public int ParameterCount => _parameters.Length;

    /// <summary>Gets all parameters, layer by layer (weights out×in row-major, then biases): the span a checkpoint saves.</summary>
    public Span<float> Parameters => _parameters;

    /// <summary>Gets the gradient buffer, laid out like <see cref="Parameters"/>; <see cref="Backward"/> adds into it.</summary>
    public Span<float> Gradients => _gradients;

    /// <summary>The width of a layer boundary: 0 is the input, <see cref="LayerCount"/> the output.</summary>
    /// <param name="index">The boundary, from 0 to <see cref="LayerCount"/>.</param>
    /// <returns>The number of units there.</returns>
    public int LayerWidth(int index) => _sizes[index];

    /// <summary>The weights of one layer, out×in row-major, inside <see cref="Parameters"/>.</summary>
    /// <param name="layer">The layer, from 0.</param>
    /// <returns>The weights.</returns>
    public Span<float> Weights(int layer) => _parameters.AsSpan(_weightOffsets[layer], _sizes[layer] * _sizes[layer + 1]);

    /// <summary>The biases of one layer inside <see cref="Parameters"/>.</summary>
    /// <param name="layer">The layer, from 0.</param>
    /// <returns>The biases.</returns>
    public Span<float> Biases(int layer) => _parameters.AsSpan(_biasOffsets[layer], _sizes[layer + 1]);

    /// <summary>
    /// He (Kaiming) initialisation: weights normal with variance 2 / fan-in, which keeps the activation scale steady
    /// through ReLU layers; biases zero.
    /// </summary>
    /// <param name="rng">The seeded generator the weights are drawn from.</param>
    public void InitializeHe(ref Rng rng)
    {
        for (var l = 0; l < LayerCount; l++)
        {
            var std = Math.Sqrt(2.0 / _sizes[l]);
            var weights = Weights(l);
            for (var i = 0; i < weights.Length; i++)
            {
                weights[i] = (float)(std * rng.NextNormal());
            }

            Biases(l).Clear();
        }
    }

    /// <summary>Copies every parameter of another network of the same shape: the hard update of a target network.</summary>
    /// <param name="other">The network to copy.</param>
    public void CopyParametersFrom(Mlp other)
    {
        ArgumentNullException.ThrowIfNull(other);
        EnsureSameShape(other);
        other._parameters.AsSpan().CopyTo(_parameters);
    }

    /// <summary>
    /// Moves every parameter a fraction of the way towards another network's: θ ← θ + τ(θ_other − θ), the Polyak
    /// update of a target network.
    /// </summary>
    /// <param name="other">The network to follow.</param>
    /// <param name="tau">The fraction, in [0, 1]; 1 copies.</param>
    public void BlendParametersFrom(Mlp other, float tau)
    {
        ArgumentNullException.ThrowIfNull(other);
        EnsureSameShape(other);
        TensorPrimitives.Lerp(_parameters, other._parameters, tau, _parameters);
    }

    /// <summary>Sets every gradient to zero.</summary>
    public void ZeroGradients() => Array.Clear(_gradients);

    /// <summary>
    /// Evaluates the network on a batch and keeps the activations for <see cref="Backward"/>.
    /// </summary>
    /// <param name="inputs">The batch, row-major: <paramref name="batchSize"/> rows of <see cref="InputSize"/>.</param>
    /// <param name="batchSize">The number of rows, at most <see cref="MaxBatchSize"/>.</param>
    /// <returns>
    /// The outputs, row-major: <paramref name="batchSize"/> rows of <see cref="OutputSize"/>. The span is a view of a
    /// work buffer and is overwritten by the next call.
    /// </returns>
    public ReadOnlySpan<float> Forward(ReadOnlySpan<float> inputs, int batchSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(batchSize, MaxBatchSize);
        ArgumentOutOfRangeException.ThrowIfLessThan(inputs.Length, batchSize * InputSize, nameof(inputs));

        inputs[..(batchSize * InputSize)].CopyTo(_activations[0]);
        for (var l = 0; l < LayerCount; l++)
        {
            var fanIn = _sizes[l];
            var fanOut = _sizes[l + 1];
            var input = _activations[l].AsSpan(0, batchSize * fanIn);
            var output = _activations[l + 1].AsSpan(0, batchSize * fanOut);
            ReadOnlySpan<float> bias = Biases(l);
            for (var b = 0; b < batchSize; b++)
            {
                bias.CopyTo(output.Slice(b * fanOut, fanOut));
            }

            MatrixKernels.MultiplyTransposedAdd(input, Weights(l), output, batchSize, fanIn, fanOut);
            if (l < LayerCount - 1)
            {
                TensorPrimitives.Max(output, 0f, output);
            }
        }

        _lastBatchSize = batchSize;
        return _activations[^1].AsSpan(0, batchSize * OutputSize);
    }

    /// <summary>
    /// Back-propagates the gradient of a loss with respect to the outputs of the last <see cref="Forward"/> call and
    /// adds the parameter gradients into <see cref="Gradients"/> (call <see cref="ZeroGradients"/> first for a fresh step).
    /// </summary>
    /// <param name="outputGradients">
    /// dLoss/dOutput, row-major, one row of <see cref="OutputSize"/> per row of the last batch.
    /// </param>
    public void Backward(ReadOnlySpan<float> outputGradients)
    {
        var batchSize = _lastBatchSize;
        if (batchSize == 0)
        {
            throw new InvalidOperationException("Backward needs a Forward pass first.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(outputGradients.Length, batchSize * OutputSize, nameof(outputGradients));

        var current = _deltaA;
        var spare = _deltaB;
        var delta = current.AsSpan(0, batchSize * OutputSize);
        outputGradients[..delta.Length].CopyTo(delta);
        for (var l = LayerCount - 1; l >= 0; l--)
        {
            var fanIn = _sizes[l];
            var fanOut = _sizes[l + 1];
            ReadOnlySpan<float> input = _activations[l].AsSpan(0, batchSize * fanIn);

            // dW = δᵀ·X: δ read transposed (row stride 1, column stride fanOut).
            var weightGradients = _gradients.AsSpan(_weightOffsets[l], fanIn * fanOut);
            MatrixKernels.MultiplyAdd(delta, 1, fanOut, input, weightGradients, fanOut, batchSize, fanIn);

            var biasGradients = _gradients.AsSpan(_biasOffsets[l], fanOut);
            for (var b = 0; b < batchSize; b++)
            {
                TensorPrimitives.Add(biasGradients, delta.Slice(b * fanOut, fanOut), biasGradients);
            }

            if (l == 0)
            {
                break;
            }

            // δ_prev = (δ·W) ⊙ ReLU'(z): the ReLU output is positive exactly where its input was.
            var previous = spare.AsSpan(0, batchSize * fanIn);
            previous.Clear();
            MatrixKernels.MultiplyAdd(delta, fanOut, 1, Weights(l), previous, batchSize, fanOut, fanIn);
            MaskByPositive(previous, input);
            (current, spare) = (spare, current);
            delta = previous;
        }
    }

    private static void MaskByPositive(Span<float> values, ReadOnlySpan<float> activations)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var width = Vector<float>.Count;
            for (; i + width <= values.Length; i += width)
            {
                var v = new Vector<float>(values[i..]);
                var keep = Vector.GreaterThan(new Vector<float>(activations[i..]), Vector<float>.Zero);
                Vector.ConditionalSelect(keep, v, Vector<float>.Zero).CopyTo(values[i..]);
            }
        }

        for (; i < values.Length; i++)
        {
            if (!(activations[i] > 0))
            {
                values[i] = 0;
            }
        }
    }

    private void EnsureSameShape(Mlp other)
    {
        if (!_sizes.AsSpan().SequenceEqual(other._sizes))
        {
            throw new ArgumentException("The networks have different shapes.", nameof(other));
        }
    }
}

using Mario.Inference.SafeTensors;

namespace Mario.Inference;

/// <summary>
/// A linear layer (C -> 1) on the final-normed hidden state of the last token, then an activation into [-1, 1].
/// Tensor layouts recognised, in order: <c>v_head.summary.weight/bias</c> (Super_MARIO and trl's ValueHead),
/// <c>v_head.weight/bias</c>, and <c>score.weight</c> (+ optional <c>score.bias</c>, Hugging Face's sequence
/// classification head used by PRMs); weight of shape (1, C) or (C).
/// </summary>
public sealed class ValueHead
{
    /// <summary>The separate file Super_MARIO's checkpoints would carry, converted to safetensors.</summary>
    public const string FileName = "value_head.safetensors";

    private static readonly (string Weight, string Bias)[] Layouts =
    [
        ("v_head.summary.weight", "v_head.summary.bias"),
        ("v_head.weight", "v_head.bias"),
        ("score.weight", "score.bias"),
    ];

    /// <summary>Creates a head from its parameters.</summary>
    public ValueHead(float[] weight, float bias, ValueHeadActivation activation)
    {
        Weight = weight;
        Bias = bias;
        Activation = activation;
    }

    /// <summary>(C) weight.</summary>
    public float[] Weight { get; }

    /// <summary>Scalar bias (0 when the checkpoint has none).</summary>
    public float Bias { get; }

    /// <summary>Activation into [-1, 1].</summary>
    public ValueHeadActivation Activation { get; }

    /// <summary>Reads the head from <paramref name="checkpoint"/> if one of the known layouts is present, else null.</summary>
    /// <exception cref="InvalidDataException">The head's shape does not match <paramref name="hiddenSize"/>.</exception>
    public static ValueHead? TryLoad(SafeTensorsCheckpoint checkpoint, int hiddenSize, ValueHeadActivation activation)
    {
        foreach (var (weightName, biasName) in Layouts)
        {
            if (!checkpoint.Contains(weightName))
            {
                continue;
            }

            var w = checkpoint.ReadSingle(weightName);
            if (w.Length != hiddenSize)
            {
                throw new InvalidDataException($"value head '{weightName}' has {w.Length} weights; the model's hidden size is {hiddenSize} (expected shape [1, {hiddenSize}])");
            }

            var bias = 0f;
            if (checkpoint.Contains(biasName))
            {
                var b = checkpoint.ReadSingle(biasName);
                bias = b.Length == 1 ? b[0] : throw new InvalidDataException($"value head bias '{biasName}' has {b.Length} elements; expected 1");
            }

            return new ValueHead(w, bias, activation);
        }

        return null;
    }

    /// <summary>The value in [-1, 1] of a final hidden state of length C.</summary>
    public double Score(ReadOnlySpan<float> hidden)
    {
        double z = System.Numerics.Tensors.TensorPrimitives.Dot(hidden, Weight) + Bias;
        return Activation == ValueHeadActivation.Tanh ? Math.Tanh(z) : 2.0 / (1.0 + Math.Exp(-z)) - 1.0;
    }
}

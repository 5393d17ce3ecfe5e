namespace Mario.Inference.Transformer;

/// <summary>The <c>rope_scaling</c> block of config.json.</summary>
/// <param name="Kind">Which rule.</param>
/// <param name="Factor">Scale factor, at least 1.</param>
/// <param name="LowFreqFactor">llama3 only: wavelengths above original/low are fully scaled.</param>
/// <param name="HighFreqFactor">llama3 only: wavelengths below original/high are left alone.</param>
/// <param name="OriginalMaxPositions">llama3 only: the context length the model was trained at.</param>
public sealed record RopeScaling(RopeScalingKind Kind, double Factor, double LowFreqFactor = 1, double HighFreqFactor = 4, int OriginalMaxPositions = 8192)
{
    /// <summary>No scaling.</summary>
    public static RopeScaling None { get; } = new(RopeScalingKind.None, 1);

    /// <summary>
    /// The (headDim/2) inverse frequencies theta^(-2i/headDim), rescaled by this rule; computed in float32 like
    /// Hugging Face's rotary embedding so the angles match its reference to the last bit or two.
    /// </summary>
    public float[] InverseFrequencies(int headDim, double theta)
    {
        var half = headDim / 2;
        var inv = new float[half];
        for (var i = 0; i < half; i++)
        {
            var exponent = (float)(2 * i) / headDim;
            inv[i] = (float)(1.0 / Math.Pow(theta, exponent));
        }

        switch (Kind)
        {
            case RopeScalingKind.Linear:
                for (var i = 0; i < half; i++)
                {
                    inv[i] = (float)(inv[i] / Factor);
                }

                break;
            case RopeScalingKind.Llama3:
                var lowWavelen = OriginalMaxPositions / LowFreqFactor;
                var highWavelen = OriginalMaxPositions / HighFreqFactor;
                for (var i = 0; i < half; i++)
                {
                    double f = inv[i];
                    var wavelen = 2 * Math.PI / f;
                    if (wavelen > lowWavelen)
                    {
                        f /= Factor;
                    }
                    else if (wavelen >= highWavelen)
                    {
                        var smooth = (OriginalMaxPositions / wavelen - LowFreqFactor) / (HighFreqFactor - LowFreqFactor);
                        f = (1 - smooth) * f / Factor + smooth * f;
                    }

                    inv[i] = (float)f;
                }

                break;
        }

        return inv;
    }
}

namespace Mario.Inference.Transformer;

/// <summary>How a weight matrix is held in memory; the matmul widens bf16 to float32 on the fly.</summary>
public enum WeightFormat
{
    /// <summary>float32, 4 bytes per weight (F32 and F16 checkpoints).</summary>
    F32,

    /// <summary>bfloat16, 2 bytes per weight (BF16 checkpoints, kept as stored: half the memory traffic).</summary>
    BF16,
}

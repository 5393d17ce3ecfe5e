namespace Mario.Inference.SafeTensors;

/// <summary>The element types the engine reads from a safetensors file.</summary>
public enum SafeTensorDType
{
    /// <summary>IEEE 754 binary32, 4 bytes.</summary>
    F32,

    /// <summary>IEEE 754 binary16, 2 bytes.</summary>
    F16,

    /// <summary>bfloat16 (the upper half of a binary32), 2 bytes.</summary>
    BF16,
}

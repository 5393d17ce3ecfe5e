namespace Mario.Inference.SafeTensors;

/// <summary>One tensor's entry in a safetensors header, already checked against the file.</summary>
/// <param name="Name">The tensor's name, e.g. <c>model.layers.0.self_attn.q_proj.weight</c>.</param>
/// <param name="DType">Element type.</param>
/// <param name="Shape">Dimensions, outermost first; empty for a scalar.</param>
/// <param name="DataBegin">Start of the data in bytes, relative to the data section (after the header).</param>
/// <param name="DataEnd">End (exclusive) of the data in bytes, relative to the data section.</param>
public sealed record SafeTensorInfo(string Name, SafeTensorDType DType, IReadOnlyList<long> Shape, long DataBegin, long DataEnd)
{
    /// <summary>Number of elements (product of <see cref="Shape"/>; 1 for a scalar).</summary>
    public long ElementCount
    {
        get
        {
            long n = 1;
            foreach (var d in Shape)
            {
                n *= d;
            }

            return n;
        }
    }

    /// <summary>Bytes per element of <paramref name="dtype"/>.</summary>
    public static int ElementSize(SafeTensorDType dtype) => dtype == SafeTensorDType.F32 ? 4 : 2;
}

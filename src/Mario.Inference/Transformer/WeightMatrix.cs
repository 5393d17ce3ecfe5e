using System.Runtime.InteropServices;
using Mario.Inference.SafeTensors;

namespace Mario.Inference.Transformer;

/// <summary>
/// A read-only (Rows, Cols) row-major weight matrix in 64-byte-aligned native memory, in float32 or bfloat16.
/// BF16 checkpoints stay bf16 (decode is bound by memory traffic, so half the bytes is up to twice the speed);
/// F16 checkpoints are widened to float32 once at load.
/// </summary>
public sealed unsafe class WeightMatrix : IDisposable
{
    private void* _data;

    private WeightMatrix(int rows, int cols, WeightFormat format)
    {
        Rows = rows;
        Cols = cols;
        Format = format;
        _data = NativeMemory.AlignedAlloc((nuint)ByteSize, 64);
    }

    /// <summary>Output features (rows).</summary>
    public int Rows { get; }

    /// <summary>Input features (columns).</summary>
    public int Cols { get; }

    /// <summary>Element format in memory.</summary>
    public WeightFormat Format { get; }

    /// <summary>Bytes held, Rows * Cols * (4 or 2); what one matmul reads from memory.</summary>
    public long ByteSize => (long)Rows * Cols * (Format == WeightFormat.F32 ? 4 : 2);

    /// <summary>Start of the data (float* for F32, ushort* for BF16).</summary>
    internal void* Data => _data != null ? _data : throw new ObjectDisposedException(nameof(WeightMatrix));

    /// <summary>Copies tensor <paramref name="name"/> of shape (<paramref name="rows"/>, <paramref name="cols"/>) out of the checkpoint.</summary>
    /// <exception cref="InvalidDataException">The tensor's shape differs from the configuration's.</exception>
    public static WeightMatrix Load(SafeTensorsCheckpoint checkpoint, string name, int rows, int cols)
    {
        var info = checkpoint.Info(name);
        if (info.Shape.Count != 2 || info.Shape[0] != rows || info.Shape[1] != cols)
        {
            throw new InvalidDataException($"tensor '{name}' has shape [{string.Join(", ", info.Shape)}]; config.json implies [{rows}, {cols}]");
        }

        var bytes = checkpoint.GetBytes(name);
        var m = new WeightMatrix(rows, cols, info.DType == SafeTensorDType.BF16 ? WeightFormat.BF16 : WeightFormat.F32);
        if (m.Format == WeightFormat.BF16)
        {
            bytes.CopyTo(new Span<byte>(m._data, bytes.Length));
        }
        else
        {
            // Row by row so that a matrix over 2 GiB of floats still converts through int-sized spans.
            var rowBytes = cols * SafeTensorInfo.ElementSize(info.DType);
            for (var r = 0; r < rows; r++)
            {
                SafeTensorsFile.ConvertToSingle(info.DType, bytes.Slice(r * rowBytes, rowBytes), new Span<float>((float*)m._data + (long)r * cols, cols));
            }
        }

        return m;
    }

    /// <summary>Builds a float32 matrix from <paramref name="values"/> (row-major); for tests and generated models.</summary>
    public static WeightMatrix FromSingle(ReadOnlySpan<float> values, int rows, int cols, WeightFormat format = WeightFormat.F32)
    {
        if (values.Length != (long)rows * cols)
        {
            throw new ArgumentException($"{values.Length} values for a {rows}x{cols} matrix", nameof(values));
        }

        var m = new WeightMatrix(rows, cols, format);
        if (format == WeightFormat.F32)
        {
            values.CopyTo(new Span<float>(m._data, values.Length));
        }
        else
        {
            var dst = new Span<ushort>(m._data, values.Length);
            for (var i = 0; i < values.Length; i++)
            {
                // Round to nearest even, as torch does when casting to bfloat16.
                var bits = BitConverter.SingleToUInt32Bits(values[i]);
                dst[i] = (ushort)((bits + 0x7FFF + ((bits >> 16) & 1)) >> 16);
            }
        }

        return m;
    }

    /// <summary>Widens row <paramref name="row"/> into <paramref name="destination"/> (length Cols); the embedding lookup.</summary>
    public void ReadRow(int row, Span<float> destination)
    {
        if ((uint)row >= (uint)Rows)
        {
            throw new ArgumentOutOfRangeException(nameof(row), row, $"row must be in [0, {Rows})");
        }

        if (Format == WeightFormat.F32)
        {
            new ReadOnlySpan<float>((float*)Data + (long)row * Cols, Cols).CopyTo(destination);
        }
        else
        {
            var src = new ReadOnlySpan<ushort>((ushort*)Data + (long)row * Cols, Cols);
            for (var i = 0; i < Cols; i++)
            {
                destination[i] = BitConverter.UInt32BitsToSingle((uint)src[i] << 16);
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_data != null)
        {
            NativeMemory.AlignedFree(_data);
            _data = null;
        }
    }
}

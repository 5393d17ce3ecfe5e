using System.Runtime.InteropServices;
using Mario.Inference.SafeTensors;

namespace Mario.Inference.Transformer;

/// <summary>
/// A read-only (Rows, Cols) weight matrix in 64-byte-aligned native memory, in float32 or bfloat16.
/// BF16 checkpoints stay bf16 (decode is bound by memory traffic, so half the bytes is up to twice the speed);
/// F16 checkpoints are widened to float32 once at load. Large matrices sit on huge pages (<see cref="LargePages"/>).
/// </summary>
/// <remarks>
/// Layout (packed once at load, no extra memory: the checkpoint is copied either way): rows are grouped in blocks
/// of B = <see cref="BlockRows"/> rows; block b holds rows [Bb, Bb + B) at elements [Bb * Cols, B(b + 1) * Cols) as
/// Cols / 16 tiles, each tile the 16 columns [16t, 16t + 16) of the block's first row, then of its second, and so
/// on; the Cols % 16 trailing columns of the B rows follow the tiles, row by row. The Rows % B rows past the last
/// block are row-major. So the matmul reads a block as one sequential stream however short the rows are. B is 4,
/// or 16 for wide matrices (Cols &gt;= <see cref="WideCols"/>), where a decode step's input vector no longer stays in
/// the L1 cache beside the weight stream: 16 rows per pass read it a quarter as often.
/// </remarks>
public sealed unsafe class WeightMatrix : IDisposable
{
    private void* _data;

    private WeightMatrix(int rows, int cols, WeightFormat format)
    {
        Rows = rows;
        Cols = cols;
        Format = format;
        BlockRows = cols >= WideCols ? 16 : 4;
        _data = LargePages.Allocate(ByteSize);
    }

    /// <summary>Columns per tile of a packed block.</summary>
    internal const int TileCols = 16;

    /// <summary>From this many columns on, blocks are 16 rows high instead of 4.</summary>
    internal const int WideCols = 2048;

    /// <summary>Rows per packed block: 4, or 16 when Cols &gt;= <see cref="WideCols"/>.</summary>
    internal int BlockRows { get; }

    /// <summary>Output features (rows).</summary>
    public int Rows { get; }

    /// <summary>Input features (columns).</summary>
    public int Cols { get; }

    /// <summary>Element format in memory.</summary>
    public WeightFormat Format { get; }

    /// <summary>Bytes held, Rows * Cols * (4 or 2); what one matmul reads from memory.</summary>
    public long ByteSize => (long)Rows * Cols * (Format == WeightFormat.F32 ? 4 : 2);

    /// <summary>Start of the packed data (float* for F32, ushort* for BF16).</summary>
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

        // Row by row (so that a matrix over 2 GiB still goes through int-sized spans), each row into its packed place.
        var rowBytes = cols * SafeTensorInfo.ElementSize(info.DType);
        var widened = m.Format == WeightFormat.F32 ? new float[cols] : null;
        for (var r = 0; r < rows; r++)
        {
            var source = bytes.Slice(r * rowBytes, rowBytes);
            if (widened is not null)
            {
                SafeTensorsFile.ConvertToSingle(info.DType, source, widened);
                source = MemoryMarshal.AsBytes(widened.AsSpan());
            }

            m.WriteRow(r, source);
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
        var narrowed = format == WeightFormat.BF16 ? new ushort[cols] : null;
        for (var r = 0; r < rows; r++)
        {
            var row = values.Slice(r * cols, cols);
            if (narrowed is null)
            {
                m.WriteRow(r, MemoryMarshal.AsBytes(row));
                continue;
            }

            for (var i = 0; i < cols; i++)
            {
                // Round to nearest even, as torch does when casting to bfloat16.
                var bits = BitConverter.SingleToUInt32Bits(row[i]);
                narrowed[i] = (ushort)((bits + 0x7FFF + ((bits >> 16) & 1)) >> 16);
            }

            m.WriteRow(r, MemoryMarshal.AsBytes(narrowed.AsSpan()));
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

        var data = Data;
        foreach (var (start, column, length) in Segments(row))
        {
            var target = destination.Slice(column, length);
            if (Format == WeightFormat.F32)
            {
                new ReadOnlySpan<float>((float*)data + start, length).CopyTo(target);
            }
            else
            {
                var src = new ReadOnlySpan<ushort>((ushort*)data + start, length);
                for (var i = 0; i < length; i++)
                {
                    target[i] = BitConverter.UInt32BitsToSingle((uint)src[i] << 16);
                }
            }
        }
    }

    /// <summary>Copies one row, given as Cols raw elements of <see cref="Format"/>, into its packed place.</summary>
    private void WriteRow(int row, ReadOnlySpan<byte> source)
    {
        var size = Format == WeightFormat.F32 ? sizeof(float) : sizeof(ushort);
        foreach (var (start, column, length) in Segments(row))
        {
            source.Slice(column * size, length * size).CopyTo(new Span<byte>((byte*)_data + start * size, length * size));
        }
    }

    /// <summary>Where row <paramref name="row"/> lives: (first element, first column, length) of each contiguous piece.</summary>
    private SegmentEnumerator Segments(int row) => new(row, Rows, Cols, BlockRows);

    /// <summary>Walks a row's pieces in the packed layout without allocating (the embedding lookup runs per token).</summary>
    private struct SegmentEnumerator(int row, int rows, int cols, int blockRows)
    {
        private int _column = -1;

        public readonly (long Start, int Column, int Length) Current
        {
            get
            {
                var tiled = cols & ~(TileCols - 1);
                if (row >= rows - rows % blockRows)
                {
                    return ((long)row * cols, 0, cols);
                }

                long block = (long)(row - row % blockRows) * cols;
                var lane = row % blockRows;
                return _column < tiled
                    ? (block + (long)_column * blockRows + lane * TileCols, _column, TileCols)
                    : (block + (long)blockRows * tiled + lane * (cols - tiled), tiled, cols - tiled);
            }
        }

        public readonly SegmentEnumerator GetEnumerator() => this;

        public bool MoveNext()
        {
            var tiled = cols & ~(TileCols - 1);
            if (row >= rows - rows % blockRows)
            {
                // A row-major row is one piece.
                _column = _column < 0 ? 0 : cols;
                return _column == 0 && cols > 0;
            }

            _column = _column < 0 ? 0 : _column + TileCols;
            if (_column < tiled)
            {
                return true;
            }

            // The column tail, when there is one, is the last piece.
            if (_column == tiled && cols > tiled)
            {
                return true;
            }

            _column = cols;
            return false;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_data != null)
        {
            LargePages.Free(_data);
            _data = null;
        }
    }
}

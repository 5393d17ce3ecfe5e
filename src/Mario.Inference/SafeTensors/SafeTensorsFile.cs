using System.IO.MemoryMappedFiles;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Mario.Inference.SafeTensors;

/// <summary>
/// A memory-mapped safetensors file: an 8-byte little-endian header length N, N bytes of JSON
/// (<c>{"name": {"dtype", "shape", "data_offsets": [begin, end]}, "__metadata__": {...}}</c>), then the data.
/// Every range is checked against the file when it is opened, so later reads cannot go out of bounds.
/// </summary>
public sealed unsafe class SafeTensorsFile : IDisposable
{
    /// <summary>Headers larger than this are rejected (the format's reference reader uses the same cap).</summary>
    public const long MaxHeaderBytes = 100_000_000;

    private readonly MemoryMappedFile _map;
    private readonly MemoryMappedViewAccessor _view;
    private readonly byte* _data;
    private bool _disposed;

    private SafeTensorsFile(string path, MemoryMappedFile map, MemoryMappedViewAccessor view, byte* basePtr, long dataStart,
        Dictionary<string, SafeTensorInfo> tensors, Dictionary<string, string> metadata)
    {
        FilePath = path;
        _map = map;
        _view = view;
        _data = basePtr + dataStart;
        Tensors = tensors;
        Metadata = metadata;
    }

    /// <summary>The file this was opened from.</summary>
    public string FilePath { get; }

    /// <summary>Every tensor in the file by name.</summary>
    public IReadOnlyDictionary<string, SafeTensorInfo> Tensors { get; }

    /// <summary>The <c>__metadata__</c> string map (empty when absent).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Opens, validates and memory-maps <paramref name="path"/>.</summary>
    /// <exception cref="SafeTensorsFormatException">The file is truncated, malformed or has out-of-range or overlapping offsets.</exception>
    public static SafeTensorsFile Open(string path)
    {
        var length = new FileInfo(path).Length;
        if (length < 8)
        {
            throw new SafeTensorsFormatException(path, $"file is {length} bytes; expected at least the 8-byte header length");
        }

        var map = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        MemoryMappedViewAccessor? view = null;
        var acquired = false;
        try
        {
            view = map.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
            byte* basePtr = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref basePtr);
            acquired = true;
            basePtr += view.PointerOffset;
            var rawHeaderLength = BitConverter.ToUInt64(new ReadOnlySpan<byte>(basePtr, 8));
            if (rawHeaderLength > MaxHeaderBytes)
            {
                throw new SafeTensorsFormatException(path, $"header length {rawHeaderLength} at byte 0 exceeds the {MaxHeaderBytes}-byte limit");
            }

            var headerLength = (long)rawHeaderLength;

            if (8 + headerLength > length)
            {
                throw new SafeTensorsFormatException(path, $"header length {headerLength} at byte 0 runs past the end of the {length}-byte file (truncated?)");
            }

            var header = new ReadOnlySpan<byte>(basePtr + 8, (int)headerLength);
            var dataLength = length - 8 - headerLength;
            var (tensors, metadata) = ParseHeader(path, header, dataLength);
            var file = new SafeTensorsFile(path, map, view, basePtr, 8 + headerLength, tensors, metadata);
            return file;
        }
        catch
        {
            if (acquired)
            {
                view!.SafeMemoryMappedViewHandle.ReleasePointer();
            }

            view?.Dispose();
            map.Dispose();
            throw;
        }
    }

    /// <summary>The raw little-endian bytes of tensor <paramref name="name"/> (valid until <see cref="Dispose"/>).</summary>
    public ReadOnlySpan<byte> GetBytes(string name)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var info = Info(name);
        var size = info.DataEnd - info.DataBegin;
        if (size > int.MaxValue)
        {
            throw new NotSupportedException($"{Path.GetFileName(FilePath)}: tensor '{name}' is {size} bytes; spans are limited to 2 GiB");
        }

        return new ReadOnlySpan<byte>(_data + info.DataBegin, (int)size);
    }

    /// <summary>The entry for <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No such tensor; the message names the file.</exception>
    public SafeTensorInfo Info(string name) =>
        Tensors.TryGetValue(name, out var info)
            ? info
            : throw new KeyNotFoundException($"{Path.GetFileName(FilePath)}: no tensor named '{name}'");

    /// <summary>Converts tensor <paramref name="name"/> to float32 into <paramref name="destination"/>, whose length must equal the element count.</summary>
    public void ReadSingle(string name, Span<float> destination)
    {
        var info = Info(name);
        if (destination.Length != info.ElementCount)
        {
            throw new ArgumentException($"tensor '{name}' has {info.ElementCount} elements; the destination has {destination.Length}", nameof(destination));
        }

        ConvertToSingle(info.DType, GetBytes(name), destination);
    }

    /// <summary>Converts tensor <paramref name="name"/> to a new float32 array.</summary>
    public float[] ReadSingle(string name)
    {
        var result = new float[Info(name).ElementCount];
        ReadSingle(name, result);
        return result;
    }

    /// <summary>Widens raw little-endian elements of <paramref name="dtype"/> to float32 (exact for all three types).</summary>
    public static void ConvertToSingle(SafeTensorDType dtype, ReadOnlySpan<byte> source, Span<float> destination)
    {
        switch (dtype)
        {
            case SafeTensorDType.F32:
                MemoryMarshal.Cast<byte, float>(source).CopyTo(destination);
                break;
            case SafeTensorDType.F16:
                TensorPrimitives.ConvertToSingle(MemoryMarshal.Cast<byte, Half>(source), destination);
                break;
            case SafeTensorDType.BF16:
                // bf16 is the top 16 bits of a float32, so widening is a shift.
                var u = MemoryMarshal.Cast<byte, ushort>(source);
                var d = MemoryMarshal.Cast<float, uint>(destination);
                for (var i = 0; i < u.Length; i++)
                {
                    d[i] = (uint)u[i] << 16;
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "unsupported dtype");
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _map.Dispose();
    }

    private static (Dictionary<string, SafeTensorInfo>, Dictionary<string, string>) ParseHeader(string path, ReadOnlySpan<byte> header, long dataLength)
    {
        JsonDocument doc;
        try
        {
            var reader = new Utf8JsonReader(header, new JsonReaderOptions { MaxDepth = 8 });
            doc = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException e)
        {
            throw new SafeTensorsFormatException(path, $"header JSON is malformed near byte {8 + (e.BytePositionInLine ?? 0)}: {e.Message}");
        }

        using var _ = doc;
        if (doc.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new SafeTensorsFormatException(path, $"header at byte 8 is a JSON {doc.RootElement.ValueKind}; expected an object");
        }

        var tensors = new Dictionary<string, SafeTensorInfo>(StringComparer.Ordinal);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var prop in doc.RootElement.EnumerateObject())
        {
            if (prop.Name == "__metadata__")
            {
                if (prop.Value.ValueKind != JsonValueKind.Object)
                {
                    throw new SafeTensorsFormatException(path, "__metadata__ must be an object of strings");
                }

                foreach (var m in prop.Value.EnumerateObject())
                {
                    metadata[m.Name] = m.Value.ValueKind == JsonValueKind.String
                        ? m.Value.GetString()!
                        : throw new SafeTensorsFormatException(path, $"__metadata__ entry '{m.Name}' must be a string");
                }

                continue;
            }

            if (!tensors.TryAdd(prop.Name, ParseEntry(path, prop.Name, prop.Value, 8 + header.Length, dataLength)))
            {
                throw new SafeTensorsFormatException(path, $"tensor '{prop.Name}' appears twice in the header");
            }
        }

        // Tensors may not share bytes: sort by start and require each to begin at or after the previous end.
        var ordered = new List<SafeTensorInfo>(tensors.Values);
        ordered.Sort((a, b) => a.DataBegin != b.DataBegin ? a.DataBegin.CompareTo(b.DataBegin) : a.DataEnd.CompareTo(b.DataEnd));
        for (var i = 1; i < ordered.Count; i++)
        {
            var prev = ordered[i - 1];
            var cur = ordered[i];
            if (cur.DataBegin < prev.DataEnd && cur.DataEnd > cur.DataBegin)
            {
                throw new SafeTensorsFormatException(path,
                    $"tensor '{cur.Name}' at byte {8 + header.Length + cur.DataBegin} overlaps tensor '{prev.Name}', which ends at byte {8 + header.Length + prev.DataEnd}");
            }
        }

        return (tensors, metadata);
    }

    private static SafeTensorInfo ParseEntry(string path, string name, JsonElement e, long dataStart, long dataLength)
    {
        SafeTensorsFormatException Bad(string what) => new(path, $"tensor '{name}': {what}");
        if (e.ValueKind != JsonValueKind.Object)
        {
            throw Bad("entry must be an object with dtype, shape and data_offsets");
        }

        if (!e.TryGetProperty("dtype", out var dt) || dt.ValueKind != JsonValueKind.String)
        {
            throw Bad("missing string field 'dtype'");
        }

        var dtype = dt.GetString() switch
        {
            "F32" => SafeTensorDType.F32,
            "F16" => SafeTensorDType.F16,
            "BF16" => SafeTensorDType.BF16,
            var other => throw Bad($"dtype '{other}' is not supported (expected F32, F16 or BF16)"),
        };

        if (!e.TryGetProperty("shape", out var sh) || sh.ValueKind != JsonValueKind.Array)
        {
            throw Bad("missing array field 'shape'");
        }

        var shape = new List<long>();
        long count = 1;
        foreach (var d in sh.EnumerateArray())
        {
            if (d.ValueKind != JsonValueKind.Number || !d.TryGetInt64(out var dim) || dim < 0)
            {
                throw Bad($"shape entry {d.GetRawText()} is not a non-negative integer");
            }

            shape.Add(dim);
            count = dim == 0 ? 0 : count > long.MaxValue / dim ? throw Bad("shape's element count overflows") : count * dim;
        }

        if (!e.TryGetProperty("data_offsets", out var off) || off.ValueKind != JsonValueKind.Array || off.GetArrayLength() != 2)
        {
            throw Bad("missing field 'data_offsets' = [begin, end]");
        }

        if (!off[0].TryGetInt64(out var begin) || !off[1].TryGetInt64(out var end) || begin < 0 || end < begin)
        {
            throw Bad($"data_offsets {off.GetRawText()} must be two integers with 0 <= begin <= end");
        }

        if (end > dataLength)
        {
            throw Bad($"data_offsets [{begin}, {end}] end at byte {dataStart + end}, past the end of the file ({dataStart + dataLength} bytes; truncated?)");
        }

        var elementSize = SafeTensorInfo.ElementSize(dtype);
        if (count > long.MaxValue / elementSize || end - begin != count * elementSize)
        {
            throw Bad($"data_offsets [{begin}, {end}] (byte {dataStart + begin}) hold {end - begin} bytes but shape [{string.Join(", ", shape)}] of {dtype} needs {count * elementSize}");
        }

        return new SafeTensorInfo(name, dtype, shape, begin, end);
    }
}

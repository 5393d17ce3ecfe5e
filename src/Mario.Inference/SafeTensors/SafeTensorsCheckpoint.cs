using System.Text.Json;

namespace Mario.Inference.SafeTensors;

/// <summary>
/// The weights of a Hugging Face folder: <c>model.safetensors</c>, or the shards listed by
/// <c>model.safetensors.index.json</c> (<c>{"weight_map": {"tensor": "model-00001-of-00002.safetensors"}}</c>).
/// </summary>
public sealed class SafeTensorsCheckpoint : IDisposable
{
    /// <summary>The single-file weights name.</summary>
    public const string SingleFileName = "model.safetensors";

    /// <summary>The sharded weights index name.</summary>
    public const string IndexFileName = "model.safetensors.index.json";

    private readonly List<SafeTensorsFile> _files;
    private readonly Dictionary<string, SafeTensorsFile> _byTensor;

    private SafeTensorsCheckpoint(List<SafeTensorsFile> files, Dictionary<string, SafeTensorsFile> byTensor)
    {
        _files = files;
        _byTensor = byTensor;
    }

    /// <summary>Every tensor name across all shards.</summary>
    public IEnumerable<string> TensorNames => _byTensor.Keys;

    /// <summary>Opens the weights in <paramref name="directory"/>, preferring the sharded index when present.</summary>
    /// <exception cref="FileNotFoundException">Neither weights file exists.</exception>
    /// <exception cref="SafeTensorsFormatException">The index or a shard is malformed, or the index names a tensor its shard lacks.</exception>
    public static SafeTensorsCheckpoint Open(string directory)
    {
        var index = Path.Combine(directory, IndexFileName);
        if (File.Exists(index))
        {
            return OpenSharded(directory, index);
        }

        var single = Path.Combine(directory, SingleFileName);
        if (!File.Exists(single))
        {
            throw new FileNotFoundException($"{directory}: expected {SingleFileName} or {IndexFileName}", single);
        }

        var file = SafeTensorsFile.Open(single);
        return new SafeTensorsCheckpoint([file], file.Tensors.Keys.ToDictionary(k => k, _ => file, StringComparer.Ordinal));
    }

    /// <summary>Opens one safetensors file as a checkpoint (for example a separate value head).</summary>
    public static SafeTensorsCheckpoint OpenFile(string path)
    {
        var file = SafeTensorsFile.Open(path);
        return new SafeTensorsCheckpoint([file], file.Tensors.Keys.ToDictionary(k => k, _ => file, StringComparer.Ordinal));
    }

    /// <summary>Whether a tensor of this name exists.</summary>
    public bool Contains(string name) => _byTensor.ContainsKey(name);

    /// <summary>The entry for <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No shard holds it.</exception>
    public SafeTensorInfo Info(string name) => FileOf(name).Info(name);

    /// <summary>The raw bytes of <paramref name="name"/>, valid until disposal.</summary>
    public ReadOnlySpan<byte> GetBytes(string name) => FileOf(name).GetBytes(name);

    /// <summary>Tensor <paramref name="name"/> widened to float32.</summary>
    public float[] ReadSingle(string name) => FileOf(name).ReadSingle(name);

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var f in _files)
        {
            f.Dispose();
        }
    }

    private SafeTensorsFile FileOf(string name) =>
        _byTensor.TryGetValue(name, out var f) ? f : throw new KeyNotFoundException($"checkpoint has no tensor named '{name}'");

    private static SafeTensorsCheckpoint OpenSharded(string directory, string index)
    {
        Dictionary<string, string> map;
        try
        {
            using var doc = JsonDocument.Parse(System.IO.File.ReadAllBytes(index));
            if (!doc.RootElement.TryGetProperty("weight_map", out var wm) || wm.ValueKind != JsonValueKind.Object)
            {
                throw new SafeTensorsFormatException(index, "missing object field 'weight_map'");
            }

            map = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var p in wm.EnumerateObject())
            {
                var shard = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : "";
                // A shard must be a plain file name in the same folder: no traversal out of the checkpoint.
                if (shard.Length == 0 || shard != Path.GetFileName(shard) || shard is "." or "..")
                {
                    throw new SafeTensorsFormatException(index, $"weight_map['{p.Name}'] = {p.Value.GetRawText()} is not a file name in the checkpoint folder");
                }

                map[p.Name] = shard;
            }
        }
        catch (JsonException e)
        {
            throw new SafeTensorsFormatException(index, $"malformed JSON at line {e.LineNumber + 1}: {e.Message}");
        }

        var files = new List<SafeTensorsFile>();
        var byShard = new Dictionary<string, SafeTensorsFile>(StringComparer.Ordinal);
        var byTensor = new Dictionary<string, SafeTensorsFile>(StringComparer.Ordinal);
        try
        {
            foreach (var (tensor, shard) in map)
            {
                if (!byShard.TryGetValue(shard, out var file))
                {
                    var shardPath = Path.Combine(directory, shard);
                    if (!System.IO.File.Exists(shardPath))
                    {
                        throw new SafeTensorsFormatException(index, $"weight_map['{tensor}'] names shard '{shard}', which does not exist");
                    }

                    file = SafeTensorsFile.Open(shardPath);
                    files.Add(file);
                    byShard[shard] = file;
                }

                if (!file.Tensors.ContainsKey(tensor))
                {
                    throw new SafeTensorsFormatException(index, $"weight_map says '{tensor}' is in '{shard}', but that shard has no such tensor");
                }

                byTensor[tensor] = file;
            }
        }
        catch
        {
            foreach (var f in files)
            {
                f.Dispose();
            }

            throw;
        }

        return new SafeTensorsCheckpoint(files, byTensor);
    }
}

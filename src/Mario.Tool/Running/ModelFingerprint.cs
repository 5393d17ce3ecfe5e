using System.Security.Cryptography;
using System.Text;
using Mario.Models;

namespace Mario.Tool.Running;

/// <summary>
/// The identity of a model's bytes, recorded in summary.json so that a number names the exact checkpoint that made it:
/// for a checkpoint folder, sha256 over its config, tokenizer and weight files (name and content, in name order); for
/// a scripted model, sha256 of its file; null for a server (its identity is what it reports when probed).
/// </summary>
public static class ModelFingerprint
{
    /// <summary>The hex sha256 of <paramref name="spec"/>'s files, or null when it has none to read.</summary>
    public static async Task<string?> ComputeAsync(ModelSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var files = spec.Kind switch
        {
            ModelSpecKind.Local => CheckpointFiles(spec.Location),
            ModelSpecKind.Tiny => BackendFactory.TinyModelDirectory() is { } tiny ? CheckpointFiles(tiny) : [],
            ModelSpecKind.Scripted => File.Exists(spec.Location) ? [spec.Location] : [],
            _ => [],
        };
        if (files.Count == 0)
        {
            return null;
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 20];
        foreach (var file in files)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(Path.GetFileName(file) + "\n"));
            await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                hash.AppendData(buffer, 0, read);
            }
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static List<string> CheckpointFiles(string directory) =>
        Directory.Exists(directory)
            ? Directory.GetFiles(directory)
                .Where(f => Path.GetFileName(f) is "config.json" or "tokenizer.json" or "tokenizer_config.json" || f.EndsWith(".safetensors", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal)
                .ToList()
            : [];
}

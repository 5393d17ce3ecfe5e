namespace Mario.Inference.SafeTensors;

/// <summary>A safetensors file or index that is malformed, truncated or hostile; the message names the file, tensor and byte offset.</summary>
public sealed class SafeTensorsFormatException : Exception
{
    /// <summary>Creates the exception for <paramref name="path"/>.</summary>
    public SafeTensorsFormatException(string path, string message)
        : base($"{Path.GetFileName(path)}: {message}")
    {
        FilePath = path;
    }

    /// <summary>The file that was rejected.</summary>
    public string FilePath { get; }
}

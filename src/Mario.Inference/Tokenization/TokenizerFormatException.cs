namespace Mario.Inference.Tokenization;

/// <summary>A tokenizer.json that is malformed or asks for something mario does not implement.</summary>
public sealed class TokenizerFormatException : FormatException
{
    /// <summary>Creates the exception; the message names the file and the JSON path.</summary>
    /// <param name="filePath">The tokenizer.json path (or a description of the source).</param>
    /// <param name="jsonPath">Where in the document, such as <c>$.model.merges[12]</c>.</param>
    /// <param name="problem">What was wrong and what was expected.</param>
    /// <param name="inner">The underlying parse error, if any.</param>
    public TokenizerFormatException(string filePath, string jsonPath, string problem, Exception? inner = null)
        : base($"{filePath}: {jsonPath}: {problem}", inner)
    {
        FilePath = filePath;
        JsonPath = jsonPath;
        Problem = problem;
    }

    /// <summary>The tokenizer.json path (or a description of the source).</summary>
    public string FilePath { get; }

    /// <summary>Where in the document the problem is, such as <c>$.model.merges[12]</c>.</summary>
    public string JsonPath { get; }

    /// <summary>What was wrong and what was expected.</summary>
    public string Problem { get; }
}

namespace Mario.Tool.Commands;

/// <summary>
/// Turns a <c>--model</c> value into a tokenizer.json path: <c>local:DIR</c> (a Hugging Face model folder) or a
/// path to a tokenizer.json file. Until the shared ModelSpec is wired in, the tokenizer commands use this.
/// </summary>
internal static class TokenizerFileResolver
{
    /// <summary>An example for usage errors.</summary>
    public const string Example = "--model local:./models/Qwen2.5-0.5B-Instruct  or  --model ./tokenizer.json";

    /// <summary>Resolves the spec; on failure returns false and a message that says what was expected.</summary>
    public static bool TryResolve(string spec, out string path, out string error)
    {
        path = "";
        error = "";
        if (string.IsNullOrWhiteSpace(spec))
        {
            error = $"--model is missing; expected local:DIR or a path to tokenizer.json, e.g. {Example}";
            return false;
        }

        if (spec.StartsWith("local:", StringComparison.Ordinal))
        {
            var dir = spec["local:".Length..];
            if (!Directory.Exists(dir))
            {
                error = $"--model {spec}: folder '{dir}' does not exist";
                return false;
            }

            path = Path.Combine(dir, "tokenizer.json");
            if (!File.Exists(path))
            {
                error = $"--model {spec}: no tokenizer.json in '{dir}'";
                return false;
            }

            return true;
        }

        if (spec.Contains(':', StringComparison.Ordinal) && !File.Exists(spec) && !Path.IsPathRooted(spec))
        {
            error = $"--model {spec}: the tokenizer commands read local models only; expected local:DIR or a path to tokenizer.json, e.g. {Example}";
            return false;
        }

        if (!File.Exists(spec))
        {
            error = $"--model {spec}: file not found; expected local:DIR or a path to tokenizer.json, e.g. {Example}";
            return false;
        }

        path = spec;
        return true;
    }
}

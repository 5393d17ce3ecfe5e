namespace Mario.Inference.Tests.Tokenization;

/// <summary>
/// A theory over the npm-installed Qwen tokenizer.json files: it runs (and fails loudly when the files are
/// missing) unless MARIO_SKIP_NPM_FIXTURES=1, which skips it with the reason.
/// </summary>
public sealed class NpmFixtureTheoryAttribute : TheoryAttribute
{
    /// <summary>Creates the attribute, skipping when the environment asks to.</summary>
    public NpmFixtureTheoryAttribute()
    {
        if (TokenizerFixtures.SkipNpm)
        {
            Skip = $"{TokenizerFixtures.SkipNpmVariable}=1: the Qwen tokenizer.json files from `{TokenizerFixtures.InstallCommand}` are not used";
        }
    }
}

namespace Mario.Inference.Tests.Tokenization;

/// <summary>A fact over the npm-installed Qwen tokenizer.json files; see <see cref="NpmFixtureTheoryAttribute"/>.</summary>
public sealed class NpmFixtureFactAttribute : FactAttribute
{
    /// <summary>Creates the attribute, skipping when the environment asks to.</summary>
    public NpmFixtureFactAttribute()
    {
        if (TokenizerFixtures.SkipNpm)
        {
            Skip = $"{TokenizerFixtures.SkipNpmVariable}=1: the Qwen tokenizer.json files from `{TokenizerFixtures.InstallCommand}` are not used";
        }
    }
}

namespace Mario.Search;

/// <summary>Per-step generation limits shared by every strategy.</summary>
/// <param name="MaxStepTokens">Token budget of one step, at least 1 (Super_MARIO 2000, rStar 2048; a step that uses it all without a stop sequence is invalid).</param>
/// <param name="TopP">Nucleus mass in (0, 1]; 1 disables it (reference 1.0).</param>
/// <param name="TopK">Top-k; 0 disables it (reference -1, i.e. off).</param>
/// <param name="MinP">Min-p in [0, 1); 0 disables it (honoured by model servers).</param>
public sealed record SearchLimits(int MaxStepTokens = 1024, float TopP = 1f, int TopK = 0, float MinP = 0f)
{
    /// <summary>The defaults.</summary>
    public static SearchLimits Default { get; } = new();

    /// <summary>Problems with the limits, each naming the field; empty when valid.</summary>
    public IReadOnlyList<OptionError> Validate()
    {
        var errors = new List<OptionError>();
        if (MaxStepTokens < 1)
        {
            errors.Add(new OptionError("max-step-tokens", $"must be at least 1, got {MaxStepTokens}"));
        }

        if (!(TopP > 0 && TopP <= 1))
        {
            errors.Add(new OptionError("top-p", $"must be in (0, 1], got {TopP}"));
        }

        if (!(MinP >= 0 && MinP < 1))
        {
            errors.Add(new OptionError("min-p", $"must be in [0, 1), got {MinP}"));
        }

        if (TopK < 0)
        {
            errors.Add(new OptionError("top-k", $"must be 0 (off) or positive, got {TopK}"));
        }

        return errors;
    }
}

namespace Mario.Search.Strategies;

/// <summary>Options of <see cref="StepBeamSearchStrategy"/> (reference sbs_sft.yaml: B1 1, B2 5, T 0.6, max_depth 10, remove_duplicate).</summary>
/// <param name="BeamWidth">B1 (step_beam_width): beams kept per step and the most final answers, 1 to 64.</param>
/// <param name="SamplesPerStep">B2 (n_generate_sample): samples per beam per step, 1 to 64; the root gets B1·B2.</param>
/// <param name="Temperature">Sampling temperature in [0, 2]; 0 with B1 = B2 = 1 is the reference sbs_greedy.</param>
/// <param name="MaxDepth">Steps before a beam ends with MaxDepth, 1 to 64.</param>
/// <param name="Deduplicate">Drop samples whose stripped text repeats an earlier sample of the same beam (order kept; remove_duplicate).</param>
/// <param name="Vote">Answer by majority over the finished beams (ordered by value) instead of the top value.</param>
public sealed record StepBeamOptions(
    int BeamWidth = 1, int SamplesPerStep = 5, float Temperature = 0.6f, int MaxDepth = 10, bool Deduplicate = true, bool Vote = false) : StrategyOptions
{
    /// <inheritdoc/>
    public override StrategyKind Kind => StrategyKind.Beam;

    /// <inheritdoc/>
    public override IReadOnlyList<OptionError> Validate() => OptionChecks.All(
        OptionChecks.Range("beam-width", BeamWidth, 1, 64),
        OptionChecks.Range("samples", SamplesPerStep, 1, 64),
        OptionChecks.Range("temperature", Temperature, 0, 2),
        OptionChecks.Range("max-depth", MaxDepth, 1, 64));
}

namespace Mario.Search.Export;

/// <summary>Knobs of the training-data export, with the references' defaults.</summary>
/// <param name="MaxCorrectPaths">AlphaMath: correct paths per tree, at most (issue #7: 4).</param>
/// <param name="MaxWrongPaths">AlphaMath: wrong or invalid paths per tree, at most (issue #7: 4).</param>
/// <param name="SftPaths">SFT: correct paths per tree (rStar sample_sft_data --n 2).</param>
/// <param name="MinStepMargin">PPM: minimum Q(chosen) - Q(rejected) (rStar sample_rm_data: 0.5).</param>
/// <param name="MinEditDistance">PPM: minimum character edit distance between the two steps (rStar: 20).</param>
public sealed record ExportOptions(int MaxCorrectPaths = 4, int MaxWrongPaths = 4, int SftPaths = 2, double MinStepMargin = 0.5, int MinEditDistance = 20)
{
    /// <summary>Problems with the options, each naming the option; empty when valid.</summary>
    public IReadOnlyList<OptionError> Validate()
    {
        var errors = new List<OptionError>();
        if (MaxCorrectPaths < 0)
        {
            errors.Add(new OptionError("max-correct", $"must be at least 0, got {MaxCorrectPaths}"));
        }

        if (MaxWrongPaths < 0)
        {
            errors.Add(new OptionError("max-wrong", $"must be at least 0, got {MaxWrongPaths}"));
        }

        if (SftPaths < 1)
        {
            errors.Add(new OptionError("sft-paths", $"must be at least 1, got {SftPaths}"));
        }

        if (!(MinStepMargin >= 0 && MinStepMargin <= 2))
        {
            errors.Add(new OptionError("min-margin", $"must be in [0, 2], got {MinStepMargin}"));
        }

        if (MinEditDistance < 0)
        {
            errors.Add(new OptionError("min-edit-distance", $"must be at least 0, got {MinEditDistance}"));
        }

        return errors;
    }
}

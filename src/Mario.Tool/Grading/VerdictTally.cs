namespace Mario.Tool.Grading;

/// <summary>
/// Counts of mario's verdicts against a file's own: the 2x2 agreement table (file correct/wrong by mario
/// correct/wrong), samples without a file verdict, and the first disagreements. Mutable while grading; one owner.
/// </summary>
public sealed class VerdictTally
{
    private readonly int _keep;
    private readonly List<GradeDisagreement> _disagreements = [];

    /// <summary>Creates a tally that keeps the first <paramref name="keepDisagreements"/> disagreements (0..1000).</summary>
    public VerdictTally(int keepDisagreements) => _keep = keepDisagreements;

    /// <summary>Samples graded.</summary>
    public int Samples { get; private set; }

    /// <summary>Samples mario judged correct.</summary>
    public int MarioCorrect { get; private set; }

    /// <summary>Samples whose check ended Unknown (counted as wrong).</summary>
    public int Unknown { get; private set; }

    /// <summary>Samples with no extractable answer.</summary>
    public int NoAnswer { get; private set; }

    /// <summary>File correct, mario correct.</summary>
    public int BothCorrect { get; private set; }

    /// <summary>File correct, mario wrong.</summary>
    public int FileOnlyCorrect { get; private set; }

    /// <summary>File wrong, mario correct.</summary>
    public int MarioOnlyCorrect { get; private set; }

    /// <summary>File wrong, mario wrong.</summary>
    public int BothWrong { get; private set; }

    /// <summary>Samples the file gives no verdict for.</summary>
    public int NoFileVerdict { get; private set; }

    /// <summary>Samples with a file verdict.</summary>
    public int FileKnown => BothCorrect + FileOnlyCorrect + MarioOnlyCorrect + BothWrong;

    /// <summary>Samples the file judged correct.</summary>
    public int FileCorrect => BothCorrect + FileOnlyCorrect;

    /// <summary>Samples where the two verdicts differ.</summary>
    public int Disagree => FileOnlyCorrect + MarioOnlyCorrect;

    /// <summary>The first disagreements, in file order.</summary>
    public IReadOnlyList<GradeDisagreement> Disagreements => _disagreements;

    /// <summary>Records one graded sample.</summary>
    public void Add(GradeItem item, bool marioCorrect, bool unknown, bool noAnswer, string gold, string answer, string reason)
    {
        ArgumentNullException.ThrowIfNull(item);
        Samples++;
        MarioCorrect += marioCorrect ? 1 : 0;
        Unknown += unknown ? 1 : 0;
        NoAnswer += noAnswer ? 1 : 0;
        switch (item.FileCorrect)
        {
            case null:
                NoFileVerdict++;
                return;
            case true when marioCorrect:
                BothCorrect++;
                return;
            case true:
                FileOnlyCorrect++;
                break;
            case false when marioCorrect:
                MarioOnlyCorrect++;
                break;
            case false:
                BothWrong++;
                return;
        }

        if (_disagreements.Count < _keep)
        {
            _disagreements.Add(new GradeDisagreement(item.Id, item.FileCorrect.Value, marioCorrect, gold, answer, reason));
        }
    }
}

namespace Mario.Eval;

/// <summary>Decides whether a predicted final answer equals a gold answer. Pure and synchronous.</summary>
public interface IEquivalenceChecker
{
    /// <summary>Compares two already-extracted answers (LaTeX or plain text).</summary>
    Verdict Check(string gold, string predicted);
}

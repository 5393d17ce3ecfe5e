namespace Mario.Search.Export;

/// <summary>One line of <c>--format alphamath</c>: a root-to-leaf path with Q targets for value-head regression.</summary>
/// <param name="Id">The problem id.</param>
/// <param name="Question">The question.</param>
/// <param name="LeafId">Path id of the leaf.</param>
/// <param name="Steps">The steps, root excluded; the last target is the terminal reward (+1 correct, -1 otherwise).</param>
/// <param name="Reward">+1 for a correct answer, -1 for a wrong answer or an invalid end.</param>
/// <param name="Correct">True when the path ends in a correct answer (its text also trains the policy; negatives train only the value head).</param>
public sealed record AlphaMathExample(string Id, string Question, string LeafId, IReadOnlyList<ValueTargetStep> Steps, int Reward, bool Correct);

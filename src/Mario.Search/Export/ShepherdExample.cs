namespace Mario.Search.Export;

/// <summary>One line of <c>--format math-shepherd</c>: a path to an answer with per-step labels.</summary>
/// <param name="Id">The problem id.</param>
/// <param name="Question">The question.</param>
/// <param name="LeafId">Path id of the answer node.</param>
/// <param name="Steps">Node texts, root excluded.</param>
/// <param name="HardLabels">1 when some graded answer below the step is correct, else 0 (Math-Shepherd HE).</param>
/// <param name="SoftLabels">Fraction of graded answers below the step that are correct (Math-Shepherd SE), in [0, 1].</param>
/// <param name="Correct">Whether this path's own answer is correct.</param>
public sealed record ShepherdExample(
    string Id, string Question, string LeafId, IReadOnlyList<string> Steps, IReadOnlyList<int> HardLabels, IReadOnlyList<double> SoftLabels, bool Correct);

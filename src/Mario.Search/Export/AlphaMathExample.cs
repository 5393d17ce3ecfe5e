using System.Text.Json.Serialization;

namespace Mario.Search.Export;

/// <summary>
/// One line of <c>--format alphamath</c>: a root-to-leaf path with Q targets for value-head regression, in the layout
/// of AlphaMath's released training data (<c>question</c> plus <c>response: [{"step", "Q"}]</c>), which mario's own
/// recipe (<c>training/</c>) reads as it is.
/// </summary>
/// <param name="Id">The problem id.</param>
/// <param name="Question">The question.</param>
/// <param name="Answer">The gold answer the path was graded against; null when the tree carries none.</param>
/// <param name="Steps">The steps, root excluded; the last target is the terminal reward (+1 correct, -1 otherwise).</param>
/// <param name="LeafId">Path id of the leaf.</param>
/// <param name="Reward">+1 for a correct answer, -1 for a wrong answer or an invalid end.</param>
/// <param name="Correct">True when the path ends in a correct answer (its text also trains the policy; negatives train only the value head).</param>
public sealed record AlphaMathExample(
    string Id,
    string Question,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Answer,
    [property: JsonPropertyName("response")] IReadOnlyList<ValueTargetStep> Steps,
    string LeafId,
    int Reward,
    bool Correct);

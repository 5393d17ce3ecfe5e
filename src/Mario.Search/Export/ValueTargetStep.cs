using System.Text.Json.Serialization;

namespace Mario.Search.Export;

/// <summary>One step of an AlphaMath value-target path, named as in the released data (<c>step</c>, <c>Q</c>, <c>P</c>).</summary>
/// <param name="Text">The node text: the generated step and, for a code step, its observation, as the next prompt holds it.</param>
/// <param name="Q">The regression target in [-1, 1]: the node's Q, or the terminal reward on the last step.</param>
/// <param name="Prior">The step's prior P in [0, 1].</param>
/// <param name="Visits">Visit count N of the node (at least 1).</param>
public sealed record ValueTargetStep(
    [property: JsonPropertyName("step")] string Text,
    [property: JsonPropertyName("Q")] double Q,
    [property: JsonPropertyName("P")] double Prior,
    [property: JsonPropertyName("N")] int Visits);

namespace Mario.Search.Export;

/// <summary>One step of an AlphaMath value-target path.</summary>
/// <param name="Text">The node text.</param>
/// <param name="Q">The regression target in [-1, 1]: the node's Q, or the terminal reward on the last step.</param>
/// <param name="Prior">The step's prior (the released dataset's <c>P</c>).</param>
/// <param name="Visits">Visit count N of the node.</param>
public sealed record ValueTargetStep(string Text, double Q, double Prior, int Visits);

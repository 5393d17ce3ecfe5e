namespace Mario.Search.Export;

/// <summary>One line of <c>--format rstar-ppm</c>: two sibling steps under one prefix, the better one first.</summary>
/// <param name="Id">The problem id.</param>
/// <param name="Prompt">The question plus the shared preceding steps, joined by the step delimiter.</param>
/// <param name="Pos">The chosen step (a child with a correct descendant, high Q).</param>
/// <param name="Neg">The rejected step (a child with a wrong descendant, low Q).</param>
/// <param name="PosId">Path id of the chosen step.</param>
/// <param name="NegId">Path id of the rejected step.</param>
/// <param name="PosCount">Chosen candidates at this node (the loss weights pairs by 1 / (PosCount · NegCount)).</param>
/// <param name="NegCount">Rejected candidates at this node.</param>
/// <param name="StepMargin">Q(chosen) - Q(rejected), &gt; 0.</param>
/// <param name="EditDistance">Character edit distance between the two steps.</param>
public sealed record PreferencePair(
    string Id, string Prompt, string Pos, string Neg, string PosId, string NegId, int PosCount, int NegCount, double StepMargin, int EditDistance);

namespace Mario.Tool.Suites;

/// <summary>The few-shot exemplars a suite prompts with by default.</summary>
/// <param name="Suite">Id of the suite holding the exemplars (e.g. <c>super-mario-fewshots</c>).</param>
/// <param name="Count">How many exemplars to put in the prompt, 0 to 32.</param>
public sealed record FewShotSpec(string Suite, int Count);

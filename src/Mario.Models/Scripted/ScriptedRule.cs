namespace Mario.Models.Scripted;

/// <summary>
/// One rule of a scripted model file: when the prompt matches, answer with <see cref="Completion"/> or
/// <see cref="Samples"/>. Exactly one of <see cref="EndsWith"/>, <see cref="Contains"/> and <see cref="Regex"/> is
/// set, and exactly one of <see cref="Completion"/> and <see cref="Samples"/>.
/// </summary>
/// <param name="Completion">One text returned for every sample of a request (cut at the first stop sequence and at the token budget).</param>
/// <param name="Contains">Matches when the prompt contains this text (ordinal).</param>
/// <param name="Regex">Matches when this .NET regular expression matches the prompt.</param>
/// <param name="EndsWith">Matches when the prompt ends with this text (ordinal), e.g. the last step and its delimiter.</param>
/// <param name="Samples">Distinct samples: a request for n samples takes the first n, cycling when there are fewer.</param>
/// <param name="DelayMs">Extra delay for this rule in milliseconds, 0 to 600000; null uses the file's delay.</param>
public sealed record ScriptedRule(
    string? Completion = null,
    string? Contains = null,
    string? Regex = null,
    string? EndsWith = null,
    IReadOnlyList<ScriptedSample>? Samples = null,
    int? DelayMs = null)
{
    /// <summary>The samples this rule answers with: <see cref="Samples"/>, or <see cref="Completion"/> as one sample.</summary>
    public IReadOnlyList<ScriptedSample> Answers => Samples ?? [new ScriptedSample(Completion ?? "")];
}

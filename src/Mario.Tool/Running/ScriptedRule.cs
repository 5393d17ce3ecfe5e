namespace Mario.Tool.Running;

/// <summary>One rule of a scripted model file: when the prompt matches, answer with <see cref="Completion"/>.</summary>
/// <param name="Completion">The text returned (cut at the first stop sequence and at the token budget).</param>
/// <param name="Contains">Matches when the prompt contains this text (ordinal); exactly one of this and <paramref name="Regex"/>.</param>
/// <param name="Regex">Matches when this .NET regular expression matches the prompt.</param>
/// <param name="DelayMs">Extra delay for this rule in milliseconds, 0 to 600000; null uses the file's delay.</param>
public sealed record ScriptedRule(string Completion, string? Contains = null, string? Regex = null, int? DelayMs = null);

namespace Mario.Models.Scripted;

/// <summary>
/// One entry of a scripted value file. Exactly one key is set: <see cref="EndsWith"/> (a value per step: the scored
/// text, which ends at a step boundary, ends with this text), <see cref="Path"/> (a value per path: the texts occur in
/// this order and the scored text ends with the last), or <see cref="Contains"/>.
/// </summary>
/// <param name="Value">The value, in [-1, 1].</param>
/// <param name="EndsWith">Matches when the scored text ends with this text (ordinal).</param>
/// <param name="Path">Matches when these texts occur in order, the last one ending the scored text.</param>
/// <param name="Contains">Matches when the scored text contains this text (ordinal).</param>
public sealed record ScriptedValue(double Value, string? EndsWith = null, IReadOnlyList<string>? Path = null, string? Contains = null);

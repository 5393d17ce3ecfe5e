namespace Mario.Eval.Expressions;

/// <summary>Why an answer could not be parsed, with the 0-based character position in the cleaned answer.</summary>
/// <param name="Position">0-based index into the cleaned answer text where parsing stopped.</param>
/// <param name="Message">What was expected there.</param>
public sealed record ParseError(int Position, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"col {Position + 1}: {Message}";
}

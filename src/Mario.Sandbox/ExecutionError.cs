namespace Mario.Sandbox;

/// <summary>An exception raised by model-written code.</summary>
/// <param name="Type">The exception's type name, e.g. <c>ZeroDivisionError</c>.</param>
/// <param name="Message">The exception's message.</param>
public sealed record ExecutionError(string Type, string Message)
{
    /// <inheritdoc />
    public override string ToString() => Message.Length == 0 ? Type : $"{Type}: {Message}";
}

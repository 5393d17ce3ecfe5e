namespace Mario.Search;

/// <summary>A validation failure of one option, as a value the CLI turns into exit code 2.</summary>
/// <param name="Option">The option's name as the CLI spells it, e.g. <c>c-puct</c>.</param>
/// <param name="Message">What is wrong and what is expected.</param>
public sealed record OptionError(string Option, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{Option}: {Message}";
}

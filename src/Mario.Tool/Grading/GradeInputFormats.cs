namespace Mario.Tool.Grading;

/// <summary>The command-line names of <see cref="GradeInputFormat"/> (<c>mario</c>, <c>lm-eval</c>, <c>qwen-math</c>).</summary>
public static class GradeInputFormats
{
    /// <summary>Every name <c>--input-format</c> accepts, in enum order.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. Enum.GetValues<GradeInputFormat>().Select(Name)];

    /// <summary>The command-line name of <paramref name="format"/>.</summary>
    public static string Name(GradeInputFormat format) => format switch
    {
        GradeInputFormat.Mario => "mario",
        GradeInputFormat.LmEval => "lm-eval",
        GradeInputFormat.QwenMath => "qwen-math",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
    };

    /// <summary>The format named <paramref name="name"/> (case-insensitive), or null.</summary>
    public static GradeInputFormat? Parse(string name) =>
        Enum.GetValues<GradeInputFormat>().Select(f => (GradeInputFormat?)f).FirstOrDefault(f => string.Equals(Name(f!.Value), name, StringComparison.OrdinalIgnoreCase));
}

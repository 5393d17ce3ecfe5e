namespace Mario.Tool.Grading;

/// <summary>
/// Where <c>grade</c> finds id, gold, completion and the file's own verdict in one sample line. Each role has
/// alternatives tried in order (written <c>a|b</c> on the command line). Immutable; built from a
/// <see cref="GradeInputFormat"/> and overridden by <c>--field ROLE=PATH</c>.
/// </summary>
/// <param name="Id">Id parts; those present are joined with '/'.</param>
/// <param name="Gold">Gold answer alternatives.</param>
/// <param name="Completion">Completion alternatives (one may hold a <c>[*]</c>: each element is a sample).</param>
/// <param name="Verdict">The file's verdict alternatives; empty when the file has none.</param>
public sealed record FieldMapping(
    IReadOnlyList<FieldPath> Id, IReadOnlyList<FieldPath> Gold, IReadOnlyList<FieldPath> Completion, IReadOnlyList<FieldPath> Verdict)
{
    /// <summary>
    /// The built-in mapping of <paramref name="format"/>. lm-eval: the raw generation <c>resps[0][0]</c> is
    /// re-extracted (not <c>filtered_resps</c>, which is the harness's own extraction), gold is <c>target</c>
    /// (GSM8K's target is the whole solution ending in <c>#### N</c>; mario extracts N), the verdict is
    /// <c>exact_match</c> (or <c>math_verify</c>, <c>acc</c>). Qwen2.5-Math: every element of <c>code[]</c> is a
    /// sample graded against <c>gt</c>, its verdict the same element of <c>score[]</c>.
    /// </summary>
    public static FieldMapping For(GradeInputFormat format) => format switch
    {
        GradeInputFormat.Mario => Of(["id"], ["gold", "answer_gold"], ["completion", "answer", "pred"], ["correct"]),
        GradeInputFormat.LmEval => Of(["doc_id", "filter"], ["target", "doc.answer"], ["resps[0][0]", "filtered_resps[0]"], ["exact_match", "math_verify", "acc"]),
        GradeInputFormat.QwenMath => Of(["idx"], ["gt"], ["code[*]"], ["score[*]"]),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
    };

    /// <summary>The alternatives of <paramref name="role"/>.</summary>
    public IReadOnlyList<FieldPath> Paths(FieldRole role) => role switch
    {
        FieldRole.Id => Id,
        FieldRole.Gold => Gold,
        FieldRole.Completion => Completion,
        FieldRole.Verdict => Verdict,
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
    };

    /// <summary>This mapping with <paramref name="role"/> replaced by <paramref name="paths"/>.</summary>
    public FieldMapping With(FieldRole role, IReadOnlyList<FieldPath> paths) => role switch
    {
        FieldRole.Id => this with { Id = paths },
        FieldRole.Gold => this with { Gold = paths },
        FieldRole.Completion => this with { Completion = paths },
        FieldRole.Verdict => this with { Verdict = paths },
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
    };

    /// <summary>One role's alternatives as written on the command line (<c>a|b</c>).</summary>
    public string Describe(FieldRole role) => string.Join('|', Paths(role).Select(p => p.Text));

    /// <summary>
    /// Applies <c>--field</c> overrides (<c>ROLE=PATH[|PATH...]</c>, ROLE one of id, gold, completion, verdict;
    /// <c>verdict=</c> with nothing after it means the file has no verdict). Returns the mapping or a one-line error.
    /// </summary>
    public (FieldMapping? Mapping, string? Error) Override(IEnumerable<string> assignments)
    {
        ArgumentNullException.ThrowIfNull(assignments);
        var mapping = this;
        foreach (var assignment in assignments)
        {
            var eq = assignment.IndexOf('=', StringComparison.Ordinal);
            var roleName = eq < 0 ? assignment : assignment[..eq];
            if (eq < 0 || !Enum.TryParse<FieldRole>(roleName, ignoreCase: true, out var role) || !Enum.IsDefined(role) || roleName.Any(char.IsDigit))
            {
                return (null, $"--field '{assignment}': expected ROLE=PATH with ROLE one of id, gold, completion, verdict (e.g. --field completion=resps[0][0])");
            }

            var value = assignment[(eq + 1)..];
            var paths = new List<FieldPath>();
            foreach (var text in value.Length == 0 ? [] : value.Split('|'))
            {
                var (path, error) = FieldPath.Parse(text);
                if (path is null)
                {
                    return (null, $"--field '{assignment}': {error}");
                }

                paths.Add(path);
            }

            if (paths.Count == 0 && role != FieldRole.Verdict)
            {
                return (null, $"--field '{assignment}': {roleName} needs a path (e.g. --field {roleName.ToLowerInvariant()}=answer)");
            }

            mapping = mapping.With(role, paths);
        }

        return (mapping, null);
    }

    private static FieldMapping Of(string[] id, string[] gold, string[] completion, string[] verdict) =>
        new([.. id.Select(FieldPath.Of)], [.. gold.Select(FieldPath.Of)], [.. completion.Select(FieldPath.Of)], [.. verdict.Select(FieldPath.Of)]);
}

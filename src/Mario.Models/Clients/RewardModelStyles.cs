namespace Mario.Models.Clients;

/// <summary>The one name table of <see cref="RewardModelStyle"/>: the spellings used in specs, errors and docs.</summary>
public static class RewardModelStyles
{
    private static readonly (RewardModelStyle Style, string Name)[] Table =
    [
        (RewardModelStyle.QwenPrm, "qwen-prm"),
        (RewardModelStyle.MathShepherd, "math-shepherd"),
        (RewardModelStyle.Outcome, "orm"),
    ];

    /// <summary>The style a spec gets when it names none.</summary>
    public const RewardModelStyle Default = RewardModelStyle.QwenPrm;

    /// <summary>Every spelling, comma separated, for error messages.</summary>
    public static string Names { get; } = string.Join(", ", Table.Select(t => t.Name));

    /// <summary>The spelling of <paramref name="style"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined style.</exception>
    public static string Name(RewardModelStyle style)
    {
        foreach (var (s, name) in Table)
        {
            if (s == style)
            {
                return name;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(style), style, "unknown reward model style");
    }

    /// <summary>The style spelled <paramref name="name"/> (ordinal), or null when none is.</summary>
    public static RewardModelStyle? Parse(string name)
    {
        foreach (var (s, n) in Table)
        {
            if (string.Equals(n, name, StringComparison.Ordinal))
            {
                return s;
            }
        }

        return null;
    }
}

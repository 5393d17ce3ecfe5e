using System.Text;
using System.Text.RegularExpressions;

namespace Mario.Tool.Tests.Support;

/// <summary>
/// Says what moved between two per-problem verdict snapshots of a comparison (the default eval's): for each strategy
/// whose score or interval changed or whose problems moved, the old and new score line and every problem whose
/// correctness (or answer) changed, with old and new. A snapshot is sections <c>## LABEL: SCORE</c> followed by lines
/// <c>ID gold=G answer=A correct|wrong</c>.
/// </summary>
internal static partial class VerdictSnapshotDiff
{
    /// <summary>The description of the changes, or null when the snapshots agree.</summary>
    public static string? Describe(string approved, string received)
    {
        var before = Parse(approved);
        var after = Parse(received);
        var text = new StringBuilder();
        foreach (var label in before.Keys.Concat(after.Keys.Where(k => !before.ContainsKey(k))))
        {
            if (!after.TryGetValue(label, out var now))
            {
                text.Append(label).Append(": no longer in the comparison (was ").Append(before[label].Score).Append(")\n");
                continue;
            }

            if (!before.TryGetValue(label, out var was))
            {
                text.Append(label).Append(": new in the comparison (").Append(now.Score).Append(")\n");
                continue;
            }

            var moved = new List<string>();
            foreach (var (id, old) in was.Problems)
            {
                if (!now.Problems.TryGetValue(id, out var current))
                {
                    moved.Add($"  {id}: {Word(old.Correct)} -> missing");
                }
                else if (old.Correct != current.Correct)
                {
                    moved.Add($"  {id}: {Word(old.Correct)} -> {Word(current.Correct)} (gold {old.Gold}, answer {old.Answer} -> {current.Answer})");
                }
                else if (old.Answer != current.Answer || old.Gold != current.Gold)
                {
                    moved.Add($"  {id}: still {Word(current.Correct)}, answer {old.Answer} -> {current.Answer}{(old.Gold != current.Gold ? $", gold {old.Gold} -> {current.Gold}" : "")}");
                }
            }

            moved.AddRange(now.Problems.Keys.Where(id => !was.Problems.ContainsKey(id)).Select(id => $"  {id}: new, {Word(now.Problems[id].Correct)}"));
            if (was.Score != now.Score || moved.Count > 0)
            {
                text.Append(label).Append(": ").Append(was.Score).Append(" -> ").Append(now.Score).Append('\n');
                foreach (var line in moved)
                {
                    text.Append(line).Append('\n');
                }
            }
        }

        return text.Length == 0 ? null : text.ToString();
    }

    private static string Word(bool correct) => correct ? "correct" : "wrong";

    private static Dictionary<string, Section> Parse(string snapshot)
    {
        var sections = new Dictionary<string, Section>(StringComparer.Ordinal);
        Section? current = null;
        foreach (var line in snapshot.Replace("\r\n", "\n").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (Header().Match(line) is { Success: true } header)
            {
                current = new Section(header.Groups["score"].Value, new Dictionary<string, Verdict>(StringComparer.Ordinal));
                sections[header.Groups["label"].Value] = current;
            }
            else if (current is not null && ProblemLine().Match(line) is { Success: true } problem)
            {
                current.Problems[problem.Groups["id"].Value] = new Verdict(problem.Groups["gold"].Value, problem.Groups["answer"].Value, problem.Groups["verdict"].Value == "correct");
            }
        }

        return sections;
    }

    [GeneratedRegex(@"^## (?<label>.+?): (?<score>\d+/\d+.*)$")]
    private static partial Regex Header();

    [GeneratedRegex(@"^(?<id>\S+) gold=(?<gold>.*) answer=(?<answer>.*) (?<verdict>correct|wrong)$")]
    private static partial Regex ProblemLine();

    private sealed record Section(string Score, Dictionary<string, Verdict> Problems);

    private sealed record Verdict(string Gold, string Answer, bool Correct);
}

using System.Text.Json;
using Mario.Testing;

namespace Mario.Eval.Tests;

/// <summary>Every gold answer of every full suite (<see cref="SuiteData.FullSuites"/>) checks equal to itself, and nearly all parse.</summary>
public sealed class SuiteGoldAnswerTests
{
    private static readonly EquivalenceChecker Checker = new();

    private static IEnumerable<(string File, int Line, string Answer)> GoldAnswers(string dir)
    {
        foreach (var file in Directory.GetFiles(dir, "*.jsonl").Order(StringComparer.Ordinal))
        {
            var line = 0;
            foreach (var text in File.ReadLines(file))
            {
                line++;
                using var doc = JsonDocument.Parse(text);
                yield return (Path.GetFileName(file), line, doc.RootElement.GetProperty("answer").GetString() ?? string.Empty);
            }
        }
    }

    [FullSuitesFact]
    public void EverySuiteGold_ChecksEqualToItself_AndParses()
    {
        var dir = SuiteData.FullSuites;

        var total = 0;
        var parsed = 0;
        var failures = new List<string>();
        foreach (var (file, line, answer) in GoldAnswers(dir))
        {
            total++;
            if (!Checker.Check(answer, answer).IsEquivalent && answer.Trim().Length > 0)
            {
                failures.Add($"{file}:{line} {answer}");
            }

            if (Checker.TryParse(answer) is null)
            {
                parsed++;
                var structural = Checker.CheckParsed(answer, answer);
                if (!structural.IsEquivalent && structural.Method != EquivalenceMethod.Budget)
                {
                    failures.Add($"{file}:{line} parsed answer not equal to itself: {answer} -> {structural}");
                }
            }
        }

        Assert.True(total > 30_000, $"expected the full suites, saw {total} answers");
        Assert.Empty(failures);
        var rate = parsed / (double)total;
        Assert.True(rate >= 0.985, $"{parsed} of {total} gold answers parse ({rate:P2})");
    }
}

using System.Text.Json;

namespace Mario.Eval.Tests;

/// <summary>One labelled row of Data/equivalence-cases.jsonl.</summary>
public sealed record EquivalenceCase(int Line, string Gold, string Pred, bool Expected, string Note)
{
    public override string ToString() => $"L{Line}: {Note}";

    public static IReadOnlyList<EquivalenceCase> Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Data", "equivalence-cases.jsonl");
        var rows = new List<EquivalenceCase>();
        var line = 0;
        foreach (var text in File.ReadLines(path))
        {
            line++;
            using var doc = JsonDocument.Parse(text);
            var root = doc.RootElement;
            rows.Add(new EquivalenceCase(
                line,
                root.GetProperty("gold").GetString()!,
                root.GetProperty("pred").GetString()!,
                root.GetProperty("expected").GetBoolean(),
                root.GetProperty("note").GetString()!));
        }

        return rows;
    }
}

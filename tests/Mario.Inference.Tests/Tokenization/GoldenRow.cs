using System.Text.Json;

namespace Mario.Inference.Tests.Tokenization;

/// <summary>One line of a golden file written by tools/tokenizer-golden/generate.mjs.</summary>
internal sealed record GoldenRow(string Text, int[] Ids, string Decoded)
{
    private static readonly Dictionary<string, GoldenRow[]> Files = [];

    /// <summary>All rows of a golden file under Tokenization/Data.</summary>
    public static GoldenRow[] Load(string name)
    {
        lock (Files)
        {
            if (!Files.TryGetValue(name, out var rows))
            {
                var options = new JsonSerializerOptions { PropertyNameCaseInsensitive = true };
                rows = File.ReadAllLines(TokenizerFixtures.DataPath(name))
                    .Where(line => line.Length > 0)
                    .Select((line, i) => JsonSerializer.Deserialize<GoldenRow>(line, options)
                        ?? throw new InvalidDataException($"{name}:{i + 1}: empty row"))
                    .ToArray();
                Files[name] = rows;
            }

            return rows;
        }
    }

    /// <summary>Row indexes as theory data (indexes, because some texts are not valid xunit display strings).</summary>
    public static IEnumerable<object[]> Indexes(string name) => Load(name).Select((_, i) => new object[] { i });
}

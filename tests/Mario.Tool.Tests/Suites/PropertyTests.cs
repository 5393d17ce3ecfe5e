using System.Text;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using Mario.Search;
using Mario.Tool.Suites;

namespace Mario.Tool.Tests.Suites;

public sealed class PropertyTests
{
    [Fact]
    public void Shards_OfAnySelection_AreDisjointAndCoverIt()
    {
        var manifest = SuiteCatalog.LoadEmbedded().Find("gsm8k-test-mini")!;
        Prop.ForAll(Gen.Choose(0, 60).ToArbitrary(), Gen.Choose(1, 9).ToArbitrary(), (size, count) =>
        {
            var suite = new LoadedSuite(manifest, "x", "sha", Enumerable.Range(0, size).Select(i => new Problem($"p{i}", "q", "1")).ToList());
            var ids = Enumerable.Range(1, count)
                .SelectMany(i => new ProblemSelection(null, new ShardSpec(i, count), null).Apply(suite).Problems.Select(p => p.Id))
                .ToList();
            return ids.Count == size && ids.Distinct().Count() == size;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void PythonStyleJson_AnyString_ParsesBackToItself()
    {
        Prop.ForAll(ArbMap.Default.ArbFor<string>(), text =>
        {
            // Lone surrogates cannot round-trip through UTF-8 in any writer; they are out of scope here.
            if (text is null || text.Any(char.IsSurrogate))
            {
                return true;
            }

            var builder = new StringBuilder();
            PythonStyleJson.AppendObject(builder, [("k", text)]);
            var line = builder.ToString();
            return !line.Contains('\n') && JsonDocument.Parse(line).RootElement.GetProperty("k").GetString() == text;
        }).QuickCheckThrowOnFailure();
    }
}

using System.Globalization;
using Mario.Inference.Tokenization;

namespace Mario.Benchmarks;

/// <summary>
/// How often Microsoft.ML.Tokenizers' ids equal mario's, document by document: over the whole corpus, over the
/// corpus documents with characters outside the BMP, and on <see cref="MlTokenizersBpe.NonBmpProbes"/>.
/// </summary>
/// <param name="Documents">Corpus documents.</param>
/// <param name="Agreeing">Corpus documents whose ids are identical.</param>
/// <param name="NonBmpDocuments">Corpus documents with a character outside the BMP.</param>
/// <param name="NonBmpAgreeing">Of those, the ones whose ids are identical.</param>
/// <param name="Probes">Each probe line, whether the ids agree, and both id counts.</param>
/// <param name="FirstDisagreement">The first disagreeing corpus document (cut to 80 characters), or null.</param>
internal sealed record Agreement(
    int Documents, int Agreeing, int NonBmpDocuments, int NonBmpAgreeing,
    IReadOnlyList<(string Text, bool Agrees, int MarioIds, int OtherIds)> Probes, string? FirstDisagreement)
{
    /// <summary>Encodes every document and probe with both tokenizers and counts identical id sequences.</summary>
    public static Agreement Count(BpeTokenizer mario, Microsoft.ML.Tokenizers.Tokenizer other, IReadOnlyList<string> docs)
    {
        var agreeing = 0;
        var nonBmp = 0;
        var nonBmpAgreeing = 0;
        string? first = null;
        foreach (var doc in docs)
        {
            var same = mario.Encode(doc).AsSpan().SequenceEqual(other.EncodeToIds(doc).ToArray());
            agreeing += same ? 1 : 0;
            first ??= same ? null : doc[..Math.Min(doc.Length, 80)].ReplaceLineEndings(" ");
            if (MlTokenizersBpe.HasNonBmp(doc))
            {
                nonBmp++;
                nonBmpAgreeing += same ? 1 : 0;
            }
        }

        var probes = MlTokenizersBpe.NonBmpProbes.Select(text =>
        {
            var a = mario.Encode(text);
            var b = other.EncodeToIds(text);
            return (text, a.AsSpan().SequenceEqual(b.ToArray()), a.Length, b.Count);
        }).ToList();
        return new Agreement(docs.Count, agreeing, nonBmp, nonBmpAgreeing, probes, first);
    }

    /// <summary>Prints the counts, one probe per line.</summary>
    public void Write(TextWriter output)
    {
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Microsoft.ML.Tokenizers ids equal mario's on {Agreeing} of {Documents} corpus documents; on {NonBmpAgreeing} of {NonBmpDocuments} corpus documents with characters outside the BMP"));
        if (FirstDisagreement is not null)
        {
            output.WriteLine($"  first disagreeing document: {FirstDisagreement}");
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"non-BMP probes: {Probes.Count(p => p.Agrees)} of {Probes.Count} agree"));
        foreach (var (text, agrees, marioIds, otherIds) in Probes)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {(agrees ? "same" : "DIFF")}  mario {marioIds,3} ids, ML.Tokenizers {otherIds,3} ids  {text}"));
        }
    }
}

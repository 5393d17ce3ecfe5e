using System.Text.Json.Serialization;
using Mario.Search.Steps;

namespace Mario.Tool.Suites;

/// <summary>
/// One evaluation suite: where its data comes from, how to read it and how to grade it.
/// Stored as <c>eval-suites/&lt;id&gt;.json</c>; the schema is documented in <c>eval-suites/README.md</c>.
/// Unknown fields are rejected by <see cref="ManifestReader"/>.
/// </summary>
public sealed record SuiteManifest
{
    /// <summary>Suite id, equal to the manifest file name without <c>.json</c> (lower-case letters, digits, '-', '_').</summary>
    public required string Id { get; init; }

    /// <summary>Schema-independent content version, at least 1; bump it when data or grading changes so old runs are not compared.</summary>
    public required int Version { get; init; }

    /// <summary>Human-readable name.</summary>
    public required string Title { get; init; }

    /// <summary>What the suite is for.</summary>
    public SuiteRole Role { get; init; } = SuiteRole.Eval;

    /// <summary>Short licence of the data (as SOURCES.md states it).</summary>
    public required string License { get; init; }

    /// <summary>Number of problems (JSONL lines) in the data file, at least 1.</summary>
    public required int Rows { get; init; }

    /// <summary>The normalized data file.</summary>
    public required SuiteDataFile Data { get; init; }

    /// <summary>The pinned original the data was derived from; null for suites mario generates and ships itself.</summary>
    public SuiteSource? Source { get; init; }

    /// <summary>How <c>suites pull</c> rebuilds <see cref="Data"/> from <see cref="Source"/>.</summary>
    public PullSpec Pull { get; init; } = new();

    /// <summary>One-line description of the source-to-normalized field mapping (from SOURCES.md).</summary>
    public required string Mapping { get; init; }

    /// <summary>Which JSONL fields hold id, question, answer and solution.</summary>
    public SuiteFields Fields { get; init; } = new();

    /// <summary>How the gold answer is read from <see cref="SuiteFields.Answer"/>.</summary>
    public GoldExtraction GoldExtraction { get; init; } = GoldExtraction.Verbatim;

    /// <summary>How predicted and gold answers are compared.</summary>
    public CompareMode Compare { get; init; } = CompareMode.Math;

    /// <summary>Default step format for step-level strategies, by a name of <see cref="StepFormats.Names"/> (manifests use sft, react, rstar, cot).</summary>
    [JsonConverter(typeof(StepFormatJsonConverter))]
    public StepFormatKind StepFormat { get; init; } = StepFormatKind.PlainCot;

    /// <summary>Default few-shot set, or null for zero-shot prompts.</summary>
    public FewShotSpec? FewShot { get; init; }

    /// <summary>Free-text caveats (e.g. rows with empty answers), or null.</summary>
    public string? Notes { get; init; }
}

using Mario.Tool.Suites;

namespace Mario.Tool.Running;

/// <summary>What a summary records about the run besides its metrics.</summary>
/// <param name="Manifest">The suite manifest.</param>
/// <param name="DataSha256">The verified sha256 of the data file.</param>
/// <param name="Options">The run's options.</param>
/// <param name="ModelId">The policy model's id.</param>
/// <param name="ValueModelId">The value model's id, or null.</param>
/// <param name="Solver">The solver's name.</param>
/// <param name="StepFormat">The step format the prompts used.</param>
/// <param name="Sandbox">The sandbox's isolation summary, or "not used".</param>
/// <param name="Selected">Problems selected for the run (after ids, shard and limit).</param>
/// <param name="StartedAt">When the run was first started (UTC).</param>
/// <param name="FinishedAt">When this summary was written (UTC).</param>
/// <param name="Warnings">Warnings said before the run started (e.g. prompts that do not fit the context window).</param>
/// <param name="ModelSha256">The policy's fingerprint (<see cref="ModelFingerprint"/>), or null.</param>
/// <param name="ValueModelSha256">The value model's fingerprint, or null.</param>
/// <param name="Server">What an HTTP policy's servers reported and what was sent to them, or null for other policies.</param>
public sealed record RunInfo(
    SuiteManifest Manifest,
    string DataSha256,
    EvalOptions Options,
    string ModelId,
    string? ValueModelId,
    string Solver,
    string StepFormat,
    string Sandbox,
    int Selected,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    IReadOnlyList<string>? Warnings = null,
    string? ModelSha256 = null,
    string? ValueModelSha256 = null,
    Mario.Models.Clients.PolicyServerInfo? Server = null);

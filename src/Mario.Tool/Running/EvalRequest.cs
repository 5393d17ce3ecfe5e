namespace Mario.Tool.Running;

/// <summary>
/// What the <c>eval</c> command line asks for, parsed and validated: the runs to start (suites times strategies, in
/// table order), where to write them, or which folder to resume.
/// </summary>
/// <param name="Runs">The runs, each validated; at least one. On a resume they carry the command line's values,
/// compared with the stored ones only where <paramref name="Explicit"/> names the option.</param>
/// <param name="Output">The <c>--output</c> folder, or null for a name under <c>runs/</c>.</param>
/// <param name="Resume">The <c>--resume</c> folder, or null for a new run.</param>
/// <param name="Explicit">The options given explicitly on the command line, by name (<c>--seed</c>).</param>
/// <param name="Concurrency">An explicit <c>--concurrency</c> (a resume may change it), or null.</param>
/// <param name="DataDir">An explicit <c>--data-dir</c>, absolute (a resume may change it), or null.</param>
public sealed record EvalRequest(
    IReadOnlyList<EvalOptions> Runs,
    string? Output,
    string? Resume,
    IReadOnlySet<string> Explicit,
    int? Concurrency,
    string? DataDir);

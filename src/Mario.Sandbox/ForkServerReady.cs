namespace Mario.Sandbox;

/// <summary>What a fork server reported once it had preloaded its modules and run its probe cell.</summary>
/// <param name="PythonVersion">The interpreter version.</param>
/// <param name="Packages">Preloaded module name to <c>__version__</c> (empty when the module has none).</param>
/// <param name="Isolation">The isolation checks.</param>
/// <param name="Errors">Setup problems, e.g. a preload import that failed; empty when healthy.</param>
internal sealed record ForkServerReady(
    string PythonVersion, IReadOnlyDictionary<string, string> Packages, IsolationReport Isolation, IReadOnlyList<string> Errors);

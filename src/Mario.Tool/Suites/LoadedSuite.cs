using Mario.Search;

namespace Mario.Tool.Suites;

/// <summary>A suite whose data file was found, verified against its sha256 and parsed.</summary>
/// <param name="Manifest">The manifest.</param>
/// <param name="DataPath">Absolute path of the data file that was read.</param>
/// <param name="DataSha256">The verified sha256 (equal to the manifest's).</param>
/// <param name="Problems">Every problem in file order.</param>
public sealed record LoadedSuite(SuiteManifest Manifest, string DataPath, string DataSha256, IReadOnlyList<Problem> Problems);

using System.Text.Json.Serialization;

namespace Mario.Tool.Runs;

/// <summary>Which suite, exactly.</summary>
/// <param name="Id">Suite id.</param>
/// <param name="Version">Manifest version.</param>
/// <param name="DataFile">Data file name.</param>
/// <param name="DataSha256">sha256 of the data file that was read.</param>
/// <param name="Rows">Rows the manifest declares.</param>
public sealed record SuiteIdentity(string Id, int Version, string DataFile, string DataSha256, int Rows);

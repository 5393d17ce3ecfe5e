using System.Reflection;

namespace Mario.Tool.Suites;

/// <summary>
/// The suite manifests shipped inside the tool (embedded from <c>eval-suites/*.json</c> at build time), plus
/// manifests given as a path to a <c>.json</c> file.
/// </summary>
public sealed class SuiteCatalog
{
    private const string ResourcePrefix = "Mario.Tool.eval-suites.";

    private readonly IReadOnlyDictionary<string, SuiteManifest> _byId;

    private SuiteCatalog(IReadOnlyDictionary<string, SuiteManifest> byId) => _byId = byId;

    /// <summary>Every embedded manifest, ordered by id.</summary>
    public IReadOnlyList<SuiteManifest> All => _byId.Values.OrderBy(m => m.Id, StringComparer.Ordinal).ToList();

    private static readonly Lazy<SuiteCatalog> Embedded = new(ReadEmbedded);

    /// <summary>The embedded manifests (read once per process). A bad embedded manifest is a build defect, so it throws.</summary>
    public static SuiteCatalog LoadEmbedded() => Embedded.Value;

    private static SuiteCatalog ReadEmbedded()
    {
        var assembly = typeof(SuiteCatalog).Assembly;
        var byId = new Dictionary<string, SuiteManifest>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            var fileName = name[ResourcePrefix.Length..];
            var (manifest, error) = ManifestReader.Parse(reader.ReadToEnd(), "eval-suites/" + fileName);
            if (manifest is null)
            {
                throw new InvalidOperationException($"embedded manifest is invalid: {error}");
            }

            byId.Add(manifest.Id, manifest);
        }

        return new SuiteCatalog(byId);
    }

    /// <summary>The embedded manifest with this id, or null.</summary>
    public SuiteManifest? Find(string id) => _byId.GetValueOrDefault(id);

    /// <summary>
    /// Resolves a suite argument: an embedded id, or a path to a manifest file (ending in <c>.json</c>).
    /// </summary>
    /// <returns>The manifest with the folder that relative data lookups may also use, or a one-line error.</returns>
    public async Task<(SuiteManifest? Manifest, string? ManifestDirectory, string? Error)> ResolveAsync(string suite, CancellationToken cancellationToken)
    {
        if (suite.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            if (!File.Exists(suite))
            {
                return (null, null, $"manifest file '{suite}' does not exist");
            }

            var (manifest, error) = await ManifestReader.ReadFileAsync(suite, cancellationToken).ConfigureAwait(false);
            return (manifest, Path.GetDirectoryName(Path.GetFullPath(suite)), error);
        }

        if (Find(suite) is { } found)
        {
            return (found, null, null);
        }

        var near = _byId.Keys.Where(k => k.Contains(suite, StringComparison.OrdinalIgnoreCase) || suite.Contains(k, StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal).Take(4).ToList();
        var hint = near.Count > 0 ? $"did you mean {string.Join(", ", near)}? " : "";
        return (null, null, $"unknown suite '{suite}'; {hint}run 'dotnet mario suites list' for the {_byId.Count} known suites");
    }

    /// <summary>The assembly that embeds the manifests (for tests that compare them with the files on disk).</summary>
    public static Assembly ResourceAssembly => typeof(SuiteCatalog).Assembly;
}

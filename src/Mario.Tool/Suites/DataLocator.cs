namespace Mario.Tool.Suites;

/// <summary>
/// Finds suite data files. Search order: <c>--data-dir</c>, <c>$MARIO_DATA_DIR</c>, the user cache
/// (<c>$MARIO_CACHE_DIR</c>, else <c>$XDG_CACHE_HOME/mario/suites</c>, else <c>~/.cache/mario/suites</c>), then
/// <c>../shared/suites</c> beside the repository (the folder holding <c>Mario.sln</c>, found by walking up from the
/// current directory and from the tool's own folder).
/// </summary>
public sealed class DataLocator
{
    /// <summary>Environment variable naming a data folder searched after <c>--data-dir</c>.</summary>
    public const string DataDirVariable = "MARIO_DATA_DIR";

    /// <summary>Environment variable overriding the cache folder that <c>suites pull</c> writes to.</summary>
    public const string CacheDirVariable = "MARIO_CACHE_DIR";

    private DataLocator(IReadOnlyList<DataLocation> locations, string cacheDirectory)
    {
        Locations = locations;
        CacheDirectory = cacheDirectory;
    }

    /// <summary>The folders searched, in order (folders that do not exist are kept, so errors can list them).</summary>
    public IReadOnlyList<DataLocation> Locations { get; }

    /// <summary>The user cache folder (where <c>suites pull</c> stores files).</summary>
    public string CacheDirectory { get; }

    /// <summary>Builds the search path from the process environment.</summary>
    /// <param name="dataDir">The <c>--data-dir</c> option, or null.</param>
    public static DataLocator FromEnvironment(string? dataDir) => Create(
        dataDir,
        Environment.GetEnvironmentVariable,
        Environment.GetFolderPath(Environment.SpecialFolder.UserProfile),
        Directory.GetCurrentDirectory(),
        AppContext.BaseDirectory);

    /// <summary>Builds the search path from explicit inputs (tests inject these).</summary>
    public static DataLocator Create(string? dataDir, Func<string, string?> environment, string home, string currentDirectory, string toolDirectory)
    {
        var locations = new List<DataLocation>();
        if (!string.IsNullOrWhiteSpace(dataDir))
        {
            locations.Add(new DataLocation("--data-dir", Full(dataDir, currentDirectory)));
        }

        if (environment(DataDirVariable) is { Length: > 0 } envDir)
        {
            locations.Add(new DataLocation(DataDirVariable, Full(envDir, currentDirectory)));
        }

        var cache = environment(CacheDirVariable) is { Length: > 0 } cacheOverride
            ? Full(cacheOverride, currentDirectory)
            : environment("XDG_CACHE_HOME") is { Length: > 0 } xdg
                ? Full(Path.Combine(xdg, "mario", "suites"), currentDirectory)
                : Full(Path.Combine(home, ".cache", "mario", "suites"), currentDirectory);
        locations.Add(new DataLocation("cache", cache));

        // Suites mario generates itself (e.g. synth-arith) ship beside the tool and live in the repo's eval-suites/data.
        var shipped = Full(Path.Combine(toolDirectory, "eval-suites", "data"), currentDirectory);
        if (Directory.Exists(shipped))
        {
            locations.Add(new DataLocation("tool", shipped));
        }

        foreach (var start in new[] { currentDirectory, toolDirectory })
        {
            if (FindRepositoryRoot(start) is { } root)
            {
                var ownData = Full(Path.Combine(root, "eval-suites", "data"), currentDirectory);
                if (Directory.Exists(ownData) && locations.All(l => l.Directory != ownData))
                {
                    locations.Add(new DataLocation("repo", ownData));
                }

                var shared = Full(Path.Combine(root, "..", "shared", "suites"), currentDirectory);
                if (locations.All(l => l.Directory != shared))
                {
                    locations.Add(new DataLocation("repo", shared));
                }
            }
        }

        return new DataLocator(locations, cache);
    }

    private static string Full(string path, string currentDirectory) =>
        Path.TrimEndingDirectorySeparator(Path.GetFullPath(path, currentDirectory));

    /// <summary>The nearest folder at or above <paramref name="start"/> that holds <c>Mario.sln</c>, or null.</summary>
    public static string? FindRepositoryRoot(string start)
    {
        for (var dir = new DirectoryInfo(Path.GetFullPath(start)); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Mario.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }

    /// <summary>The first existing file with this name along the search path, or null.</summary>
    public string? Find(string fileName) =>
        Locations.Select(l => Path.Combine(l.Directory, fileName)).FirstOrDefault(File.Exists);

    /// <summary>One line listing where a file was looked for, for error messages.</summary>
    public string DescribeSearch() => string.Join(", ", Locations.Select(l => $"{l.Label} {l.Directory}"));
}

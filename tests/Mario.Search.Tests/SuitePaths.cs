namespace Mario.Search.Tests;

/// <summary>Finds the shared suites folder: ../shared/suites next to the folder that holds Mario.sln.</summary>
internal static class SuitePaths
{
    public static string FewShotDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Mario.sln")))
            {
                return Path.Combine(dir.FullName, "..", "shared", "suites", "super_mario_few_shots");
            }
        }

        throw new InvalidOperationException("Mario.sln not found above the test assembly.");
    }
}

using Mario.Tool.Suites;
using Mario.Tool.Tests.Support;

namespace Mario.Tool.Tests.Suites;

public sealed class DataLocatorTests
{
    [Theory]
    [InlineData(true, true, true, "--data-dir")]
    [InlineData(false, true, true, "MARIO_DATA_DIR")]
    [InlineData(false, false, true, "cache")]
    [InlineData(false, false, false, "repo")]
    public void Find_FileInSeveralPlaces_FollowsTheSearchOrder(bool inDataDir, bool inEnvDir, bool inCache, string expectedLabel)
    {
        using var temp = new TempDirectory();
        var repo = temp.Combine("work", "repo");
        var shared = temp.Combine("work", "shared", "suites");
        Directory.CreateDirectory(Path.Combine(repo, "src", "deep"));
        Directory.CreateDirectory(shared);
        File.WriteAllText(Path.Combine(repo, "Mario.sln"), "");
        File.WriteAllText(Path.Combine(shared, "s.jsonl"), "");
        var places = new (bool Present, string Dir)[] { (inDataDir, temp.Combine("data")), (inEnvDir, temp.Combine("env")), (inCache, temp.Combine("cache")) };
        foreach (var (present, dir) in places)
        {
            Directory.CreateDirectory(dir);
            if (present)
            {
                File.WriteAllText(Path.Combine(dir, "s.jsonl"), "");
            }
        }

        var env = new Dictionary<string, string?> { ["MARIO_DATA_DIR"] = temp.Combine("env"), ["MARIO_CACHE_DIR"] = temp.Combine("cache") };
        var locator = DataLocator.Create(temp.Combine("data"), k => env.GetValueOrDefault(k), temp.Combine("home"), Path.Combine(repo, "src", "deep"), temp.Combine("tool"));

        var found = locator.Find("s.jsonl");

        Assert.Equal(["--data-dir", "MARIO_DATA_DIR", "cache", "repo"], locator.Locations.Select(l => l.Label));
        Assert.Equal(locator.Locations.Single(l => l.Label == expectedLabel).Directory, Path.GetDirectoryName(found));
    }

    [Fact]
    public void Create_TrailingSlashes_AreNormalized()
    {
        var locator = DataLocator.Create("/d/", k => k == "MARIO_CACHE_DIR" ? "/c/" : null, "/home/u", "/", "/");

        Assert.Equal(["/d", "/c"], locator.Locations.Select(l => l.Directory));
    }

    [Fact]
    public void Create_NoOverrides_UsesXdgThenHomeCache()
    {
        var withXdg = DataLocator.Create(null, k => k == "XDG_CACHE_HOME" ? "/x" : null, "/home/u", "/", "/");
        var withHome = DataLocator.Create(null, _ => null, "/home/u", "/", "/");

        Assert.Equal("/x/mario/suites", withXdg.CacheDirectory);
        Assert.Equal("/home/u/.cache/mario/suites", withHome.CacheDirectory);
    }
}

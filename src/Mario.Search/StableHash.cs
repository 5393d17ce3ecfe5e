using System.Text;

namespace Mario.Search;

/// <summary>
/// FNV-1a over UTF-8: a hash that is the same in every process (string.GetHashCode is randomised per process),
/// used to derive per-problem seeds.
/// </summary>
public static class StableHash
{
    /// <summary>The 64-bit FNV-1a hash of <paramref name="text"/>'s UTF-8 bytes.</summary>
    public static ulong Of(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return hash;
    }

    /// <summary>A seed for one problem of a run: mixes the run seed with the problem id.</summary>
    public static int ProblemSeed(ulong runSeed, string problemId)
    {
        var mixed = (Of(problemId) ^ (runSeed * 0x9E3779B97F4A7C15UL)) * 0xBF58476D1CE4E5B9UL;
        return unchecked((int)(mixed ^ (mixed >> 31)));
    }
}

using System.Security.Cryptography;
using System.Text;

namespace Mario.Tool.Running;

/// <summary>Per-problem seeds derived from the run seed and the problem id, independent of order and concurrency.</summary>
public static class ProblemSeed
{
    /// <summary>The first 8 bytes (little-endian) of SHA-256 over the seed's decimal text, a NUL, and the UTF-8 id.</summary>
    public static ulong Derive(ulong runSeed, string problemId)
    {
        var bytes = Encoding.UTF8.GetBytes($"{runSeed}\0{problemId}");
        return BitConverter.ToUInt64(SHA256.HashData(bytes), 0);
    }
}

using System.Globalization;

namespace Mario.Benchmarks;

/// <summary>
/// CPU time read from /proc (Linux), so the sandbox benchmark can report CPU per cell, a figure that other load on
/// a shared machine distorts far less than wall-clock time.
/// </summary>
internal static class ProcessCpu
{
    private const double TicksPerSecond = 100; // USER_HZ on Linux

    /// <summary>This process's own user+system time, in ms.</summary>
    public static double SelfMs() => Fields("/proc/self/stat") is { } f ? (f[13] + f[14]) * 1000 / TicksPerSecond : 0;

    /// <summary>User+system time of this process's reaped children (e.g. fresh python3 runs), in ms.</summary>
    public static double ReapedChildrenMs() => Fields("/proc/self/stat") is { } f ? (f[15] + f[16]) * 1000 / TicksPerSecond : 0;

    /// <summary>
    /// User+system time of a process, its direct children and everything they reaped, in ms: for a fork server that
    /// is the outer process, the inner pid-1 server and every cell it has reaped.
    /// </summary>
    public static double TreeMs(int pid)
    {
        var total = 0.0;
        if (Fields($"/proc/{pid}/stat") is { } own)
        {
            total += own[13] + own[14];
        }

        var children = $"/proc/{pid}/task/{pid}/children";
        if (File.Exists(children))
        {
            foreach (var child in File.ReadAllText(children).Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (Fields($"/proc/{child}/stat") is { } f)
                {
                    total += f[13] + f[14] + f[15] + f[16];
                }
            }
        }

        return total * 1000 / TicksPerSecond;
    }

    /// <summary>The numeric fields of a stat file, indexed as in proc(5) minus one (field 14, utime, is [13]).</summary>
    private static double[]? Fields(string path)
    {
        try
        {
            var text = File.ReadAllText(path);
            var afterName = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            var fields = new double[afterName.Length + 2];
            for (var i = 0; i < afterName.Length; i++)
            {
                fields[i + 2] = double.TryParse(afterName[i], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : 0;
            }

            return fields;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}

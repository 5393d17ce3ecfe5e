using Mario.Sandbox;

namespace Mario.Sandbox.Tests;

/// <summary>Locates the sandbox interpreter once per test run; tests that need it skip with the reason when it is absent.</summary>
internal static class PythonAvailability
{
    private static readonly Lazy<(PythonInterpreter? Interpreter, string Reason)> Located = new(() =>
    {
        try
        {
            return (PythonLocator.LocateAsync(null, null, CancellationToken.None).AsTask().GetAwaiter().GetResult(), "");
        }
        catch (SandboxUnavailableException ex)
        {
            return (null, ex.Message);
        }
    });

    public static PythonInterpreter? Interpreter => Located.Value.Interpreter;

    public static string? SkipReason => Located.Value.Interpreter is null
        ? "no suitable python (needs python3 with sympy and numpy): " + Located.Value.Reason
        : null;

    /// <summary>Root with CAP_SYS_ADMIN (bit 21 of CapEff): the conditions under which isolation must be complete.</summary>
    public static bool CanIsolate
    {
        get
        {
            var line = File.ReadAllLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("CapEff:", StringComparison.Ordinal));
            return IsRoot && line is not null &&
                   (ulong.Parse(line[7..].Trim(), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture) & (1UL << 21)) != 0;
        }
    }

    public static bool IsRoot => Environment.UserName == "root" || Environment.GetEnvironmentVariable("USER") == "root"
                                 || File.ReadAllText("/proc/self/status").Contains("\nUid:\t0\t", StringComparison.Ordinal);
}

using Mario.Sandbox;

namespace Mario.Tool.Tests.Sandbox;

/// <summary>A fact that needs python3 with sympy and numpy; skipped with the reason when none is found.</summary>
public sealed class SandboxCliFactAttribute : FactAttribute
{
    private static readonly Lazy<string?> Reason = new(() =>
    {
        try
        {
            PythonLocator.LocateAsync(null, null, CancellationToken.None).AsTask().GetAwaiter().GetResult();
            return null;
        }
        catch (SandboxUnavailableException ex)
        {
            return "no suitable python (needs python3 with sympy and numpy): " + ex.Message;
        }
    });

    /// <summary>Sets <see cref="FactAttribute.Skip"/> when no interpreter is available.</summary>
    public SandboxCliFactAttribute() => Skip = Reason.Value;

    /// <summary>Why sandbox tests are skipped here, or null when an interpreter is available.</summary>
    internal static string? SkipReason => Reason.Value;
}

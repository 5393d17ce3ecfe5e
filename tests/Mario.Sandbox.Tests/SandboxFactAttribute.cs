namespace Mario.Sandbox.Tests;

/// <summary>A fact that needs python3 with sympy and numpy; skipped with the reason when none is found.</summary>
public sealed class SandboxFactAttribute : FactAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> when no interpreter is available.</summary>
    public SandboxFactAttribute() => Skip = PythonAvailability.SkipReason;
}

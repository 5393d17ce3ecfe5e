namespace Mario.Sandbox.Tests;

/// <summary>A theory that needs python3 with sympy and numpy; skipped with the reason when none is found.</summary>
public sealed class SandboxTheoryAttribute : TheoryAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> when no interpreter is available.</summary>
    public SandboxTheoryAttribute() => Skip = PythonAvailability.SkipReason;
}

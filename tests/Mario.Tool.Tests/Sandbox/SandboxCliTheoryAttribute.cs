namespace Mario.Tool.Tests.Sandbox;

/// <summary>A theory that needs python3 with sympy and numpy; skipped with the reason when none is found.</summary>
public sealed class SandboxCliTheoryAttribute : TheoryAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> when no interpreter is available.</summary>
    public SandboxCliTheoryAttribute() => Skip = SandboxCliFactAttribute.SkipReason;
}

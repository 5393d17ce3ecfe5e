namespace Mario.Sandbox.Tests;

/// <summary>The tests that share <see cref="SandboxFixture"/>'s pool.</summary>
[CollectionDefinition(Name)]
public sealed class SandboxCollection : ICollectionFixture<SandboxFixture>
{
    public const string Name = "sandbox pool";
}

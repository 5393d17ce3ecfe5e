namespace Mario.Tool.Tests.Support;

/// <summary>Tests that load the whole machine (a CPU hog) run alone, so they cannot starve other tests' processes.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SoloCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "solo";
}

namespace Mario.Search.Strategies;

/// <summary>One node to expand with <paramref name="Samples"/> samples at <paramref name="Temperature"/>.</summary>
internal sealed record Expansion(Tree.SearchNode Node, int Samples, float Temperature);

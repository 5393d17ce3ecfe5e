namespace Mario.Search.Strategies;

/// <summary>One option a strategy accepts, for <c>--help</c> and docs.</summary>
/// <param name="Name">The option key, e.g. <c>c-puct</c>.</param>
/// <param name="Default">The default, formatted invariantly.</param>
/// <param name="Description">What it controls and its range.</param>
public sealed record StrategyOption(string Name, string Default, string Description);

namespace Mario.Sandbox;

/// <summary>The outcome of checking one <see cref="IsolationFeature"/> inside a real sandboxed child.</summary>
/// <param name="Feature">What was checked.</param>
/// <param name="Works">True when the probe could not break it.</param>
/// <param name="Detail">What the probe saw, or why the feature could not be set up.</param>
public sealed record IsolationCheck(IsolationFeature Feature, bool Works, string Detail);

namespace Mario.Tool.Suites;

/// <summary>The outcome of pulling one suite.</summary>
/// <param name="SuiteId">The suite.</param>
/// <param name="Status">What happened.</param>
/// <param name="Message">One line for the user (the cached path on success, the reason otherwise).</param>
public sealed record PullResult(string SuiteId, PullStatus Status, string Message);

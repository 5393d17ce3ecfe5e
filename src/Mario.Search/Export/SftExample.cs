namespace Mario.Search.Export;

/// <summary>One line of <c>--format sft</c>.</summary>
/// <param name="Id">The problem id.</param>
/// <param name="Query">The question.</param>
/// <param name="Response">The correct path's node texts joined by the step format's delimiter.</param>
/// <param name="LeafId">Path id of the answer node.</param>
/// <param name="MeanQ">Mean Q over the path's steps (the ranking key).</param>
public sealed record SftExample(string Id, string Query, string Response, string LeafId, double MeanQ);

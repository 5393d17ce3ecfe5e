namespace Mario.Tool.Serving.Wire;

/// <summary>One pooled output: LAST-token pooling of the value head, a single score.</summary>
/// <param name="Index">The input's position.</param>
/// <param name="Object">Always "pooling".</param>
/// <param name="Data">One element: the value of the text in [-1, 1], exactly what the in-process value model returns.</param>
public sealed record PoolingDataBody(int Index, string Object, IReadOnlyList<double> Data);

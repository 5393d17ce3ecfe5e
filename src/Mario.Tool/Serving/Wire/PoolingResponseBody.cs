namespace Mario.Tool.Serving.Wire;

/// <summary>The body of a <c>POST /pooling</c> answer, in vLLM's shape.</summary>
/// <param name="Id">"pool-" and a number counting this server's requests.</param>
/// <param name="Object">Always "list".</param>
/// <param name="Created">Unix seconds (informational only).</param>
/// <param name="Model">The served value-model name.</param>
/// <param name="Data">One entry per input, in order.</param>
/// <param name="Usage">Prompt tokens over all inputs.</param>
public sealed record PoolingResponseBody(string Id, string Object, long Created, string Model, IReadOnlyList<PoolingDataBody> Data, UsageBody Usage);

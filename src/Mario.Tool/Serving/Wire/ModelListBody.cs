namespace Mario.Tool.Serving.Wire;

/// <summary>The body of <c>GET /v1/models</c>.</summary>
/// <param name="Object">Always "list".</param>
/// <param name="Data">The served models: the policy first, then a separate value model if there is one.</param>
public sealed record ModelListBody(string Object, IReadOnlyList<ModelCardBody> Data);

namespace Mario.Tool.Serving.Wire;

/// <summary>One served model, as vLLM describes it.</summary>
/// <param name="Id">The name requests use in <c>model</c>.</param>
/// <param name="Object">Always "model".</param>
/// <param name="Created">Unix seconds when the server started.</param>
/// <param name="OwnedBy">Always "mario".</param>
/// <param name="Root">The model as given on the command line (tiny or local:DIR).</param>
/// <param name="MaxModelLen">The context window in tokens: prompt plus completion may not exceed it.</param>
public sealed record ModelCardBody(string Id, string Object, long Created, string OwnedBy, string Root, int MaxModelLen);

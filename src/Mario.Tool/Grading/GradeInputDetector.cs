using System.Text.Json.Nodes;

namespace Mario.Tool.Grading;

/// <summary>Guesses the <see cref="GradeInputFormat"/> of a sample file from the field names of its first line.</summary>
public static class GradeInputDetector
{
    /// <summary>
    /// The format of a file whose first object is <paramref name="first"/>, and the evidence in words (e.g.
    /// "fields doc_id and resps"). lm-eval lines carry <c>doc_id</c> with <c>resps</c> or <c>filtered_resps</c>;
    /// Qwen2.5-Math lines carry <c>idx</c> and <c>gt</c> with <c>code</c> or <c>pred</c>; anything else is read as mario's.
    /// </summary>
    public static (GradeInputFormat Format, string Evidence) Detect(JsonObject first)
    {
        ArgumentNullException.ThrowIfNull(first);
        if (first.ContainsKey("doc_id") && (first.ContainsKey("resps") || first.ContainsKey("filtered_resps")))
        {
            return (GradeInputFormat.LmEval, $"fields doc_id and {(first.ContainsKey("resps") ? "resps" : "filtered_resps")}");
        }

        if (first.ContainsKey("idx") && first.ContainsKey("gt") && (first.ContainsKey("code") || first.ContainsKey("pred")))
        {
            return (GradeInputFormat.QwenMath, $"fields idx, gt and {(first.ContainsKey("code") ? "code" : "pred")}");
        }

        return (GradeInputFormat.Mario, "neither lm-eval's doc_id+resps nor Qwen2.5-Math's idx+gt+code");
    }
}

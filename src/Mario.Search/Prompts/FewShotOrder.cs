using System.Text.Json.Serialization;

namespace Mario.Search.Prompts;

/// <summary>Which demonstrations of a few-shot pool a prompt gets (a closed set; spelled in kebab case in files).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FewShotOrder>))]
public enum FewShotOrder
{
    /// <summary>The first N of the pool, in file order, for every problem (Qwen2.5-Math's <c>EXAMPLES[data][:num_shots]</c>).</summary>
    [JsonStringEnumMemberName("first")]
    First,

    /// <summary>
    /// N of the pool shuffled per problem from a stable hash of its id (Super_MARIO's ReAct demos, drawn once per
    /// problem so every prompt of a problem shares one prefix).
    /// </summary>
    [JsonStringEnumMemberName("per-problem")]
    PerProblem,
}

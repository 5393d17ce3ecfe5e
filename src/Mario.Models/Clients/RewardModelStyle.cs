namespace Mario.Models.Clients;

/// <summary>
/// The closed set of reward-model families <c>--value-model vllm-pooling:URL#NAME[@STYLE]</c> can score with: how the
/// question and steps become the server's input and how its output becomes one value per step or solution.
/// Spellings are owned by <see cref="RewardModelStyles"/>.
/// </summary>
public enum RewardModelStyle
{
    /// <summary>
    /// <c>qwen-prm</c> (the default): Qwen2.5-Math-PRM. Qwen chat template, assistant turn = steps each followed by
    /// <c>&lt;extra_0&gt;</c>; one <c>[p_wrong, p_right]</c> pair per separator, step probability = p_right.
    /// </summary>
    QwenPrm,

    /// <summary>
    /// <c>math-shepherd</c>: Math-Shepherd (peiyi9979/math-shepherd-mistral-7b-prm). <c>question + " " + steps</c>, each
    /// step followed by <c>" ки"</c>, steps on separate lines; one <c>[good, bad]</c> pair per tag (vLLM's
    /// returned_token_ids = ids of "+", "-"), step probability = softmax over the pair's first element.
    /// </summary>
    MathShepherd,

    /// <summary>
    /// <c>orm</c>: an outcome reward model (e.g. Qwen2.5-Math-RM). Qwen chat template, assistant turn = the solution;
    /// one score for the whole text, read at its last token.
    /// </summary>
    Outcome,
}

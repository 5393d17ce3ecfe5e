using System.Text;

namespace Mario.Models.Clients;

/// <summary>
/// Turns a question and its steps into the text a reward model reads, per <see cref="RewardModelStyle"/>, and says how
/// many scores the server must return for it. The templates are the models' own (their model cards; vLLM PR #12202 for
/// Qwen2.5-Math-PRM).
/// </summary>
public static class RewardModelInput
{
    /// <summary>Qwen2.5-Math-PRM's step separator (token id 151651, vLLM's default step_tag_id for the model).</summary>
    public const string QwenStepSeparator = "<extra_0>";

    /// <summary>Math-Shepherd's step tag (token id 12902 in its Mistral tokenizer).</summary>
    public const string ShepherdStepTag = "ки";

    /// <summary>The system prompt both Qwen2.5-Math reward models were trained with.</summary>
    public const string QwenSystemPrompt = "Please reason step by step, and put your final answer within \\boxed{}.";

    /// <summary>
    /// The model input for <paramref name="steps"/> of <paramref name="question"/>. Steps are trimmed, and a separator
    /// or tag inside a step's or the question's own text is removed, so the input holds exactly one per step.
    /// </summary>
    /// <param name="style">The reward-model family.</param>
    /// <param name="question">The problem statement.</param>
    /// <param name="steps">One or more steps.</param>
    /// <param name="stepDelimiter">How the outcome style joins steps into one solution.</param>
    public static string Build(RewardModelStyle style, string question, IReadOnlyList<string> steps, string stepDelimiter)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(steps);
        ArgumentNullException.ThrowIfNull(stepDelimiter);
        if (steps.Count == 0)
        {
            throw new ArgumentException("a reward model input needs at least one step", nameof(steps));
        }

        switch (style)
        {
            case RewardModelStyle.QwenPrm:
            {
                var body = new StringBuilder();
                foreach (var step in steps)
                {
                    body.Append(Clean(step, QwenStepSeparator)).Append(QwenStepSeparator);
                }

                return QwenChat(question.Replace(QwenStepSeparator, "", StringComparison.Ordinal), body.ToString());
            }

            case RewardModelStyle.MathShepherd:
            {
                // The model card's layout: "{question} {step 1} ки\n{step 2} ки\n...".
                var text = new StringBuilder(question.Replace(ShepherdStepTag, "", StringComparison.Ordinal).Trim()).Append(' ');
                for (var i = 0; i < steps.Count; i++)
                {
                    text.Append(i == 0 ? "" : "\n").Append(Clean(steps[i], ShepherdStepTag)).Append(' ').Append(ShepherdStepTag);
                }

                return text.ToString();
            }

            case RewardModelStyle.Outcome:
                return QwenChat(question, string.Join(stepDelimiter, steps.Select(s => s.Trim())));
            default:
                throw new ArgumentOutOfRangeException(nameof(style), style, "unknown reward model style");
        }
    }

    /// <summary>How many scores the server returns for an input of <paramref name="steps"/> steps: one per step, or one for an outcome model.</summary>
    public static int ExpectedScores(RewardModelStyle style, int steps) => style == RewardModelStyle.Outcome ? 1 : steps;

    /// <summary>True when a step's score depends only on the text up to its separator, so prefixes share one input.</summary>
    public static bool ScoresEachStep(RewardModelStyle style) => style != RewardModelStyle.Outcome;

    private static string Clean(string step, string separator) => step.Replace(separator, "", StringComparison.Ordinal).Trim();

    // Qwen2.5's chat template with add_generation_prompt=false: every turn ends "<|im_end|>\n".
    private static string QwenChat(string question, string assistant) =>
        $"<|im_start|>system\n{QwenSystemPrompt}<|im_end|>\n<|im_start|>user\n{question}<|im_end|>\n<|im_start|>assistant\n{assistant}<|im_end|>\n";
}

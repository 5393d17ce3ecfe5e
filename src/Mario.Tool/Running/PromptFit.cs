using System.Globalization;
using Mario.Models;
using Mario.Search;
using Mario.Search.Prompts;
using Mario.Search.Steps;

namespace Mario.Tool.Running;

/// <summary>
/// Before a run: whether the first prompt of each problem (template, question and demonstrations) fits the model's
/// context window, said in one line with what to do, instead of discovered afterwards as 0%.
/// </summary>
public static class PromptFit
{
    /// <summary>
    /// The warning for the problems whose first prompt fills <paramref name="window"/>, or null when all fit. The
    /// window comes from the policy (<see cref="IContextWindow"/>: the CPU engine) or, for a server, from the context
    /// length its probe reported (<see cref="FixedContextWindow"/>).
    /// </summary>
    /// <param name="modelId">The policy's id, for the message.</param>
    /// <param name="window">The context window and token counter.</param>
    /// <param name="format">The run's step format (with its prompt type and demonstration count).</param>
    /// <param name="problems">The run's problems.</param>
    /// <param name="finished">Ids already finished (skipped: a resumed run does not redo them).</param>
    public static string? Check(string modelId, IContextWindow window, IStepFormat format, IReadOnlyList<Problem> problems, IReadOnlySet<string> finished)
    {
        ArgumentNullException.ThrowIfNull(window);
        ArgumentNullException.ThrowIfNull(format);
        ArgumentNullException.ThrowIfNull(problems);
        ArgumentNullException.ThrowIfNull(finished);
        int overflowing = 0, longest = 0, checkedCount = 0;
        string? longestId = null;
        foreach (var problem in problems)
        {
            if (finished.Contains(problem.Id))
            {
                continue;
            }

            checkedCount++;
            var tokens = window.CountTokens(format.BuildPrompt(problem, []));
            if (tokens >= window.ContextLength)
            {
                overflowing++;
            }

            if (tokens > longest)
            {
                (longest, longestId) = (tokens, problem.Id);
            }
        }

        if (overflowing == 0)
        {
            return null;
        }

        var estimate = window is FixedContextWindow { Estimated: true } ? "about " : "";
        var (prompt, advice) = format is PromptedStepFormat prompted
            ? ($"with prompt type {prompted.Type.Name} and {prompted.FewShotCount} demonstration{(prompted.FewShotCount == 1 ? "" : "s")}",
                prompted.FewShotCount > 0 ? "fewer demonstrations (--num-fewshot 0) or a shorter prompt type" : "a shorter prompt type, e.g. --prompt-type qwen25-math-cot")
            : ("with its instructions and few-shots", "a step format with a shorter prompt, e.g. --step-format plain");
        return string.Create(CultureInfo.InvariantCulture,
            $"{overflowing} of {checkedCount} prompts do not fit {modelId}'s context window of {window.ContextLength:N0} tokens (the longest, {longestId}, is {estimate}{longest:N0} tokens {prompt}), so those problems will end without an answer (context-overflow); use a model with a longer context or {advice}");
    }
}

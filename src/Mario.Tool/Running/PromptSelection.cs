namespace Mario.Tool.Running;

/// <summary>The prompt a run was asked for: <c>--prompt-type</c> and <c>--num-fewshot</c>, stored in run.json.</summary>
/// <param name="PromptType">A shipped prompt type's name, or the absolute path of a prompt type file; null: the one named after the step format.</param>
/// <param name="NumFewShot">Demonstrations per prompt, at least 0; null: the prompt type's default.</param>
public sealed record PromptSelection(string? PromptType, int? NumFewShot)
{
    /// <summary>One line naming the bad option, or null when valid.</summary>
    public string? Validate() =>
        NumFewShot is < 0 ? $"--num-fewshot {NumFewShot}: expected 0 or more demonstrations, e.g. --num-fewshot 4" : null;
}

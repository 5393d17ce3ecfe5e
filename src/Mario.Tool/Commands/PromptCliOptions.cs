using System.CommandLine;
using Mario.Tool.Running;

namespace Mario.Tool.Commands;

/// <summary>The prompt options of <c>eval</c> (<c>--prompt-type</c>, <c>--num-fewshot</c>) and their binding to <see cref="PromptSelection"/>.</summary>
public static class PromptCliOptions
{
    /// <summary><c>--prompt-type NAME|FILE</c>: a shipped prompt type or a prompt type file.</summary>
    public static readonly Option<string?> PromptType = new("--prompt-type")
    {
        Description = "Prompt type: a shipped name (qwen25-math-cot, qwen-boxed, deepseek-math, llama3-instruct, plain, tagged, react, rstar) or a .json file (docs/prompt-types.md). Default: the one named after the step format.",
    };

    /// <summary><c>--num-fewshot N</c>: demonstrations per prompt.</summary>
    public static readonly Option<int?> NumFewShot = new("--num-fewshot")
    {
        Description = "Demonstrations per prompt, 0 or more (at most the prompt type's pool). Default: the prompt type's fewShot.count (0 for the Qwen-style types, 2 for react).",
    };

    /// <summary>Adds the options to a command.</summary>
    public static void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(PromptType);
        command.Options.Add(NumFewShot);
    }

    /// <summary>The options as given, or null when neither was; a prompt type path is made absolute (run.json resumes from any folder).</summary>
    public static PromptSelection? Bind(ParseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var type = result.GetValue(PromptType);
        var count = result.GetValue(NumFewShot);
        if (type is null && count is null)
        {
            return null;
        }

        if (type is not null && (type.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || type.Contains('/') || type.Contains(Path.DirectorySeparatorChar)))
        {
            type = Path.GetFullPath(type);
        }

        return new PromptSelection(type, count);
    }
}

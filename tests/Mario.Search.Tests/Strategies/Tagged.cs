using Mario.Eval;
using Mario.Models.Scripted;
using Mario.Search.Steps;
using Mario.Testing;

namespace Mario.Search.Tests.Strategies;

/// <summary>Builds Super_MARIO SFT-format samples and the node texts they become, for scripting a policy.</summary>
internal static class Tagged
{
    public const string RootSuffix = "</question>\n";

    /// <summary>A code step sample: generation stops before <c>&lt;/code&gt;</c>.</summary>
    public static ScriptedSample Code(string thought, string code, double meanLogProb = -0.1) =>
        new($"<step>\n<p>\n{thought}\n</p>\n<code>\n```python\n{code}\n```", "\n</code>", meanLogProb);

    /// <summary>The node text of a code step once its output is attached.</summary>
    public static string CodeNode(string thought, string code, string output) =>
        $"<step>\n<p>\n{thought}\n</p>\n<code>\n```python\n{code}\n```\n</code>\n<output>\n{output}\n</output>\n</step>";

    /// <summary>A final-answer sample: generation stops before <c>&lt;/step&gt;</c>.</summary>
    public static ScriptedSample Answer(string thought, string answer, double meanLogProb = -0.1) =>
        new($"<step>\n<p>\n{thought}\n</p>\n<p>\nFinal Answer: ${answer}$\n</p>\n", "</step>", meanLogProb);

    /// <summary>The node text of an answer step.</summary>
    public static string AnswerNode(string thought, string answer) =>
        $"<step>\n<p>\n{thought}\n</p>\n<p>\nFinal Answer: ${answer}$\n</p>\n</step>";

    /// <summary>The prompt suffix (and value-model key) after a node: its text plus the step delimiter.</summary>
    public static string After(string nodeText) => nodeText + "\n";

    public static SearchContext Context(
        Mario.Models.ILanguageModel policy, FixedValueModel? value = null, FakeSandbox? sandbox = null, ulong seed = 7, IStepFormat? format = null,
        Problem? problem = null, IEquivalenceChecker? checker = null) =>
        SearchContext.ForProblem(
            problem ?? Problem, seed, policy, format ?? new TaggedStepFormat(), checker ?? new StringEquivalenceChecker(), value, sandbox ?? new FakeSandbox(),
            time: new FixedTimeProvider());

    public static readonly Problem Problem = new("p1", "What is 6*7?", "42");
}

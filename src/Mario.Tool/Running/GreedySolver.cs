using System.Diagnostics;
using Mario.Models;
using Mario.Search;

namespace Mario.Tool.Running;

/// <summary>
/// The interim whole-solution solver behind <c>--strategy greedy</c>: one temperature-0 completion of a plain
/// chain-of-thought prompt, the answer read with <see cref="AnswerText.ExtractPredicted"/>. Isolated so the
/// lead can replace it with Mario.Search's GreedyStrategy through <see cref="IProblemSolver"/>.
/// </summary>
public sealed class GreedySolver : IProblemSolver
{
    /// <summary>The prompt template; <c>{question}</c> is replaced by the problem text.</summary>
    public const string PromptTemplate = "Question: {question}\nAnswer: Let's think step by step.";

    /// <summary>Generation stops here so the model does not invent the next question.</summary>
    public static IReadOnlyList<string> StopSequences { get; } = ["\n\nQuestion:"];

    private readonly ILanguageModel _model;
    private readonly int _maxTokens;
    private readonly ulong _runSeed;
    private readonly TimeProvider _time;

    /// <summary>Creates the solver.</summary>
    /// <param name="model">The policy.</param>
    /// <param name="maxTokens">Token budget of the completion, at least 1.</param>
    /// <param name="runSeed">The run's <c>--seed</c>; each problem's sampler seed derives from it and the id.</param>
    /// <param name="time">Clock for the elapsed time.</param>
    public GreedySolver(ILanguageModel model, int maxTokens, ulong runSeed, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTokens, 1);
        _model = model;
        _maxTokens = maxTokens;
        _runSeed = runSeed;
        _time = time;
    }

    /// <inheritdoc />
    public string Name => "greedy";

    /// <inheritdoc />
    public async ValueTask<SolveRecord> SolveAsync(Problem problem, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        var prompt = PromptTemplate.Replace("{question}", problem.Question, StringComparison.Ordinal);
        var sampling = new SamplingOptions(0f, 1f, 0, _maxTokens, ProblemSeed.Derive(_runSeed, problem.Id));
        var request = new GenerationRequest(prompt, sampling, StopSequences, 1);
        var results = await _model.GenerateAsync([request], cancellationToken).ConfigureAwait(false);
        Debug.Assert(results.Count == 1 && results[0].Count == 1, "one request with Count 1 gives one completion");
        var completion = results[0][0];
        var answer = AnswerText.ExtractPredicted(completion.Text);
        var usage = new SolveUsage(completion.PromptTokens, completion.CompletionTokens, 1, 0, 1, _time.GetElapsedTime(started));
        IReadOnlyList<SolveCandidate> candidates = answer is null ? [] : [new SolveCandidate(answer, 1, completion.MeanLogProb)];
        return new SolveRecord(answer, completion.Text, candidates, usage);
    }
}

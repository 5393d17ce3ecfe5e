using Mario.Models;
using Mario.Sandbox;
using Mario.Search.Steps;
using Mario.Search.Tree;

namespace Mario.Search.Strategies;

/// <summary>
/// The machinery every strategy shares for one problem: prompting, turning samples into child nodes (parse,
/// execute, terminal reasons), value scoring, usage accounting and the final result. Strategies stay pseudo-code.
/// </summary>
internal sealed class SearchRun
{
    private readonly long _started;
    private long _promptTokens;
    private long _generatedTokens;
    private int _modelCalls;
    private int _valueCalls;
    private int _sandboxRuns;
    private int _nodes;

    public SearchRun(string strategy, Problem problem, SearchContext context)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(context);
        Strategy = strategy;
        Problem = problem;
        Context = context;
        Root = SearchNode.CreateRoot();
        _started = context.Time.GetTimestamp();
    }

    public string Strategy { get; }

    public Problem Problem { get; }

    public SearchContext Context { get; }

    public SearchNode Root { get; }

    public IStepFormat Format => Context.StepFormat;

    /// <summary>The prompt that continues after <paramref name="node"/>; also the text a value model scores for it.</summary>
    public string PromptFor(SearchNode node) => Format.BuildPrompt(Problem, node.StepTexts());

    /// <summary>
    /// Expands every node of <paramref name="expansions"/> in one batched generation call and returns the new
    /// children per expansion, in order.
    /// </summary>
    public async ValueTask<IReadOnlyList<IReadOnlyList<SearchNode>>> ExpandAsync(
        IReadOnlyList<Expansion> expansions, ExpansionRules rules, CancellationToken cancellationToken)
    {
        if (expansions.Count == 0)
        {
            return [];
        }

        var requests = expansions
            .Select(e => new GenerationRequest(
                PromptFor(e.Node),
                new SamplingOptions(e.Temperature, Context.Limits.TopP, Context.Limits.TopK, Context.Limits.MaxStepTokens, NextSeed(), Context.Limits.MinP),
                Format.StopSequences,
                e.Samples))
            .ToList();
        var outputs = await Context.Policy.GenerateAsync(requests, cancellationToken).ConfigureAwait(false);
        if (outputs.Count != requests.Count)
        {
            throw new InvalidOperationException($"Model '{Context.Policy.Id}' returned {outputs.Count} results for {requests.Count} requests.");
        }

        _modelCalls += requests.Count;
        var children = new List<IReadOnlyList<SearchNode>>(expansions.Count);
        for (var r = 0; r < requests.Count; r++)
        {
            var completions = outputs[r];
            if (completions.Count != requests[r].Count)
            {
                throw new InvalidOperationException(
                    $"Model '{Context.Policy.Id}' returned {completions.Count} samples where {requests[r].Count} were requested.");
            }

            _promptTokens += completions.Count > 0 ? completions[0].PromptTokens : 0;
            _generatedTokens += completions.Sum(c => (long)c.CompletionTokens);
            var made = new List<SearchNode>();
            foreach (var completion in Select(completions, rules))
            {
                made.Add(await AddChildAsync(expansions[r].Node, completion, rules, cancellationToken).ConfigureAwait(false));
            }

            children.Add(made);
        }

        return children;
    }

    /// <summary>Scores the prefix ending at each node with the value model and stores it as the node's value.</summary>
    public async ValueTask<IReadOnlyList<double>> ScoreAsync(IReadOnlyList<SearchNode> nodes, CancellationToken cancellationToken)
    {
        var queries = nodes.Select(n => new ValueQuery(PromptFor(n), Problem.Question, n.StepTexts(), Format.StepDelimiter)).ToList();
        var values = await ScoreQueriesAsync(queries, cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < nodes.Count; i++)
        {
            nodes[i].Value = values[i];
        }

        return values;
    }

    /// <summary>
    /// Scores partial solutions with the value model, checking the contract (one value per query, in [-1, 1]). The
    /// model gets the prompt text and the question and steps apart: a value head reads the first, a PRM the second.
    /// </summary>
    public async ValueTask<IReadOnlyList<double>> ScoreQueriesAsync(IReadOnlyList<ValueQuery> queries, CancellationToken cancellationToken)
    {
        if (queries.Count == 0)
        {
            return [];
        }

        var model = Context.ValueModel
            ?? throw new InvalidOperationException($"Strategy '{Strategy}' needs a value model, but the context has none.");
        var values = await model.ScoreAsync(queries, cancellationToken).ConfigureAwait(false);
        if (values.Count != queries.Count)
        {
            throw new InvalidOperationException($"Value model '{model.Id}' returned {values.Count} values for {queries.Count} texts.");
        }

        foreach (var value in values)
        {
            if (!(value >= -1 && value <= 1))
            {
                throw new InvalidOperationException($"Value model '{model.Id}' returned {value}, outside [-1, 1].");
            }
        }

        _valueCalls += queries.Count;
        return values;
    }

    /// <summary>Whether the answer of <paramref name="node"/> matches the gold answer (search must know the gold).</summary>
    public bool MatchesGold(SearchNode node) =>
        Problem.Gold is { } gold && node.Answer is { } answer && Context.Checker.Check(gold, answer).IsEquivalent;

    /// <summary>Builds the result; <paramref name="chosen"/> is the answer node behind the final answer, or null.</summary>
    public SearchResult Finish(string? answer, SearchNode? chosen, IReadOnlyList<AnswerCandidate> candidates)
    {
        // With no answer, show the deepest chain (first in tree order) so a reader can see what the model wrote.
        var shown = chosen ?? Root.Descendants().Where(n => n.Children.Count == 0).MaxBy(n => n.Depth);
        var trajectory = shown is null ? "" : string.Join(Format.StepDelimiter, shown.StepTexts());
        var usage = new SearchUsage(
            _promptTokens, _generatedTokens, _modelCalls, _valueCalls, _sandboxRuns, chosen?.Depth ?? 0, _nodes,
            Root.Descendants().Count(n => n.IsAnswer), Context.Time.GetElapsedTime(_started));
        return new SearchResult(
            Strategy, answer, chosen?.Id, trajectory, candidates, TreeDump.From(Problem, Strategy, Format.Kind, Root), usage);
    }

    /// <summary>A candidate entry for an answer node.</summary>
    public static AnswerCandidate Candidate(SearchNode node, int votes, double? score) =>
        new(node.Answer!, node.Id, votes, score, node.Q, node.Value, node.Visits, node.Correct);

    private ulong NextSeed() => (ulong)Context.Random.NextInt64(long.MaxValue);

    private IEnumerable<Completion> Select(IReadOnlyList<Completion> completions, ExpansionRules rules)
    {
        IEnumerable<Completion> kept = completions;
        // Ordered dedupe, the first sample of each text kept: Super_MARIO's SBS dedupes through set(), which made child
        // order (and so path ids) depend on PYTHONHASHSEED; its MCTS keeps order, as here.
        kept = rules.Dedupe switch
        {
            SampleDedupe.StrippedText => kept.DistinctBy(c => c.Text.Trim()),
            SampleDedupe.ExactText => kept.DistinctBy(c => c.Text),
            _ => kept,
        };

        if (rules.SingleAnswerSample)
        {
            var list = kept.ToList();
            var firstAnswer = list.FirstOrDefault(c => c.Finish == FinishReason.Stop && Format.Parse(c.Text, c.StopSequence) is AnswerStep);
            kept = firstAnswer is null ? list : [firstAnswer];
        }

        return kept;
    }

    private async ValueTask<SearchNode> AddChildAsync(
        SearchNode parent, Completion completion, ExpansionRules rules, CancellationToken cancellationToken)
    {
        _nodes++;
        var prior = completion.MeanLogProb is { } lp ? Math.Exp(lp) : 1.0;
        SearchNode child;
        if (completion.Finish == FinishReason.ContextOverflow)
        {
            child = parent.AddChild(StepKind.Invalid, completion.Text);
            child.Terminal = TerminalReason.ContextOverflow;
            child.Error = "the prompt and step no longer fit the model's context window";
        }
        else if (completion.Finish == FinishReason.Length)
        {
            child = parent.AddChild(StepKind.Invalid, completion.Text);
            child.Terminal = TerminalReason.TokenBudget;
            child.Error = $"the step used its whole budget of {Context.Limits.MaxStepTokens} tokens without reaching a stop sequence";
        }
        else
        {
            child = await AddParsedChildAsync(parent, Format.Parse(completion.Text, completion.StopSequence), rules, cancellationToken)
                .ConfigureAwait(false);
        }

        child.Prior = prior;
        child.GeneratedTokens = completion.CompletionTokens;
        if (child.Terminal is null && child.Depth >= rules.MaxDepth)
        {
            child.Terminal = TerminalReason.MaxDepth;
        }

        return child;
    }

    private async ValueTask<SearchNode> AddParsedChildAsync(
        SearchNode parent, StepParse parse, ExpansionRules rules, CancellationToken cancellationToken)
    {
        switch (parse)
        {
            case AnswerStep answer:
            {
                var child = parent.AddChild(StepKind.Answer, answer.Text);
                child.Answer = answer.Answer;
                child.Terminal = TerminalReason.Answered;
                child.Correct = Problem.Gold is null ? null : MatchesGold(child);
                return child;
            }

            case ThoughtStep thought:
            {
                var text = thought.FixedObservation is null ? thought.Text : Format.AttachObservation(thought.Text, thought.FixedObservation);
                var child = parent.AddChild(StepKind.Thought, text);
                child.Observation = thought.FixedObservation;
                return child;
            }

            case CodeStep code:
            {
                var result = await RunCodeAsync(parent, code, cancellationToken).ConfigureAwait(false);
                var observation = Format.FormatObservation(result);
                var child = parent.AddChild(StepKind.Code, code.ClosesBlock ? Format.AttachObservation(code.Text, observation) : code.Text);
                child.Code = code.Code;
                child.ClosesBlock = code.ClosesBlock;
                child.Observation = observation;

                // A typed failure (exception or timeout), not the reference's substring test on "Error".
                child.CodeFailed = !result.Succeeded;
                child.ConsecutiveErrors = child.CodeFailed ? parent.ConsecutiveErrors + 1 : 0;
                if (child.ConsecutiveErrors > rules.MaxConsecutiveCodeErrors)
                {
                    child.Terminal = TerminalReason.TooManyCodeErrors;
                }

                return child;
            }

            case Unparsable bad:
            {
                var child = parent.AddChild(StepKind.Invalid, bad.Text);
                child.Terminal = TerminalReason.Unparsable;
                child.Error = bad.Reason;
                return child;
            }

            default:
                throw new InvalidOperationException($"Unknown step parse {parse.GetType().Name}.");
        }
    }

    private async ValueTask<ExecutionResult> RunCodeAsync(SearchNode parent, CodeStep step, CancellationToken cancellationToken)
    {
        var sandbox = Context.Sandbox
            ?? throw new InvalidOperationException($"The {Format.Kind} step format produced code, but the context has no sandbox.");
        _sandboxRuns++;
        return await sandbox.RunAsync(CodeCells(parent, step), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The cells that reproduce the state before <paramref name="step"/>: one cell per completed code block on the
    /// path (failed ones skipped, as the reference skips timed-out history), then the open block's chunks plus the
    /// new step as the last cell (rStar executes a block cumulatively, chunk by chunk).
    /// </summary>
    private static IReadOnlyList<string> CodeCells(SearchNode parent, CodeStep step)
    {
        var cells = new List<string>();
        var open = new List<string>();
        foreach (var node in parent.PathFromRoot())
        {
            if (node.Code is null || node.CodeFailed)
            {
                continue;
            }

            open.Add(node.Code);
            if (node.ClosesBlock)
            {
                cells.Add(string.Join("\n", open));
                open.Clear();
            }
        }

        open.Add(step.Code);
        cells.Add(string.Join("\n", open));
        return cells;
    }
}

using Mario.Eval.Scoring;
using Mario.Search.Tree;

namespace Mario.Search.Strategies;

/// <summary>
/// Step-level beam search with Super_MARIO's semantics (SBSREACT):
/// <code>
/// width = B1; beams = [root]
/// for t = 0, 1, ...:                          until no beam is live
///     children = expand every beam with (t == 0 ? B1·B2 : B2) samples, in one batched call
///     score every child with the value model  (prefix including the step and its output)
///     beams = top-width children by value     (stable: equal or missing values keep generation order)
///     for each selected child: answered -> final answers, width -= 1; other terminal -> width -= 1; drop it
/// answer = the final answer with the highest value (or a majority vote over the finals)
/// </code>
/// Beams do not survive a step: all children compete globally, and finished beams shrink the width, so there are at
/// most B1 final answers. Without a value model every value is missing and the order is generation order (the
/// reference sbs_greedy configuration).
/// </summary>
/// <remarks>
/// Deliberate difference: in the reference an unparsable sample raises inside the worker and the whole step of the
/// tree is silently discarded (SEARCH_REFERENCE.md section 8, Super_MARIO 4). Here it becomes an Unparsable child in
/// the tree that never enters the beam. Code errors never end a beam (as in the reference).
/// </remarks>
public sealed class StepBeamSearchStrategy(StepBeamOptions options) : ISearchStrategy
{
    /// <inheritdoc />
    public string Name => StrategyNames.Name(options.Kind);

    /// <inheritdoc />
    public bool RequiresValueModel => false;

    /// <inheritdoc />
    public StrategyOptions Options => options;

    /// <inheritdoc />
    public async ValueTask<SearchResult> SolveAsync(Problem problem, SearchContext context, CancellationToken cancellationToken)
    {
        var run = new SearchRun(Name, problem, context);
        var rules = new ExpansionRules(options.MaxDepth, MaxConsecutiveCodeErrors: int.MaxValue, options.Deduplicate ? SampleDedupe.StrippedText : SampleDedupe.None);
        var width = options.BeamWidth;
        var beams = new List<SearchNode> { run.Root };
        var finals = new List<SearchNode>();

        for (var t = 0; beams.Count > 0; t++)
        {
            var samples = t == 0 ? options.BeamWidth * options.SamplesPerStep : options.SamplesPerStep;
            var expanded = await run.ExpandAsync(
                beams.Select(b => new Expansion(b, samples, options.Temperature)).ToList(), rules, cancellationToken).ConfigureAwait(false);
            var candidates = expanded.SelectMany(c => c).Where(c => c.Kind != StepKind.Invalid).ToList();
            if (context.ValueModel is not null)
            {
                await run.ScoreAsync(candidates, cancellationToken).ConfigureAwait(false);
            }

            var selected = candidates
                .Select((c, order) => (Node: c, Order: order))
                .OrderByDescending(x => x.Node.Value ?? double.NegativeInfinity)
                .ThenBy(x => x.Order)
                .Take(width)
                .Select(x => x.Node)
                .ToList();
            beams = [];
            foreach (var child in selected)
            {
                if (child.IsAnswer)
                {
                    finals.Add(child);
                    width--;
                }
                else if (child.Terminal is not null)
                {
                    width--;
                }
                else
                {
                    beams.Add(child);
                }
            }
        }

        return Answer(run, finals, context);
    }

    private SearchResult Answer(SearchRun run, List<SearchNode> finals, SearchContext context)
    {
        var ranked = finals
            .Select((f, order) => (Node: f, Order: order))
            .OrderByDescending(x => x.Node.Value ?? double.NegativeInfinity)
            .ThenBy(x => x.Order)
            .Select(x => x.Node)
            .ToList();
        if (ranked.Count == 0)
        {
            return run.Finish(null, null, []);
        }

        var clusters = MajorityVote.Vote(ranked.Select(n => n.Answer).ToList(), context.Checker);
        var candidates = clusters.Select(c => SearchRun.Candidate(ranked[c.Members[0]], c.Votes, ranked[c.Members[0]].Value)).ToList();
        if (options.Vote)
        {
            var winner = ranked[clusters[0].Members[0]];
            return run.Finish(winner.Answer, winner, candidates);
        }

        // Without voting the candidates are listed by their best value, as the reference's solutions list.
        candidates = candidates.OrderByDescending(c => c.Value ?? double.NegativeInfinity).ToList();
        return run.Finish(ranked[0].Answer, ranked[0], candidates);
    }
}

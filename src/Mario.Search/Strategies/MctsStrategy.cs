using Mario.Search.Tree;

namespace Mario.Search.Strategies;

/// <summary>
/// AlphaMath MCTS (Super_MARIO agents/mcts.py with solver.py), one problem:
/// <code>
/// repeat Iterations times:
///     leaf = select(root)                  PUCT over open children; a node whose children are all closed is exhausted
///     if none: stop                        the whole tree is exhausted
///     v = V(leaf)                          value model on the leaf's prefix (0 without one, in data mode)
///     children = expand(leaf, n samples)   parse, run code, prior = exp(mean log-prob), terminal reasons
///     backup(leaf, v)                      or, with UpdateLeafValue, backup(child, V(child)) for each open child
///     for each terminal child: backup(child, reward)
///         invalid terminal -> NegativeReward; answer -> ±1 against the gold (data mode) or V(child) (test mode)
/// answer = AnswerSelector(root, Selection)
/// </code>
/// PUCT(c) = Q(c) + c_puct · P(c) · sqrt(N(parent)) / (1 + N(c)); backups add N += 1, W += v to the node and every
/// ancestor, with no sign flip and no discount.
/// </summary>
/// <remarks>
/// Deliberate differences from the reference (each a named test in tests/Mario.Tool.Tests/Conformance): (1) ties go to
/// the lowest child index instead of random.choice; (2) when selection meets a node whose children are all closed, the
/// reference marks it terminal and returns no leaf, and its batch solver then has no current node for the problem, so
/// the whole search of that problem ends; here the node is marked exhausted and selection restarts from the root in the
/// same iteration, so the rest of the tree is still searched; (3) unparsable samples become Unparsable children with
/// the negative reward instead of raising and silently discarding the tree's step (SEARCH_REFERENCE.md section 8,
/// Super_MARIO 4), so N and W are never double-counted; (4) V(leaf) is a separate value-model call, where the
/// reference reads it from the generation call; (5) the paper's λ mixing is dead code in the reference and absent here.
/// Same as the reference: MaxDepth (a non-answer step deeper than it ends its branch, so answers may appear at
/// MaxDepth + 1) and dedupe on the stripped text, order kept.
/// </remarks>
public sealed class MctsStrategy(MctsOptions options) : ISearchStrategy
{
    /// <inheritdoc />
    public string Name => StrategyNames.Name(options.Kind);

    /// <inheritdoc />
    public bool RequiresValueModel => !options.UseGoldReward;

    /// <inheritdoc />
    public StrategyOptions Options => options;

    /// <inheritdoc />
    public async ValueTask<SearchResult> SolveAsync(Problem problem, SearchContext context, CancellationToken cancellationToken)
    {
        if (options.UseGoldReward && problem.Gold is null)
        {
            throw new InvalidOperationException($"Problem '{problem.Id}' has no gold answer, which data-generation mode needs.");
        }

        var run = new SearchRun(Name, problem, context);
        // The reference ends a non-answer step only when its depth exceeds max_depth, so answers can sit at max_depth + 1.
        var rules = new ExpansionRules(options.MaxDepth + 1, options.MaxConsecutiveCodeErrors, options.Deduplicate ? SampleDedupe.StrippedText : SampleDedupe.None);
        for (var iteration = 0; iteration < options.Iterations; iteration++)
        {
            var leaf = Select(run.Root);
            if (leaf is null)
            {
                break;
            }

            var updateChildren = options.UpdateLeafValue && context.ValueModel is not null;
            var leafValue = updateChildren ? 0 : await ValueOfAsync(run, leaf, cancellationToken).ConfigureAwait(false);
            var children = (await run.ExpandAsync([new Expansion(leaf, options.SamplesPerExpansion, options.Temperature)], rules, cancellationToken)
                .ConfigureAwait(false))[0];

            if (updateChildren)
            {
                var open = children.Where(c => c.Terminal is null).ToList();
                await run.ScoreAsync(open, cancellationToken).ConfigureAwait(false);
                foreach (var child in open)
                {
                    child.Backup(child.Value!.Value);
                }
            }
            else
            {
                leaf.Backup(leafValue);
            }

            var terminals = children.Where(c => c.Terminal is not null).ToList();
            var rewards = await RewardsAsync(run, terminals, cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < terminals.Count; i++)
            {
                terminals[i].Backup(rewards[i]);
            }
        }

        var choice = AnswerSelector.Select(run.Root, options.Selection, context.Checker);
        return run.Finish(choice.Answer, choice.Node, choice.Candidates);
    }

    /// <summary>PUCT score of <paramref name="child"/> under <paramref name="parent"/>.</summary>
    public static double Puct(SearchNode parent, SearchNode child, double cPuct)
    {
        ArgumentNullException.ThrowIfNull(parent);
        ArgumentNullException.ThrowIfNull(child);
        return child.Q + cPuct * child.Prior * Math.Sqrt(parent.Visits) / (1 + child.Visits);
    }

    /// <summary>
    /// Walks from the root by PUCT over open children to an unexpanded, non-terminal node. Nodes whose children are
    /// all closed are marked exhausted and the walk restarts; returns null when the root itself is exhausted.
    /// </summary>
    private SearchNode? Select(SearchNode root)
    {
        var node = root;
        while (true)
        {
            if (node.Children.Count == 0)
            {
                return node;
            }

            SearchNode? best = null;
            var bestScore = double.NegativeInfinity;
            foreach (var child in node.Children)
            {
                if (child.IsClosed)
                {
                    continue;
                }

                var score = Puct(node, child, options.CPuct);
                if (score > bestScore)
                {
                    (best, bestScore) = (child, score);
                }
            }

            if (best is not null)
            {
                node = best;
                continue;
            }

            node.Exhausted = true;
            if (node == root)
            {
                return null;
            }

            node = root;
        }
    }

    private static async ValueTask<double> ValueOfAsync(SearchRun run, SearchNode leaf, CancellationToken cancellationToken)
    {
        if (leaf.Value is { } known)
        {
            return known;
        }

        // Data mode without a value model: the reference's round 1 reads a randomly initialised head; 0 is the neutral stand-in.
        return run.Context.ValueModel is null ? 0 : (await run.ScoreAsync([leaf], cancellationToken).ConfigureAwait(false))[0];
    }

    private async ValueTask<IReadOnlyList<double>> RewardsAsync(SearchRun run, IReadOnlyList<SearchNode> terminals, CancellationToken cancellationToken)
    {
        var rewards = new double[terminals.Count];
        var toScore = new List<int>();
        for (var i = 0; i < terminals.Count; i++)
        {
            var node = terminals[i];
            if (!node.IsAnswer)
            {
                rewards[i] = options.NegativeReward;
            }
            else if (options.UseGoldReward)
            {
                rewards[i] = node.Correct == true ? options.PositiveReward : options.NegativeReward;
            }
            else
            {
                toScore.Add(i);
            }
        }

        if (toScore.Count > 0)
        {
            var values = await run.ScoreAsync(toScore.Select(i => terminals[i]).ToList(), cancellationToken).ConfigureAwait(false);
            for (var j = 0; j < toScore.Count; j++)
            {
                rewards[toScore[j]] = values[j];
            }
        }

        return rewards;
    }
}

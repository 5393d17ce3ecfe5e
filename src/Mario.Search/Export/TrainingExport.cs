using System.Text.Json;
using Mario.Eval;
using Mario.Search.Steps;
using Mario.Search.Tree;

namespace Mario.Search.Export;

/// <summary>
/// Training data from saved trees: pure functions over a <see cref="TreeDump"/>. An answer is graded by the
/// <c>correct</c> flag search recorded (it knew the gold answer) or, failing that, by the given checker
/// against the gold answer; answers that cannot be graded are left out.
/// </summary>
public static class TrainingExport
{
    /// <summary>The JSON lines of <paramref name="format"/> for one tree.</summary>
    /// <param name="format">The export format.</param>
    /// <param name="dump">The tree.</param>
    /// <param name="options">Limits and filters.</param>
    /// <param name="gold">The gold answer when the dump lacks one (e.g. from the samples line), or null.</param>
    /// <param name="checker">Grades answers that carry no recorded verdict, or null to leave them out.</param>
    public static IReadOnlyList<string> Lines(ExportFormat format, TreeDump dump, ExportOptions options, string? gold = null, IEquivalenceChecker? checker = null)
    {
        ArgumentNullException.ThrowIfNull(dump);
        ArgumentNullException.ThrowIfNull(options);
        var tree = new GradedTree(dump, gold, checker);
        IEnumerable<object> records = format switch
        {
            ExportFormat.AlphaMath => AlphaMath(tree, options),
            ExportFormat.RStarPpm => RStarPpm(tree, options),
            ExportFormat.MathShepherd => MathShepherd(tree),
            ExportFormat.Sft => Sft(tree, options),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown export format."),
        };
        return records.Select(r => JsonSerializer.Serialize(r, r.GetType(), TreeDump.SerializerOptions)).ToList();
    }

    /// <summary>AlphaMath value targets: up to N correct and N wrong-or-invalid root-to-leaf paths, in tree order; a leaf
    /// without text (context overflow, a blank step) ends no path, since its reward would have no step to sit on.</summary>
    public static IReadOnlyList<AlphaMathExample> AlphaMath(TreeDump dump, ExportOptions options, string? gold = null, IEquivalenceChecker? checker = null) =>
        AlphaMath(new GradedTree(dump, gold, checker), options).ToList();

    /// <summary>SFT: the best correct paths by (mean Q, min Q), skipping paths with failing code.</summary>
    public static IReadOnlyList<SftExample> Sft(TreeDump dump, ExportOptions options, string? gold = null, IEquivalenceChecker? checker = null) =>
        Sft(new GradedTree(dump, gold, checker), options).ToList();

    /// <summary>rStar process preference pairs after the margin and edit-distance filters.</summary>
    public static IReadOnlyList<PreferencePair> RStarPpm(TreeDump dump, ExportOptions options, string? gold = null, IEquivalenceChecker? checker = null) =>
        RStarPpm(new GradedTree(dump, gold, checker), options).ToList();

    /// <summary>Math-Shepherd hard and soft step labels for every path that ends in a graded answer.</summary>
    public static IReadOnlyList<ShepherdExample> MathShepherd(TreeDump dump, string? gold = null, IEquivalenceChecker? checker = null) =>
        MathShepherd(new GradedTree(dump, gold, checker)).ToList();

    /// <summary>Character-level Levenshtein distance.</summary>
    public static int EditDistance(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }

    private static IEnumerable<AlphaMathExample> AlphaMath(GradedTree tree, ExportOptions options)
    {
        var correct = 0;
        var wrong = 0;
        foreach (var leaf in tree.Leaves())
        {
            var verdict = tree.Verdict(leaf);
            if (verdict is null && leaf.IsAnswer)
            {
                continue;
            }

            // A leaf with no text (the context was full before a step began, or the model wrote only blank lines)
            // has nothing for the terminal reward to sit on; the parent's Q has already backed its -1 up.
            if (string.IsNullOrWhiteSpace(leaf.Text))
            {
                continue;
            }

            var isCorrect = verdict == true;
            if (isCorrect ? correct++ >= options.MaxCorrectPaths : wrong++ >= options.MaxWrongPaths)
            {
                continue;
            }

            var reward = isCorrect ? 1 : -1;
            var path = leaf.PathFromRoot().Skip(1).ToList();
            var steps = path.Select((n, i) => new ValueTargetStep(n.Text, i == path.Count - 1 ? reward : n.Q, n.Prior, n.Visits)).ToList();
            yield return new AlphaMathExample(tree.Dump.ProblemId, tree.Dump.Question, tree.Gold, steps, leaf.Id, reward, isCorrect);
        }
    }

    private static IEnumerable<SftExample> Sft(GradedTree tree, ExportOptions options) =>
        tree.Leaves()
            .Where(l => l.IsAnswer && tree.Verdict(l) == true)
            .Select(l => (Leaf: l, Path: l.PathFromRoot().Skip(1).ToList()))
            .Where(x => !x.Path.Any(n => n.CodeFailed))
            .Select(x => (x.Leaf, x.Path, Mean: x.Path.Average(n => n.Q), Min: x.Path.Min(n => n.Q)))
            .OrderByDescending(x => x.Mean)
            .ThenByDescending(x => x.Min)
            .Take(options.SftPaths)
            .Select(x => new SftExample(
                tree.Dump.ProblemId, tree.Dump.Question, string.Join(Delimiter(tree.Dump.StepFormat), x.Path.Select(n => n.Text)), x.Leaf.Id, x.Mean));

    private static IEnumerable<PreferencePair> RStarPpm(GradedTree tree, ExportOptions options)
    {
        var queue = new Queue<SearchNode>();
        queue.Enqueue(tree.Root);
        while (queue.Count > 0)
        {
            var node = queue.Dequeue();
            var chosen = node.Children.Where(c => tree.Positives(c) > 0).OrderByDescending(c => c.Q).ToList();
            var rejected = node.Children.Where(c => tree.Negatives(c) > 0).OrderBy(c => c.Q).ToList();
            var (takeChosen, takeRejected) = (chosen.Count == 1 ? 1 : 2, rejected.Count == 1 ? 1 : 2);
            if (chosen.Count == 1)
            {
                takeRejected = 4;
            }

            if (rejected.Count == 1)
            {
                takeChosen = 4;
            }

            var picksChosen = chosen.Take(takeChosen).ToList();
            var picksRejected = rejected.Take(takeRejected).ToList();
            var prompt = string.Join(Delimiter(tree.Dump.StepFormat), new[] { tree.Dump.Question }.Concat(node.StepTexts()));
            foreach (var good in picksChosen)
            {
                foreach (var bad in picksRejected)
                {
                    var margin = good.Q - bad.Q;
                    if (good == bad || margin <= 0 || margin < options.MinStepMargin
                        || ContinuationMeanQ(good, best: true) <= ContinuationMeanQ(bad, best: false))
                    {
                        continue;
                    }

                    var distance = EditDistance(good.Text, bad.Text);
                    if (distance >= options.MinEditDistance)
                    {
                        yield return new PreferencePair(
                            tree.Dump.ProblemId, prompt, good.Text, bad.Text, good.Id, bad.Id, picksChosen.Count, picksRejected.Count, margin, distance);
                    }
                }
            }

            foreach (var child in node.Children.Where(c => tree.Positives(c) > 0 && tree.Negatives(c) > 0))
            {
                queue.Enqueue(child);
            }
        }
    }

    private static IEnumerable<ShepherdExample> MathShepherd(GradedTree tree)
    {
        foreach (var leaf in tree.Leaves().Where(l => l.IsAnswer && tree.Verdict(l) is not null))
        {
            var path = leaf.PathFromRoot().Skip(1).ToList();
            var soft = path.Select(n => (double)tree.Positives(n) / (tree.Positives(n) + tree.Negatives(n))).ToList();
            yield return new ShepherdExample(
                tree.Dump.ProblemId, tree.Dump.Question, leaf.Id, path.Select(n => n.Text).ToList(), soft.Select(s => s > 0 ? 1 : 0).ToList(), soft,
                tree.Verdict(leaf) == true);
        }
    }

    /// <summary>Mean Q from <paramref name="start"/> down the greedy highest-Q (or lowest-Q) chain of children.</summary>
    private static double ContinuationMeanQ(SearchNode start, bool best)
    {
        var values = new List<double>();
        for (var node = start; node is not null;)
        {
            values.Add(node.Q);
            node = node.Children.Count == 0 ? null : best ? node.Children.MaxBy(c => c.Q) : node.Children.MinBy(c => c.Q);
        }

        return values.Average();
    }

    private static string Delimiter(StepFormatKind kind) => kind switch
    {
        StepFormatKind.Tagged => "\n",
        StepFormatKind.React => "\n\n",
        StepFormatKind.RStar => "",
        StepFormatKind.PlainCot => "\n\n",
        _ => "\n",
    };
}

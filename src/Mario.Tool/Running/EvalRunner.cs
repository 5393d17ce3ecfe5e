using Mario.Eval;
using Mario.Models;
using Mario.Search;
using Mario.Tool.Runs;

namespace Mario.Tool.Running;

/// <summary>
/// Runs problems through a <see cref="SearchSolver"/> with bounded concurrency, grades each answer with an
/// <see cref="IEquivalenceChecker"/>, and appends one flushed line per finished problem to samples.jsonl.
/// Problems whose id is already in samples.jsonl are skipped (resume). It knows nothing of search internals.
/// </summary>
public sealed class EvalRunner
{
    private readonly SearchSolver _solver;
    private readonly IEquivalenceChecker _checker;

    /// <summary>Creates a runner.</summary>
    public EvalRunner(SearchSolver solver, IEquivalenceChecker checker)
    {
        _solver = solver;
        _checker = checker;
    }

    /// <summary>Solves and records every problem not yet finished in <paramref name="run"/>.</summary>
    /// <param name="run">The run folder (must exist).</param>
    /// <param name="problems">The selected problems, in suite order.</param>
    /// <param name="finished">Ids already recorded (from <see cref="RunDirectory.RepairAndReadFinishedAsync"/>).</param>
    /// <param name="concurrency">Problems in flight at once, at least 1.</param>
    /// <param name="progress">Told after each problem (from worker threads), or null.</param>
    /// <param name="cancellationToken">Stops the run; finished lines stay on disk.</param>
    /// <returns>How many problems this call finished.</returns>
    /// <exception cref="BackendUnreachableException">The model backend is down; lines already written stay.</exception>
    public async Task<int> RunAsync(
        RunDirectory run,
        IReadOnlyList<Problem> problems,
        IReadOnlySet<string> finished,
        int concurrency,
        IProgress<RunProgress>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(concurrency, 1);
        var pending = problems.Where(p => !finished.Contains(p.Id)).ToList();
        var done = 0;
        var correct = 0;
        var errors = 0;
        await using var writer = new SampleWriter(run.Samples);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(pending, parallel, async (problem, ct) =>
        {
            var record = await SolveAndGradeAsync(problem, ct).ConfigureAwait(false);
            await writer.AppendAsync(record, ct).ConfigureAwait(false);
            var d = Interlocked.Increment(ref done);
            var c = record.Correct ? Interlocked.Increment(ref correct) : Volatile.Read(ref correct);
            var e = record.Error is null ? Volatile.Read(ref errors) : Interlocked.Increment(ref errors);
            progress?.Report(new RunProgress(d, pending.Count, c, e));
        }).ConfigureAwait(false);
        return done;
    }

    private async Task<SampleLine> SolveAndGradeAsync(Problem problem, CancellationToken cancellationToken)
    {
        var gold = problem.Gold ?? "";
        SearchResult solved;
        try
        {
            solved = await _solver.SolveAsync(problem, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not BackendUnreachableException && (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested))
        {
            // A failing problem is recorded and counted; it does not end the run. An unreachable backend does.
            return new SampleLine(problem.Id, gold, "", null, false, null, [], new SampleUsage(0, 0, 0, 0, 0, 0, 0, 0),
                $"{ex.GetType().Name}: {ex.Message}", NoAnswerReason.Error, problem.Question,
                Level: problem.Level, Subject: problem.Subject);
        }

        var verdict = solved.Answer is null
            ? new Verdict(Outcome.NotEquivalent, EquivalenceMethod.Parse, "no answer extracted")
            : _checker.Check(gold, solved.Answer);

        // Every candidate gets its own verdict; the chosen answer's is reused rather than checked twice.
        var candidates = solved.Candidates
            .Select(c => (c, Score: c.Score ?? c.Value ?? c.Q))
            .Select(p => new SampleCandidate(p.c.Answer, p.c.Votes, double.IsFinite(p.Score) ? p.Score : null,
                p.c.Answer == solved.Answer ? verdict.IsEquivalent : _checker.Check(gold, p.c.Answer).IsEquivalent))
            .ToList();
        var u = solved.Usage;
        var usage = new SampleUsage(u.PromptTokens, u.GeneratedTokens, u.ModelCalls, u.SandboxRuns, u.Steps, u.Solutions, u.ValueCalls,
            Math.Round(u.Elapsed.TotalMilliseconds, 1));
        return new SampleLine(problem.Id, gold, solved.Trajectory, solved.Answer, verdict.IsEquivalent, SampleVerdict.Of(verdict),
            candidates, usage, null, solved.Answer is null ? NoAnswerReasons.Classify(solved.Tree) : null, problem.Question,
            _solver.PromptSha256(problem), Level: problem.Level, Subject: problem.Subject, Tree: solved.Tree.ToJsonElement());
    }
}

using System.Collections.Concurrent;
using System.Text.Json;
using Mario.Models;
using Mario.Search;
using Mario.Search.Steps;
using Mario.Search.Strategies;
using Mario.Search.Tree;
using Mario.Testing;
using Mario.Tool.Running;
using Mario.Tool.Tests.Support;

namespace Mario.Tool.Tests.Running;

public sealed class EvalRunnerTests
{
    private static readonly IReadOnlyList<Problem> Problems = Enumerable.Range(0, 12).Select(i => new Problem($"p{i:00}", $"q{i}", (i * 2).ToString())).ToList();

    [Fact]
    public async Task Run_AllProblems_WritesOneGradedLinePerProblem()
    {
        using var dir = new TempDirectory();
        var run = new RunDirectory(dir.Path);
        var solver = new TableStrategy();

        var done = await new EvalRunner(solver.Solver, new StringEquivalenceChecker()).RunAsync(run, Problems, new HashSet<string>(), 3, null, CancellationToken.None);

        var lines = ReadLines(run);
        Assert.Equal(12, done);
        Assert.Equal(Problems.Select(p => p.Id).Order(), lines.Select(l => l.GetProperty("id").GetString()).Order());
        var p03 = lines.Single(l => l.GetProperty("id").GetString() == "p03");
        Assert.False(p03.GetProperty("correct").GetBoolean());
        Assert.Equal("boom", p03.GetProperty("error").GetString()!.Split(": ")[1]);
        Assert.Equal(JsonValueKind.Null, p03.GetProperty("verdict").ValueKind);
        var p04 = lines.Single(l => l.GetProperty("id").GetString() == "p04");
        Assert.True(p04.GetProperty("correct").GetBoolean());
        Assert.Equal("equivalent", p04.GetProperty("verdict").GetProperty("outcome").GetString());
        Assert.Equal("p04", p04.GetProperty("tree").GetProperty("problemId").GetString());
        Assert.Equal("table", p04.GetProperty("tree").GetProperty("strategy").GetString());
    }

    [Fact]
    public async Task Run_ConcurrencyBound_IsNeverExceeded()
    {
        using var dir = new TempDirectory();
        var solver = new TableStrategy(delay: TimeSpan.FromMilliseconds(20));

        await new EvalRunner(solver.Solver, new StringEquivalenceChecker()).RunAsync(new RunDirectory(dir.Path), Problems, new HashSet<string>(), 2, null, CancellationToken.None);

        Assert.Equal(2, solver.MaxInFlight);
    }

    [Fact]
    public async Task Resume_AfterTornLastLine_CutsItAndRedoesUnfinishedAndErroredProblems()
    {
        using var dir = new TempDirectory();
        var run = new RunDirectory(dir.Path);
        var first = new TableStrategy();
        await new EvalRunner(first.Solver, new StringEquivalenceChecker()).RunAsync(run, Problems.Take(5).ToList(), new HashSet<string>(), 1, null, CancellationToken.None);
        await File.AppendAllTextAsync(run.Samples, "{\"id\":\"p05\",\"gold\":\"1");

        var (finished, cut, error) = await run.RepairAndReadFinishedAsync(CancellationToken.None);
        var second = new TableStrategy();
        await new EvalRunner(second.Solver, new StringEquivalenceChecker()).RunAsync(run, Problems, finished, 4, null, CancellationToken.None);

        Assert.Null(error);
        Assert.Equal("{\"id\":\"p05\",\"gold\":\"1".Length, cut);
        // p03 threw the first time: an errored line is taken out and redone, as are the problems never reached.
        Assert.Equal(4, finished.Count);
        Assert.DoesNotContain("p03", finished);
        Assert.Equal(Problems.Skip(5).Select(p => p.Id).Append("p03").Order(), second.Solved.Order());
        var ids = ReadLines(run).Select(l => l.GetProperty("id").GetString()).ToList();
        Assert.Equal(12, ids.Count);
        Assert.Equal(12, ids.Distinct().Count());
    }

    [Fact]
    public async Task Run_BackendUnreachable_StopsTheRunAndKeepsFinishedLines()
    {
        using var dir = new TempDirectory();
        var run = new RunDirectory(dir.Path);
        var solver = new TableStrategy(unreachableFrom: 4);

        await Assert.ThrowsAsync<BackendUnreachableException>(() =>
            new EvalRunner(solver.Solver, new StringEquivalenceChecker()).RunAsync(run, Problems, new HashSet<string>(), 1, null, CancellationToken.None));

        Assert.Equal(["p00", "p01", "p02", "p03"], ReadLines(run).Select(l => l.GetProperty("id").GetString()));
    }

    private const string Line = "{\"id\":\"a\",\"gold\":\"1\",\"completion\":\"\",\"answer\":null,\"correct\":false,\"verdict\":null,\"candidates\":[],"
        + "\"usage\":{\"promptTokens\":0,\"generatedTokens\":0,\"modelCalls\":0,\"sandboxRuns\":0,\"steps\":0},\"error\":null}\n";

    [Theory]
    [InlineData("not json\n", "samples.jsonl:1: $: 'not json' is an invalid")]
    [InlineData("{\"id\":\"a\"}\n", "samples.jsonl:1: $: JSON deserialization for type 'Mario.Tool.Runs.SampleLine' was missing required properties")]
    [InlineData(Line + Line, "samples.jsonl:2: id: duplicate id 'a'")]
    public async Task Repair_CorruptCompleteLine_IsReportedWithLine(string content, string expected)
    {
        using var dir = new TempDirectory();
        var run = new RunDirectory(dir.Path);
        await File.WriteAllTextAsync(run.Samples, content);

        var (_, _, error) = await run.RepairAndReadFinishedAsync(CancellationToken.None);

        Assert.StartsWith(expected, error!.Replace(dir.Path + "/", ""));
        Assert.EndsWith("the run folder is corrupt", error);
    }

    private static List<JsonElement> ReadLines(RunDirectory run) =>
        File.ReadAllLines(run.Samples).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();

    /// <summary>
    /// A strategy double behind the real <see cref="SearchSolver"/>: answers gold for even problems, a wrong answer for
    /// odd ones, and throws on p03. It never calls the policy.
    /// </summary>
    private sealed class TableStrategy(TimeSpan delay = default, int unreachableFrom = int.MaxValue) : ISearchStrategy
    {
        private int _inFlight;
        private int _maxInFlight;

        public ConcurrentBag<string> Solved { get; } = [];

        public int MaxInFlight => _maxInFlight;

        public string Name => "table";

        public bool RequiresValueModel => false;

        public StrategyOptions Options { get; } = new GreedyOptions();

        /// <summary>The runner's solver around this strategy (seed 1, default limits).</summary>
        public SearchSolver Solver => new(this, new Mario.Models.Scripted.ScriptedLanguageModel(), null, null, new PlainCotStepFormat(),
            new StringEquivalenceChecker(), 1, SearchLimits.Default, TimeProvider.System);

        public async ValueTask<SearchResult> SolveAsync(Problem problem, SearchContext context, CancellationToken cancellationToken)
        {
            var now = Interlocked.Increment(ref _inFlight);
            InterlockedMax(ref _maxInFlight, now);
            try
            {
                await Task.Delay(delay, cancellationToken);
                Solved.Add(problem.Id);
                if (problem.Id == "p03")
                {
                    throw new InvalidOperationException("boom");
                }

                var index = int.Parse(problem.Id[1..]);
                if (index >= unreachableFrom)
                {
                    throw new BackendUnreachableException("test", "connection refused");
                }

                var answer = index % 2 == 0 ? problem.Gold! : "wrong";
                var tree = new TreeDump(TreeDump.CurrentVersion, problem.Id, problem.Question, problem.Gold, Name, StepFormatKind.PlainCot, []);
                return new SearchResult(Name, answer, "1", "text " + answer, [new AnswerCandidate(answer, "1", 1, 0.5, 0, null, 1, null)],
                    tree, new SearchUsage(3, 4, 1, 0, 0, 1, 1, 1, TimeSpan.FromMilliseconds(1)));
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }
        }

        private static void InterlockedMax(ref int target, int value)
        {
            int seen;
            while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
            {
            }
        }
    }
}

using System.Text.Json.Nodes;
using Mario.Testing;
using Mario.Tool.Cli;
using Mario.Tool.Runs;
using Mario.Tool.Tests.Support;

namespace Mario.Tool.Tests.Commands;

/// <summary>
/// <c>mario merge</c>: the shards of a run merge into the run an unsharded eval with the same seed writes (summary.json
/// equal apart from timings, samples.jsonl byte for byte in suite order), and shards that do not make one run are
/// refused with one line naming what differs.
/// </summary>
public sealed class MergeCommandTests : IClassFixture<MergeCommandTests.Shards>
{
    private readonly Shards _shards;

    public MergeCommandTests(Shards shards) => _shards = shards;

    public static TheoryData<string> Runs() => new("greedy", "maj");

    [Theory]
    [MemberData(nameof(Runs))]
    public async Task Merge_EveryShard_GivesTheUnshardedRun(string name)
    {
        var output = _shards.Temp.Combine("merged-" + name);

        // Shards in another order than their index: merge puts the problems back in suite order.
        var merge = await CliRun.InvokeAsync("merge", _shards.Folder(name, "3"), _shards.Folder(name, "1"), _shards.Folder(name, "2"), "-o", output);

        Assert.True(merge.ExitCode == ExitCodes.Ok, merge.Error);
        var unsharded = _shards.Folder(name, "all");
        Assert.Equal(await File.ReadAllTextAsync(Path.Combine(unsharded, "samples.jsonl")), await File.ReadAllTextAsync(Path.Combine(output, "samples.jsonl")));
        var expected = WithoutTimings(await File.ReadAllTextAsync(Path.Combine(unsharded, "summary.json")));
        var merged = WithoutTimings(await File.ReadAllTextAsync(Path.Combine(output, "summary.json")));
        Assert.Equal(expected, merged);
        Assert.Equal(WithoutTimingRows(await File.ReadAllLinesAsync(Path.Combine(unsharded, "summary.md"))), WithoutTimingRows(await File.ReadAllLinesAsync(Path.Combine(output, "summary.md"))));
        Assert.Contains("run folder: ", merge.Output);
        if (name == "maj")
        {
            var (summary, error) = RunJson.ParseSummary(await File.ReadAllTextAsync(Path.Combine(output, "summary.json")));
            Assert.True(summary is not null, error);
            Assert.Equal(["1", "2", "3"], summary.Metrics.MajAtK!.Keys);
            Assert.Equal(summary.Metrics.PassAtK!["1"], summary.Metrics.MajAtK["1"]);
        }

        // The merged folder is a finished run: resuming it solves nothing and writes the same summary.
        var resume = await CliRun.InvokeAsync(new FixedTimeProvider(), "eval", "--resume", output);
        Assert.True(resume.ExitCode == ExitCodes.Ok, resume.Error);
        Assert.Equal(merged, WithoutTimings(await File.ReadAllTextAsync(Path.Combine(output, "summary.json"))));
    }

    public static TheoryData<string, string[], string> BadShards() => new()
    {
        { "a shard missing", ["greedy-1", "greedy-2"], "shard 3/3 is missing (given: 1/3, 2/3)" },
        { "a shard given twice", ["greedy-1", "greedy-2", "greedy-2", "greedy-3"], "shard 2/3 is given twice" },
        { "another seed", ["greedy-1", "greedy-2", "seed8-3"], "the shards differ in seed: " },
        { "another suite", ["greedy-1", "greedy-2", "maj-3"], "the shards differ in suite: " },
        { "another shard count", ["greedy-1", "greedy-2", "half-2"], "the shards differ in shard count: " },
        { "not a shard", ["greedy-1", "greedy-all"], "is not a shard (it was run without --shard)" },
        { "a limit", ["limit-1", "limit-2"], "was run with --limit 3, which is applied within each shard" },
        { "a problem in two shards", ["greedy-1", "overlap-2", "greedy-3"], "is in two shards: " },
        { "a problem in no shard", ["greedy-1", "gap-2", "greedy-3"], "1 problem of suite 'gsm8k-test-mini' is in no shard: " },
        { "an unfinished shard", ["greedy-1", "unfinished-2", "greedy-3"], "summary.json is missing, so the shard is unfinished; finish it with: dotnet mario eval --resume " },
        { "no such folder", ["greedy-1", "nowhere"], "no such run folder" },
    };

    [Theory]
    [MemberData(nameof(BadShards))]
    public async Task Merge_ShardsThatAreNotOneRun_AreRefusedWithOneLine(string why, string[] folders, string expected)
    {
        var output = _shards.Temp.Combine("refused-" + why.Replace(' ', '-'));

        var merge = await CliRun.InvokeAsync(["merge", .. folders.Select(_shards.Folder), "-o", output]);

        Assert.Equal(ExitCodes.Usage, merge.ExitCode);
        var line = Assert.Single(merge.ErrorLines);
        Assert.StartsWith("error: ", line);
        Assert.Contains(expected, line);
        Assert.False(Directory.Exists(output), why);
    }

    [Fact]
    public async Task Merge_WithoutOutput_IsAUsageError()
    {
        var merge = await CliRun.InvokeAsync("merge", _shards.Folder("greedy", "1"));

        Assert.Equal(ExitCodes.Usage, merge.ExitCode);
        Assert.Contains("--output", merge.Error);
    }

    [Fact]
    public async Task Merge_NamesTheDifferingValues()
    {
        var merge = await CliRun.InvokeAsync("merge", _shards.Folder("greedy", "1"), _shards.Folder("seed8", "3"), "-o", _shards.Temp.Combine("seed"));

        Assert.Contains($"the shards differ in seed: {_shards.Folder("greedy", "1")} has '7', {_shards.Folder("seed8", "3")} has '8'", merge.Error);
    }

    private static string[] WithoutTimingRows(string[] markdown) =>
        markdown.Where(l => !l.StartsWith("| started / finished", StringComparison.Ordinal) && !l.StartsWith("| meanElapsedMs", StringComparison.Ordinal)).ToArray();

    private static string WithoutTimings(string summaryJson)
    {
        var node = JsonNode.Parse(summaryJson)!.AsObject();
        node.Remove("startedAt");
        node.Remove("finishedAt");
        node["usage"]!.AsObject().Remove("elapsedMs");
        node["usage"]!.AsObject().Remove("meanElapsedMs");
        return node.ToJsonString();
    }

    /// <summary>
    /// The runs the tests merge, made once: gsm8k-test-mini through the scripted model (greedy, 50 problems) and the
    /// embedded model's maj@3 on six problems of synth-find-mini, each as shards 1/3..3/3 and unsharded; and shards
    /// that do not make one run (another seed, another count, a limit, tampered and unfinished ones).
    /// </summary>
    public sealed class Shards : IAsyncLifetime
    {
        private static readonly string Fast = "scripted:" + Path.Combine(TestPaths.TestData, "scripted-fast.json");

        internal TempDirectory Temp { get; } = new();

        public string Folder(string name, string shard) => Temp.Combine($"{name}-{shard}");

        public string Folder(string nameAndShard) => Temp.Combine(nameAndShard);

        /// <inheritdoc />
        public async Task InitializeAsync()
        {
            string[] greedy = ["--suite", "gsm8k-test-mini", "--step-format", "plain", "--model", Fast, "--seed", "7", "--data-dir", TestPaths.ShippedSuites];
            string[] maj = ["--strategy", "maj@3", "--ids", "synth-eval-find-00000,synth-eval-find-00001,synth-eval-find-00002,synth-eval-find-00003,synth-eval-find-00004,synth-eval-find-00005", "--seed", "7"];
            foreach (var (name, args) in new[] { ("greedy", greedy), ("maj", maj) })
            {
                await EvalAsync(Folder(name, "all"), args);
                foreach (var shard in new[] { "1", "2", "3" })
                {
                    await EvalAsync(Folder(name, shard), [.. args, "--shard", shard + "/3"]);
                }
            }

            await EvalAsync(Folder("seed8", "3"), [.. greedy[..^4], "--seed", "8", "--data-dir", TestPaths.ShippedSuites, "--shard", "3/3"]);
            await EvalAsync(Folder("half", "2"), [.. greedy, "--shard", "2/2"]);
            await EvalAsync(Folder("limit", "1"), [.. greedy, "--shard", "1/2", "--limit", "3"]);
            await EvalAsync(Folder("limit", "2"), [.. greedy, "--shard", "2/2", "--limit", "3"]);

            // Tampered copies of shard 2/3: one also holds a problem of shard 1/3, one lost a problem, one has no summary.
            foreach (var copy in new[] { "overlap", "gap", "unfinished" })
            {
                Directory.CreateDirectory(Folder(copy, "2"));
                foreach (var file in Directory.GetFiles(Folder("greedy", "2")))
                {
                    File.Copy(file, Path.Combine(Folder(copy, "2"), Path.GetFileName(file)));
                }
            }

            var samples = Path.Combine(Folder("overlap", "2"), "samples.jsonl");
            await File.AppendAllTextAsync(samples, File.ReadLines(Path.Combine(Folder("greedy", "1"), "samples.jsonl")).First() + "\n");
            var gap = Path.Combine(Folder("gap", "2"), "samples.jsonl");
            await File.WriteAllLinesAsync(gap, File.ReadAllLines(gap)[1..]);
            File.Delete(Path.Combine(Folder("unfinished", "2"), "summary.json"));
        }

        private static async Task EvalAsync(string output, string[] args)
        {
            var run = await CliRun.InvokeAsync(new FixedTimeProvider(), ["eval", .. args, "-o", output]);
            Assert.True(run.ExitCode == ExitCodes.Ok, $"eval {string.Join(' ', args)}: {run.Error}");
        }

        /// <inheritdoc />
        public Task DisposeAsync()
        {
            Temp.Dispose();
            return Task.CompletedTask;
        }
    }
}

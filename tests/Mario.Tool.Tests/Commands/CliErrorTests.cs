using System.Security.Cryptography;
using System.Text;
using Mario.Tool.Cli;
using Mario.Tool.Commands;
using Mario.Tool.Tests.Support;

namespace Mario.Tool.Tests.Commands;

/// <summary>Bad input: one line on stderr naming what and where, exit 2, no stack trace.</summary>
public sealed class CliErrorTests
{
    private static string Fast => "scripted:" + Path.Combine(TestPaths.TestData, "scripted-fast.json");

    [Theory]
    [InlineData("unknown-suite", "--suite: unknown suite 'nosuch'")]
    [InlineData("missing-data-file", "suite 'absent-suite': data file absent-suite.jsonl not found")]
    [InlineData("wrong-sha256", "gsm8k-test-mini.jsonl: sha256 ")]
    [InlineData("malformed-field", "bad-field.jsonl:2: answer: expected a string, found a number")]
    [InlineData("malformed-json", "bad-json.jsonl:3: malformed JSON at column")]
    [InlineData("missing-field", "no-question.jsonl:1: question: missing (expected a string)")]
    [InlineData("manifest-rows-disagree", "rows.jsonl: 2 rows, but the manifest's rows field says 3")]
    [InlineData("manifest-bytes-disagree", "bytes.jsonl: 78 bytes, but the manifest's data.bytes says 90")]
    [InlineData("validate-bytes-disagree", "vbytes.jsonl: 78 bytes, but the manifest's data.bytes says 90")]
    [InlineData("duplicate-id", "dup.jsonl:2: id: duplicate id 'a'")]
    [InlineData("unknown-option", "Unrecognized command or argument '--frobnicate'")]
    [InlineData("resume-with-other-output", "contradicts --resume")]
    [InlineData("resume-missing-folder", "no such run folder")]
    [InlineData("shard-out-of-range", "--shard 3/2: shard index must be in 1..2")]
    [InlineData("unknown-strategy", "'frobnicate'")]
    [InlineData("mcts-without-value-model", "--strategy mcts ranks candidates with a value model")]
    [InlineData("bon-without-value-model", "--strategy bon ranks candidates with a value model")]
    [InlineData("greedy-with-samples", "--strategy greedy: option 'samples'")]
    [InlineData("bad-model-spec", "--model: unknown model spec 'gpt4'")]
    [InlineData("missing-scripted-file", "does not exist")]
    [InlineData("unknown-id", "--ids: nope not in suite 'gsm8k-test-mini'")]
    [InlineData("limit-zero", "--limit 0: expected at least 1")]
    [InlineData("validate-unknown-suite", "unknown suite 'nosuch'")]
    [InlineData("bad-manifest-field", "mine.json:3: colour: unknown field")]
    [InlineData("output-is-a-file", "cannot create the run folder")]
    public async Task BadInput_PrintsOneLine_Exit2_NoStackTrace(string scenario, string expected)
    {
        using var temp = new TempDirectory();
        var args = await ArgsForAsync(scenario, temp);

        var run = await CliRun.InvokeAsync(args);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        var line = Assert.Single(run.ErrorLines);
        Assert.StartsWith("error: ", line);
        Assert.Contains(expected, line);
        Assert.DoesNotContain("   at ", run.Error);
        Assert.DoesNotContain("Exception", run.Error);
    }

    [Fact]
    public async Task ValueModel_CheckpointWithoutValueHead_Exit2()
    {
        // A policy-only checkpoint asked for as a value model must say so, not score with noise.
        using var temp = new TempDirectory();
        var policyOnly = temp.Combine("policy-only");
        Directory.CreateDirectory(policyOnly);
        foreach (var file in Directory.GetFiles(Path.Combine(TestPaths.RepoRoot, "models", "tiny")).Where(f => !f.EndsWith("value_head.safetensors", StringComparison.Ordinal)))
        {
            File.Copy(file, Path.Combine(policyOnly, Path.GetFileName(file)));
        }

        var run = await CliRun.InvokeAsync("eval", "--suite", "synth-arith", "--model", "tiny", "--value-model", "local:" + policyOnly, "--strategy", "beam", "--limit", "1", "-o", temp.Combine("run"));

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("the checkpoint has no value head", Assert.Single(run.ErrorLines));
    }

    [Fact]
    public async Task TinyModel_ScoresWithItsOwnValueHead_ByDefault()
    {
        using var temp = new TempDirectory();
        var output = temp.Combine("run");

        var run = await CliRun.InvokeAsync("eval", "--suite", "synth-arith", "--model", "tiny", "--strategy", "beam", "--limit", "1", "-o", output);

        Assert.True(run.ExitCode == ExitCodes.Ok, run.Error);
        var summary = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(output, "summary.json")))!;
        Assert.Equal("tiny", (string?)summary["model"]);
        Assert.Equal("tiny#value", (string?)summary["valueModel"]);
        Assert.True((int)summary["usage"]!["valueCalls"]! > 0);
    }

    private static async Task<string[]> ArgsForAsync(string scenario, TempDirectory temp)
    {
        var output = temp.Combine("run");
        switch (scenario)
        {
            case "unknown-suite":
                return ["eval", "--suite", "nosuch", "--model", Fast];
            case "missing-data-file":
                await WriteSuiteAsync(temp, "absent-suite", null);
                return ["eval", "--suite", temp.Combine("absent-suite.json"), "--model", Fast, "-o", output];
            case "wrong-sha256":
                var data = temp.Combine("data");
                Directory.CreateDirectory(data);
                var text = await File.ReadAllTextAsync(Path.Combine(TestPaths.ShippedSuites, "gsm8k-test-mini.jsonl"));
                await File.WriteAllTextAsync(Path.Combine(data, "gsm8k-test-mini.jsonl"), text.Replace("ducks", "geese"));
                return ["eval", "--suite", "gsm8k-test-mini", "--data-dir", data, "--model", Fast, "-o", output];
            case "malformed-field":
                await WriteSuiteAsync(temp, "bad-field", "{\"id\":\"a\",\"question\":\"q\",\"answer\":\"1\"}\n{\"id\":\"b\",\"question\":\"q\",\"answer\":5}\n");
                return ["eval", "--suite", temp.Combine("bad-field.json"), "--model", Fast, "-o", output];
            case "malformed-json":
                await WriteSuiteAsync(temp, "bad-json", "{\"id\":\"a\",\"question\":\"q\",\"answer\":\"1\"}\n{\"id\":\"b\",\"question\":\"q\",\"answer\":\"2\"}\n{\"id\":\"c\",\"question\":\"q\",\n");
                return ["eval", "--suite", temp.Combine("bad-json.json"), "--model", Fast, "-o", output];
            case "missing-field":
                await WriteSuiteAsync(temp, "no-question", "{\"id\":\"a\",\"answer\":\"1\"}\n");
                return ["eval", "--suite", temp.Combine("no-question.json"), "--model", Fast, "-o", output];
            case "manifest-rows-disagree":
                // The sha256 matches the data, but the manifest claims a row it does not have: eval must not count it.
                await WriteSuiteAsync(temp, "rows", TwoRows, rows: 3);
                return ["eval", "--suite", temp.Combine("rows.json"), "--model", Fast, "-o", output];
            case "manifest-bytes-disagree":
                await WriteSuiteAsync(temp, "bytes", TwoRows, bytes: 90);
                return ["eval", "--suite", temp.Combine("bytes.json"), "--model", Fast, "-o", output];
            case "validate-bytes-disagree":
                await WriteSuiteAsync(temp, "vbytes", TwoRows, bytes: 90);
                return ["suites", "validate", temp.Combine("vbytes.json")];
            case "duplicate-id":
                await WriteSuiteAsync(temp, "dup", "{\"id\":\"a\",\"question\":\"q\",\"answer\":\"1\"}\n{\"id\":\"a\",\"question\":\"q2\",\"answer\":\"2\"}\n");
                return ["suites", "validate", temp.Combine("dup.json")];
            case "unknown-option":
                return ["eval", "--frobnicate"];
            case "resume-with-other-output":
                return ["eval", "--resume", output, "--output", temp.Combine("elsewhere")];
            case "resume-missing-folder":
                return ["eval", "--resume", temp.Combine("no-such-run")];
            case "shard-out-of-range":
                return ["eval", "--shard", "3/2", "--model", Fast];
            case "unknown-strategy":
                return ["eval", "--strategy", "frobnicate"];
            case "mcts-without-value-model":
                return ["eval", "--strategy", "mcts", "--model", Fast, "-o", output];
            case "bon-without-value-model":
                return ["eval", "--strategy", "bon", "--model", Fast];
            case "greedy-with-samples":
                return ["eval", "--samples", "4", "--model", Fast];
            case "bad-model-spec":
                return ["eval", "--model", "gpt4"];
            case "missing-scripted-file":
                return ["eval", "--model", "scripted:" + temp.Combine("nope.json"), "--limit", "1", "-o", output];
            case "unknown-id":
                return ["eval", "--ids", "gsm8k-test-0001,nope", "--model", Fast, "-o", output];
            case "limit-zero":
                return ["eval", "--limit", "0", "--model", Fast];
            case "validate-unknown-suite":
                return ["suites", "validate", "nosuch"];
            case "bad-manifest-field":
                await File.WriteAllTextAsync(temp.Combine("mine.json"), "{\n  \"id\": \"mine\",\n  \"colour\": \"red\"\n}\n");
                return ["suites", "validate", temp.Combine("mine.json")];
            case "output-is-a-file":
                await File.WriteAllTextAsync(temp.Combine("file"), "x");
                return ["eval", "--model", Fast, "--limit", "1", "-o", temp.Combine("file"), "--data-dir", TestPaths.ShippedSuites];
            default:
                throw new ArgumentOutOfRangeException(nameof(scenario), scenario, null);
        }
    }

    /// <summary>Writes manifest ID.json (and ID.jsonl when content is given) whose sha256 matches the content.</summary>
    private const string TwoRows = "{\"id\":\"a\",\"question\":\"q\",\"answer\":\"1\"}\n{\"id\":\"b\",\"question\":\"q\",\"answer\":\"2\"}\n";

    /// <summary>Writes a data file and its manifest; <paramref name="rows"/> and <paramref name="bytes"/> override what the manifest claims.</summary>
    internal static async Task WriteSuiteAsync(TempDirectory temp, string id, string? content, int? rows = null, long? bytes = null)
    {
        var data = Encoding.UTF8.GetBytes(content ?? "{}\n");
        if (content is not null)
        {
            await File.WriteAllBytesAsync(temp.Combine(id + ".jsonl"), data);
        }

        var sha = Convert.ToHexStringLower(SHA256.HashData(data));
        var rowCount = rows ?? data.Count(b => b == (byte)'\n');
        var length = bytes ?? data.Length;
        var manifest = $$"""
            {
              "id": "{{id}}", "version": 1, "title": "t", "license": "MIT", "rows": {{rowCount}},
              "data": { "file": "{{id}}.jsonl", "sha256": "{{sha}}", "bytes": {{length}} },
              "source": { "repo": "o/r", "commit": "c", "path": "p", "url": "http://127.0.0.1:1/x", "sha256": "{{sha}}", "bytes": {{data.Length}} },
              "mapping": "identity", "compare": "numeric"
            }
            """;
        await File.WriteAllTextAsync(temp.Combine(id + ".json"), manifest);
    }
}

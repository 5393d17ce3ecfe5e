using System.Text.Json.Nodes;
using Mario.Tool.Cli;
using Mario.Tool.Tests.Support;

namespace Mario.Tool.Tests.Reports;

/// <summary><c>dotnet mario report</c> over real eval runs: the files, the figures, escaping, and the page in headless Chromium.</summary>
public sealed class ReportCommandTests(ReportRuns runs) : IClassFixture<ReportRuns>
{
    private static readonly string[] Figures =
    [
        "accuracy-vs-tokens", "accuracy-vs-seconds", "accuracy-vs-model-calls", "maj-pass-at-k-maj", "accuracy-by-level",
        "final-step-value-mcts", "final-step-q-mcts",
    ];

    [Fact]
    public void Report_WritesPageMarkdownAndEveryFigureAsPngAndSvg()
    {
        Assert.True(runs.Report.ExitCode == ExitCodes.Ok, runs.Report.Error);
        Assert.True(File.Exists(Path.Combine(runs.Output, "report.html")));
        Assert.True(File.Exists(Path.Combine(runs.Output, "report.md")));
        var written = Directory.GetFiles(Path.Combine(runs.Output, "figures")).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(Figures.SelectMany(f => new[] { f + ".png", f + ".svg" }).Order(StringComparer.Ordinal).ToList(), written);
        foreach (var figure in Figures)
        {
            var png = File.ReadAllBytes(Path.Combine(runs.Output, "figures", figure + ".png"));
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
            // Text is drawn (titles and tick labels), not only lines: ScottPlot writes each label as an SVG text element.
            var svg = File.ReadAllText(Path.Combine(runs.Output, "figures", figure + ".svg"));
            Assert.StartsWith("<?xml", svg, StringComparison.Ordinal);
            Assert.True(svg.Split("<text").Length > 5, $"{figure}.svg has almost no text");
        }
    }

    [Fact]
    public void Report_PageIsSelfContained_AndLinksEveryProblemToItsTreeInEveryRun()
    {
        var html = File.ReadAllText(Path.Combine(runs.Output, "report.html"));

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("http://", html, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
        Assert.Equal(Figures.Length, html.Split("src=\"data:image/svg+xml;base64,").Length - 1);
        for (var r = 0; r < 3; r++)
        {
            for (var p = 0; p < 6; p++)
            {
                Assert.Contains($"href=\"#t{r}-{p}\"", html, StringComparison.Ordinal);
                Assert.Contains($"<details id=\"t{r}-{p}\">", html, StringComparison.Ordinal);
            }
        }

        // The MCTS tree shows the value model's estimates and the visit counts of its nodes.
        Assert.Contains("value=0.900", html, StringComparison.Ordinal);
        Assert.Contains(" · N=", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_HostileModelOutput_IsEscapedInThePageAndTheMarkdown()
    {
        var html = File.ReadAllText(Path.Combine(runs.Output, "report.html"));
        var markdown = File.ReadAllText(Path.Combine(runs.Output, "report.md"));

        // The completion held </script><script>, an <img onerror> and a boxed <img> answer; the question held <b>.
        Assert.DoesNotContain("onerror=\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img src=x", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img src=y", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>bold", html, StringComparison.Ordinal);
        Assert.Contains("&lt;/script&gt;&lt;script&gt;window.__pwned = 1&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("&lt;img src=y onerror=window.__pwned=3&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img src=y", markdown, StringComparison.Ordinal);
        Assert.Contains("&lt;img src=y onerror=window.\\_\\_pwned=3&gt;", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_Markdown_ShowsEveryRunEveryFigureAndLinksProblemsToThePage()
    {
        var markdown = File.ReadAllText(Path.Combine(runs.Output, "report.md"));

        foreach (var figure in Figures)
        {
            Assert.Contains($"](figures/{figure}.png)", markdown, StringComparison.Ordinal);
            Assert.Contains($"](figures/{figure}.svg)", markdown, StringComparison.Ordinal);
        }

        Assert.Contains("](report.html#t2-5)", markdown, StringComparison.Ordinal);
        // Greedy takes each problem's first sample: right on problems 1 and 3 only (2 of 6); MCTS's value model finds 5 of 6.
        Assert.Contains("| greedy | report-levels | scripted:report-policy | greedy | 6 | 33.3% |", markdown, StringComparison.Ordinal);
        Assert.Contains("| mcts | report-levels | scripted:report-policy | mcts | 6 | 83.3% |", markdown, StringComparison.Ordinal);
    }

    [ChromiumFact]
    public async Task Report_OpensInHeadlessChromium_NoConsoleErrorAndEveryFigureLoaded()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await using var browser = await HeadlessChromium.StartAsync(timeout.Token);

        await browser.NavigateAsync(new Uri(Path.Combine(runs.Output, "report.html")), timeout.Token);
        var state = (await browser.EvaluateAsync(
            """
            ({
              images: [...document.images].map(i => ({ alt: i.alt, ok: i.complete && i.naturalWidth > 0, width: i.naturalWidth })),
              pwned: typeof window.__pwned,
              scripts: document.scripts.length,
              handlers: document.querySelectorAll('[onerror],[onload],[onclick]').length,
              hostileShownAsText: document.body.innerText.includes('<img src=y onerror=window.__pwned=3>'),
              treeLinks: document.querySelectorAll('a[href^="#t"]').length,
            })
            """, timeout.Token))!.AsObject();
        var screenshot = await browser.ScreenshotAsync(timeout.Token);

        Assert.Empty(browser.Errors);
        var images = state["images"]!.AsArray();
        Assert.Equal(Figures.Length, images.Count);
        Assert.All(images, i => Assert.True((bool)i!["ok"]!, $"figure '{(string?)i["alt"]}' did not load"));
        Assert.Equal("undefined", (string?)state["pwned"]);
        Assert.Equal(0, (int)state["scripts"]!);
        Assert.Equal(0, (int)state["handlers"]!);
        Assert.True((bool)state["hostileShownAsText"]!);
        Assert.Equal(18, (int)state["treeLinks"]!);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], screenshot[..4]);
        // MARIO_REPORT_SCREENSHOT=docs/report-screenshot.png keeps the screenshot (the README shows it).
        if (Environment.GetEnvironmentVariable("MARIO_REPORT_SCREENSHOT") is { Length: > 0 } keep)
        {
            await File.WriteAllBytesAsync(Path.GetFullPath(keep, TestPaths.RepoRoot), screenshot, timeout.Token);
        }
    }

    [Fact]
    public async Task Report_ComparisonFolder_StandsForItsRuns()
    {
        // A folder holding comparison.json and run folders (what `eval --strategies` writes) reports every run in it.
        var comparison = runs.Scratch("comparison");
        Directory.CreateDirectory(comparison);
        await File.WriteAllTextAsync(Path.Combine(comparison, "comparison.json"), "{}");
        foreach (var run in runs.Runs)
        {
            var target = Path.Combine(comparison, Path.GetFileName(run));
            Directory.CreateDirectory(target);
            foreach (var file in Directory.GetFiles(run))
            {
                File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
            }
        }

        var report = await CliRun.InvokeAsync("report", comparison, "-o", runs.Scratch("comparison-report"));

        Assert.True(report.ExitCode == ExitCodes.Ok, report.Error);
        var markdown = await File.ReadAllTextAsync(Path.Combine(runs.Scratch("comparison-report"), "report.md"));
        Assert.Contains("| greedy |", markdown, StringComparison.Ordinal);
        Assert.Contains("| maj |", markdown, StringComparison.Ordinal);
        Assert.Contains("| mcts |", markdown, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("missing", "missing: no such run folder")]
    [InlineData("unfinished", "summary.json: no such file (the run has not finished")]
    [InlineData("bad-line", "samples.jsonl:2: ")]
    public async Task Report_BadRunFolder_OneErrorLineNamingIt_Exit2(string kind, string expected)
    {
        var folder = runs.Scratch(kind);
        if (kind != "missing")
        {
            Directory.CreateDirectory(folder);
            var lines = await File.ReadAllLinesAsync(Path.Combine(runs.Runs[0], "samples.jsonl"));
            await File.WriteAllLinesAsync(Path.Combine(folder, "samples.jsonl"), kind == "bad-line" ? [lines[0], "{\"id\": 3}"] : lines);
            if (kind == "bad-line")
            {
                File.Copy(Path.Combine(runs.Runs[0], "summary.json"), Path.Combine(folder, "summary.json"));
            }
        }

        var report = await CliRun.InvokeAsync("report", runs.Runs[0], folder, "-o", runs.Scratch(kind + "-report"));

        Assert.Equal(ExitCodes.Usage, report.ExitCode);
        Assert.Contains(expected, Assert.Single(report.ErrorLines), StringComparison.Ordinal);
        Assert.False(Directory.Exists(runs.Scratch(kind + "-report")));
    }

    [Fact]
    public async Task Report_Help_ShowsExamples()
    {
        var help = await CliRun.InvokeAsync("report", "--help");

        Assert.Equal(ExitCodes.Ok, help.ExitCode);
        Assert.Contains("dotnet mario report runs/greedy runs/maj runs/mcts -o report", help.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_SampledRun_PassAtKCurveEndsAtTheRunsCoverage()
    {
        // pass@n over n samples is the share of problems with some correct sample: the summary's coverage.
        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(runs.Runs[1], "summary.json")))!;
        var lines = File.ReadAllLines(Path.Combine(runs.Runs[1], "samples.jsonl")).Select(l => Mario.Tool.Runs.RunJson.ParseSample(l).Line!).ToList();

        var curve = Mario.Tool.Reports.SampledCurves.Compute(lines, 4);

        Assert.Equal((double)summary["metrics"]!["coverage"]!, curve[^1].PassAtK, 4);
        Assert.Equal((double)summary["metrics"]!["passAtK"]!["1"]!, curve[0].PassAtK, 4);
        Assert.Equal(curve[0].PassAtK, curve[0].MajAtK, 10);
    }
}

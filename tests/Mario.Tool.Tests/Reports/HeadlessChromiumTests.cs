using Mario.Tool.Tests.Support;

namespace Mario.Tool.Tests.Reports;

/// <summary>The browser check can fail: a page with a script error, a console error and a broken image is caught.</summary>
public sealed class HeadlessChromiumTests
{
    [ChromiumFact]
    public async Task HeadlessChromium_BrokenPage_ReportsErrorsAndTheImageThatDidNotLoad()
    {
        using var temp = new TempDirectory();
        var page = temp.Combine("broken.html");
        await File.WriteAllTextAsync(page, """
            <!DOCTYPE html><html><body>
            <img alt="broken" src="data:image/png;base64,AAAA">
            <img alt="fine" src="data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciIHdpZHRoPSI0IiBoZWlnaHQ9IjQiLz4=">
            <script>console.error("boom"); undefinedFunction();</script>
            </body></html>
            """);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var browser = await HeadlessChromium.StartAsync(timeout.Token);

        await browser.NavigateAsync(new Uri(page), timeout.Token);
        var loaded = (await browser.EvaluateAsync("[...document.images].map(i => i.alt + '=' + (i.naturalWidth > 0))", timeout.Token))!.AsArray()
            .Select(n => (string)n!).ToList();

        Assert.Equal(["broken=false", "fine=true"], loaded);
        Assert.Contains(browser.Errors, e => e.StartsWith("console.error", StringComparison.Ordinal) && e.Contains("boom", StringComparison.Ordinal));
        Assert.Contains(browser.Errors, e => e.StartsWith("exception", StringComparison.Ordinal) && e.Contains("undefinedFunction", StringComparison.Ordinal));
    }
}

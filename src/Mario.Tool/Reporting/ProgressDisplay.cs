using System.Globalization;
using Mario.Tool.Running;
using Spectre.Console;

namespace Mario.Tool.Reporting;

/// <summary>Shows a run's progress: a bar with the remaining time on a terminal, a line about every 10% in logs.</summary>
public static class ProgressDisplay
{
    /// <summary>Runs the problems through <paramref name="runner"/> while showing progress.</summary>
    public static async Task RunAsync(IAnsiConsole console, EvalRunner runner, RunDirectory run, IReadOnlyList<Mario.Search.Problem> problems,
        IReadOnlySet<string> finished, int concurrency, int remaining, TimeProvider time, CancellationToken cancellationToken)
    {
        if (console.Profile.Capabilities.Interactive)
        {
            await console.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                .StartAsync(async context =>
                {
                    var task = context.AddTask("solving", maxValue: Math.Max(1, remaining));
                    await runner.RunAsync(run, problems, finished, concurrency, p =>
                    {
                        task.Value = p.Done;
                        task.Description = $"solving ({p.Correct} correct, {p.Errors} errors)";
                    }, cancellationToken).ConfigureAwait(false);
                }).ConfigureAwait(false);
            return;
        }

        // Not a terminal: a plain line about every 10% so logs show the run is alive, with a linear estimate of what is left.
        var step = Math.Max(1, remaining / 10);
        var gate = new object();
        var started = time.GetTimestamp();
        await runner.RunAsync(run, problems, finished, concurrency, p =>
        {
            if (p.Done % step == 0 || p.Done == p.Total)
            {
                var elapsed = time.GetElapsedTime(started).TotalSeconds;
                var left = p.Done == 0 ? 0 : elapsed / p.Done * (p.Total - p.Done);
                lock (gate)
                {
                    console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{p.Done}/{p.Total}] {p.Correct} correct, {p.Errors} errors, {elapsed:0}s elapsed, about {left:0}s left"));
                }
            }
        }, cancellationToken).ConfigureAwait(false);
    }
}

using System.Globalization;
using Mario.Tool.Runs;
using Spectre.Console;

namespace Mario.Tool.Reporting;

/// <summary>
/// Shows a run's progress on standard error while the run goes: a bar with the remaining time on a terminal, a line
/// about every 10% with a linear estimate of the time left in logs. It only listens: the run reports through the
/// <see cref="IProgress{T}"/> it is handed.
/// </summary>
public static class ProgressDisplay
{
    /// <summary>Runs <paramref name="work"/>, showing what it reports.</summary>
    /// <param name="console">The standard-error console.</param>
    /// <param name="remaining">Problems the run sets out to finish, at least 0.</param>
    /// <param name="time">The clock for the estimate.</param>
    /// <param name="work">The run; it reports after each problem.</param>
    public static async Task ShowAsync(IAnsiConsole console, int remaining, TimeProvider time, Func<IProgress<RunProgress>, Task> work)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(work);
        if (console.Profile.Capabilities.Interactive)
        {
            await console.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                .StartAsync(async context =>
                {
                    var task = context.AddTask("solving", maxValue: Math.Max(1, remaining));
                    await work(new Listener(p =>
                    {
                        task.Value = p.Done;
                        task.Description = $"solving ({p.Correct} correct, {p.Errors} errors)";
                    })).ConfigureAwait(false);
                }).ConfigureAwait(false);
            return;
        }

        var step = Math.Max(1, remaining / 10);
        var gate = new object();
        var started = time.GetTimestamp();
        await work(new Listener(p =>
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
        })).ConfigureAwait(false);
    }

    /// <summary>Reports synchronously on the reporting thread (Progress{T} would post to a captured context).</summary>
    private sealed class Listener(Action<RunProgress> report) : IProgress<RunProgress>
    {
        public void Report(RunProgress value) => report(value);
    }
}

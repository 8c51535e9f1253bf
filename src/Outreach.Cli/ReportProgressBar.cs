using Outreach.Reports;
using Spectre.Console;

namespace Outreach.Cli;

/// <summary>
/// Grids read so far, as a Spectre.Console progress bar on stderr while a report runs, and only when stderr is a
/// terminal: stdout carries the report alone, so json and csv stay machine-readable.
/// </summary>
internal static class ReportProgressBar
{
    public static async Task<T> RunAsync<T>(CliEnvironment environment, Func<IProgress<ReportProgress>?, Task<T>> run)
    {
        if (!environment.ErrorIsTerminal)
        {
            return await run(null);
        }
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(environment.Error),
            Ansi = AnsiSupport.Yes,
            Interactive = InteractionSupport.Yes,
        });
        return await console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask("reading grids", maxValue: 1);
                var result = await run(new Callback(p =>
                {
                    task.MaxValue = p.GridsTotal;
                    task.Value = p.GridsDone;
                    task.Description = $"grids {p.GridsDone}/{p.GridsTotal}";
                }));
                task.StopTask();
                return result;
            });
    }

    /// <summary>Reports on the caller's thread (unlike <see cref="Progress{T}"/>): Spectre's task is thread-safe.</summary>
    private sealed class Callback(Action<ReportProgress> report) : IProgress<ReportProgress>
    {
        public void Report(ReportProgress value) => report(value);
    }
}

using System.CommandLine;
using System.Text.RegularExpressions;
using Outreach.Import;
using Outreach.Planning;

namespace Outreach.Cli.Commands;

/// <summary>
/// Loads <c>samples/</c> (Weifang Binhai parks and Huludao Longgang communities), plans four weeks from today
/// and prints the schedule: the first working days in full, then a day-by-day count; then the public side's requests,
/// dispatched, resolved and rated (<see cref="DemoRequests"/>).
/// </summary>
internal static class DemoCommand
{
    private const int Weeks = 4;
    private const int DaysInFull = 3;

    public static Command Create(CliEnvironment environment)
    {
        var samples = new Option<string?>("--samples") { Description = "The folder with the sample CSV files (default: samples/ of this repository)." };
        var command = new Command("demo", "Import the sample rosters, plan four weeks and print the schedule.");
        command.Options.Add(samples);
        command.SetAction((parsed, cancellationToken) => OutreachCli.Guard(environment, parsed, async context =>
        {
            var folder = parsed.GetValue(samples) ?? FindSamples(environment.WorkingDirectory)
                ?? throw new BadInputException("Cannot find the samples/ folder: run from the repository, or pass --samples DIR.");
            var output = environment.Out;
            await output.WriteLineAsync($"Outreach demo: importing the sample rosters from {folder}");
            foreach (var kind in new[] { ImportKind.Grids, ImportKind.Visitors, ImportKind.Enterprises, ImportKind.Households, ImportKind.Policies, ImportKind.Calendar, ImportKind.Departments, ImportKind.PointsRules, ImportKind.PointsItems })
            {
                if (kind is ImportKind.PointsRules or ImportKind.PointsItems && !File.Exists(Path.Combine(folder, $"{kind.ToWire()}.csv")))
                {
                    continue; // a samples folder of an earlier release, without the points files
                }
                var report = await ImportCommand.ImportFileAsync(context, kind, Path.Combine(folder, $"{kind.ToWire()}.csv"), cancellationToken);
                if (!report.Succeeded)
                {
                    return ExitCodes.BadInput;
                }
            }

            var from = context.Today;
            var to = from.AddDays(7 * Weeks - 1);
            await output.WriteLineAsync();
            await output.WriteLineAsync($"Planning {Weeks} weeks: {from:yyyy-MM-dd} {VisitOutput.Weekday(from)} to {to:yyyy-MM-dd} {VisitOutput.Weekday(to)}");
            var summary = await context.Planning.PlanAsync(from, to, cancellationToken: cancellationToken);
            await PlanCommand.PrintAsync(output, summary, context.Today);

            var visits = await context.Visits.FindAsync(new VisitFilter(from, to), cancellationToken);
            await PrintScheduleAsync(output, visits);
            var digests = await PrintFirstDigestsAsync(context, from, cancellationToken);
            await SendToStandInAsync(context, from, cancellationToken);
            var notice = await DispatchSampleProblemAsync(context, visits, cancellationToken);
            await DemoPoints.RunAsync(context, folder, cancellationToken);
            await PrintLinksAsync(context, digests, notice);
            await DemoRequests.RunAsync(context, folder, cancellationToken);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static async Task PrintScheduleAsync(TextWriter output, IReadOnlyList<VisitView> visits)
    {
        var days = visits.GroupBy(v => v.Visit.Date).OrderBy(g => g.Key).ToList();
        foreach (var day in days.Take(DaysInFull))
        {
            await output.WriteLineAsync();
            await output.WriteLineAsync($"{day.Key:yyyy-MM-dd} {VisitOutput.Weekday(day.Key)} · {day.Count()} 次走访");
            foreach (var team in day.GroupBy(v => VisitOutput.Names(v.Visitors)).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                var places = team.Select(v => v.Target?.Name ?? v.Visit.TargetId);
                await output.WriteLineAsync($"  {team.Key}: {string.Join("；", places)}");
            }
        }
        await output.WriteLineAsync();
        await output.WriteLineAsync("Visits per day (enterprises / households):");
        foreach (var week in days.GroupBy(d => Calendar.ChinaTime.WeekStart(d.Key)))
        {
            var cells = week.Select(d =>
                $"{d.Key:MM-dd}{VisitOutput.Weekday(d.Key)} {d.Count(v => v.Visit.TargetKind == Roster.TargetKind.Enterprise)}/{d.Count(v => v.Visit.TargetKind == Roster.TargetKind.Household)}");
            await output.WriteLineAsync("  " + string.Join("  ", cells));
        }
        await output.WriteLineAsync();
        await output.WriteLineAsync($"{visits.Count} visits in all. See one visitor's list with: visits --visitor ID");
    }

    /// <summary>
    /// The evening digests of the first day (18:00, for the next day's visits), composed into the outbox and
    /// printed from it; nothing is sent: <c>remind</c> sends (or keeps) them.
    /// </summary>
    private static async Task<IReadOnlyList<Reminders.OutboxMessage>> PrintFirstDigestsAsync(CliContext context, DateOnly from, CancellationToken cancellationToken)
    {
        var evening = new DateTimeOffset(from.ToDateTime(Reminders.ReminderOptions.EveningDigestAt), Calendar.ChinaTime.Offset);
        await (await context.RemindersAsync(cancellationToken)).ComposeAsync(evening, [Reminders.MessageKind.EveningDigest], cancellationToken);
        var rows = (await context.Outbox.ListAsync(new Reminders.OutboxFilter(From: from.AddDays(1), To: from.AddDays(1)), cancellationToken))
            .Where(r => r.Kind == Reminders.MessageKind.EveningDigest)
            .ToList();
        var output = context.Environment.Out;
        await output.WriteLineAsync();
        await output.WriteLineAsync($"Evening digests for {from.AddDays(1):yyyy-MM-dd}, composed {from:yyyy-MM-dd} 18:00 (in the outbox, not sent; send with: remind --at {from:yyyy-MM-dd}T18:00):");
        await OutboxCommand.WriteTableAsync(output, rows);
        return rows;
    }

    /// <summary>
    /// With a gateway that is a stand-in on this machine (<c>npm run demo -- --tencent</c>), the digests are sent to it, as
    /// the 18:00 timer would send them. A gateway that reaches real phones is never used here: the samples' numbers are
    /// made up, and some of them are someone's.
    /// </summary>
    private static async Task SendToStandInAsync(CliContext context, DateOnly from, CancellationToken cancellationToken)
    {
        var sms = context.Options<Adapters.SmsOptions>();
        if (!sms.HasGateway)
        {
            return;
        }
        var output = context.Environment.Out;
        await output.WriteLineAsync();
        if (sms.ReachesPhones)
        {
            await output.WriteLineAsync("Not sent: an SMS gateway that reaches real phones is set, and the demo sends only to a stand-in on this machine.");
            return;
        }
        var evening = new DateTimeOffset(from.ToDateTime(Reminders.ReminderOptions.EveningDigestAt), Calendar.ChinaTime.Offset);
        var sent = await (await context.RemindersAsync(cancellationToken)).DrainAsync(evening, cancellationToken);
        await output.WriteLineAsync($"Sent through the {(sms.IsTencent ? "Tencent Cloud" : "ACS")} sender to the stand-in at {(sms.IsTencent ? sms.Tencent.Endpoint : sms.Endpoint)}: "
            + $"{sent.Sent} sent, {sent.Failed} failed, {sent.Dead} dead, {sent.Denied} denied.");
    }

    /// <summary>
    /// A problem an enterprise reported by phone (企业下单), dispatched to the labour bureau (人社局) as a coordinator
    /// would: the department's notice, with its link, goes into the outbox. Null when the samples lack either.
    /// </summary>
    private static async Task<Reminders.OutboxMessage?> DispatchSampleProblemAsync(CliContext context, IReadOnlyList<VisitView> visits, CancellationToken cancellationToken)
    {
        const string Department = "hr-social-security";
        if (visits.FirstOrDefault(v => v.Visit.TargetKind == Roster.TargetKind.Enterprise) is not { } visit
            || !(await context.Roster.GetDepartmentsAsync(cancellationToken)).Any(d => d.Id == Department))
        {
            return null;
        }
        var problems = await context.ProblemsAsync(cancellationToken);
        var opened = await problems.OpenAsync(new Problems.DirectReport(visit.Visit.Grid, visit.Visit.TargetId, "用工招聘",
            "企业来电：缺少电工和焊工各5名，希望对接下一场招聘会。", Problems.ProblemUrgency.Normal, "coordinator"), cancellationToken);
        if (opened.Problem is not { } problem)
        {
            return null;
        }
        // A demo run again the same day finds the problem it opened before, already dispatched: its notice is still there.
        if (problem.Stage == Problems.ProblemStatus.Reported)
        {
            await problems.ApplyAsync(problem.Id, new Problems.Dispatch(Department, 10), "coordinator", cancellationToken: cancellationToken);
        }
        var notices = await context.Outbox.ListAsync(new Reminders.OutboxFilter(From: context.Today, To: context.Today), cancellationToken);
        return notices.FirstOrDefault(n => n.Kind == Reminders.MessageKind.DispatchNotice && n.Subject.StartsWith(problem.Id + Problems.ProblemIds.Separator, StringComparison.Ordinal));
    }

    /// <summary>
    /// The links of one digest (the fullest day) and of the department's notice, to open in the app (npm start); with
    /// approved templates, the entry page and the code and digits to type there.
    /// </summary>
    private static async Task PrintLinksAsync(CliContext context, IReadOnlyList<Reminders.OutboxMessage> digests, Reminders.OutboxMessage? notice)
    {
        var output = context.Environment.Out;
        var day = digests.OrderByDescending(d => d.VisitIds.Count).ThenBy(d => d.RecipientId, StringComparer.Ordinal).FirstOrDefault();
        if (day is null && notice is null)
        {
            return;
        }
        await output.WriteLineAsync();
        await output.WriteLineAsync((day ?? notice)!.Approved is null
            ? "Open these links as the people who get the SMS would, once the app runs (npm start, then a browser):"
            : "Open the entry page and type the code and digits as the people who get the SMS would, once the app runs (npm start, then a browser):");
        if (day is not null)
        {
            await output.WriteLineAsync($"  {day.RecipientId}'s visits on {day.Date:yyyy-MM-dd} (record an outcome): {Opening(context, day)}");
        }
        if (notice is not null)
        {
            await output.WriteLineAsync($"  {notice.RecipientId}'s dispatched problem (accept, return, resolve): {Opening(context, notice)}");
        }
    }

    private static string LinkIn(string text) => Regex.Match(text, @"https?://\S+").Value;

    /// <summary>
    /// The message's link; for an approved template, which carries a code instead, this app's entry page (beside its
    /// <c>/v/</c> route: the template's fixed URL names the deployed one) with the code and the phone's last four digits.
    /// </summary>
    internal static string Opening(CliContext context, Reminders.OutboxMessage row)
    {
        if (row.Approved is null)
        {
            return LinkIn(row.Text);
        }
        var linkBase = context.Options<Reminders.ReminderOptions>().LinkBaseUrl;
        var entry = linkBase[..^"v/".Length] + "c";
        return row.Phone.Length < 4
            ? $"{entry} (no code: the recipient has no mobile number)"
            : $"{entry}, code {context.Codes.CodeOf(row.Id)}, digits {row.Phone[^4..]}";
    }

    /// <summary>The repository's samples/ folder, looked for from the working directory and from this program upwards.</summary>
    private static string? FindSamples(string workingDirectory)
    {
        foreach (var start in new[] { workingDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "samples");
                if (File.Exists(Path.Combine(candidate, "grids.csv")))
                {
                    return candidate;
                }
            }
        }
        return null;
    }
}

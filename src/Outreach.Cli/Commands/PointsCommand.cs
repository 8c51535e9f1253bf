using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Outreach.Calendar;
using Outreach.Points;
using Outreach.Reminders;

namespace Outreach.Cli.Commands;

/// <summary>
/// <c>points award|redeem|reverse|passbook|leaderboard</c>: the service centre's side of the points passbook (积分存折), on
/// <see cref="PointsService"/> as the visit page's award form is. A refused entry exits 1 with the reason in one line.
/// </summary>
internal static class PointsCommand
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = true,
    };

    public static Command Create(CliEnvironment environment)
    {
        var command = new Command("points", "The points passbook (积分存折): award, redeem, reverse, read a passbook, rank households.");
        command.Subcommands.Add(Award(environment));
        command.Subcommands.Add(Redeem(environment));
        command.Subcommands.Add(Reverse(environment));
        command.Subcommands.Add(Passbook(environment));
        command.Subcommands.Add(Leaderboard(environment));
        return command;
    }

    private static Command Award(CliEnvironment environment)
    {
        var household = new Argument<string>("household") { Description = "The household's id, e.g. lg-h-0001." };
        var code = new Argument<string>("code") { Description = "The rule's code in points-rules.csv, e.g. cleanup." };
        var note = new Option<string?>("--note") { Description = $"What was done, up to {PointsService.MaxNote} characters." };
        var at = new Option<string?>("--at") { Description = "When it was earned, e.g. 2026-12-05T09:00 (China time; default: now). The month's cap is that month's." };
        var resident = new Option<string?>("--resident") { Description = "The resident who earned it, for a passbook kept per person." };
        var command = new Command("award", "Record points earned by a rule (表现兑积分); refused past the rule's monthly cap.");
        command.Arguments.Add(household);
        command.Arguments.Add(code);
        command.Options.Add(note);
        command.Options.Add(at);
        command.Options.Add(resident);
        command.SetAction((parsed, cancellationToken) => OutreachCli.Guard(environment, parsed, async context =>
        {
            DateTimeOffset? when = parsed.GetValue(at) is { } text
                ? FixedClock.TryParse(text, out var moment) ? moment : throw new BadInputException($"--at '{text}' is not a date-time: use e.g. 2026-12-05T09:00 (China time).")
                : null;
            var result = await context.Points.AwardAsync(
                new PointsAward(parsed.GetValue(household)!, parsed.GetValue(code)!, parsed.GetValue(note), when, parsed.GetValue(resident)), cancellationToken);
            return await ReportAsync(context, result);
        }));
        return command;
    }

    private static Command Redeem(CliEnvironment environment)
    {
        var household = new Argument<string>("household") { Description = "The household's id." };
        var item = new Argument<string>("item") { Description = "The item's id in points-items.csv, e.g. soap." };
        var note = new Option<string?>("--note") { Description = "A note kept with the entry." };
        var command = new Command("redeem", "Exchange points for one item (积分换实物); refused when the balance is too low or the stock is zero.");
        command.Arguments.Add(household);
        command.Arguments.Add(item);
        command.Options.Add(note);
        command.SetAction((parsed, cancellationToken) => OutreachCli.Guard(environment, parsed, async context =>
            await ReportAsync(context, await context.Points.RedeemAsync(parsed.GetValue(household)!, parsed.GetValue(item)!, parsed.GetValue(note), cancellationToken: cancellationToken))));
        return command;
    }

    private static Command Reverse(CliEnvironment environment)
    {
        var entry = new Argument<string>("entry") { Description = "The entry's id, e.g. lg-h-0001~3 (see points passbook)." };
        var note = new Option<string?>("--note") { Description = "Why it is corrected." };
        var command = new Command("reverse", "Correct an entry with one that undoes it (entries are never changed); a reversed redemption's item goes back into stock.");
        command.Arguments.Add(entry);
        command.Options.Add(note);
        command.SetAction((parsed, cancellationToken) => OutreachCli.Guard(environment, parsed, async context =>
            await ReportAsync(context, await context.Points.ReverseAsync(parsed.GetValue(entry)!, parsed.GetValue(note), cancellationToken: cancellationToken))));
        return command;
    }

    private static Command Passbook(CliEnvironment environment)
    {
        var household = new Argument<string>("household") { Description = "The household's id." };
        var format = new Option<string>("--format") { Description = "table or json.", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var command = new Command("passbook", "A household's passbook: every entry and the balance.");
        command.Arguments.Add(household);
        command.Options.Add(format);
        command.SetAction((parsed, cancellationToken) => OutreachCli.Guard(environment, parsed, async context =>
        {
            var id = parsed.GetValue(household)!;
            var passbook = await context.Points.PassbookAsync(id, cancellationToken)
                ?? throw new BadInputException($"There is no household '{id}': give the id of a household in households.csv.");
            var output = context.Environment.Out;
            if (parsed.GetValue(format) == "json")
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(Document(passbook), Json));
                return ExitCodes.Success;
            }
            await WritePassbookAsync(output, passbook);
            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>A passbook as a table: the household and balance, then one line per entry, then each resident's total.</summary>
    public static async Task WritePassbookAsync(TextWriter output, Passbook passbook)
    {
        var reversed = passbook.Ledger.Reversed;
        await output.WriteLineAsync($"{passbook.Household.Id} {passbook.Household.Name} ({passbook.Household.Grid}): balance {passbook.Balance}, {passbook.Ledger.Entries.Count} entries.");
        foreach (var e in passbook.Ledger.Entries)
        {
            var marks = string.Concat(
                reversed.Contains(e.Id) ? " (reversed)" : "",
                e.Resident is { } r ? $" · {r}" : "",
                e.Note is { } n ? $" · {n}" : "");
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"  {e.Id,-20} {e.At.ToOffset(ChinaTime.Offset):yyyy-MM-dd HH:mm} {e.Points,+6:+0;-0} {What(e)} by {e.By}{marks}"));
        }
        foreach (var (resident, balance) in passbook.Residents)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {resident}: {balance}"));
        }
    }

    private static Command Leaderboard(CliEnvironment environment)
    {
        var grid = new Option<string?>("--grid") { Description = "Only this grid." };
        var month = new Option<string?>("--month") { Description = "The month, YYYY-MM (default: this month, China time)." };
        var command = new Command("leaderboard", "Households by the points they earned in a month, most first.");
        command.Options.Add(grid);
        command.Options.Add(month);
        command.SetAction((parsed, cancellationToken) => OutreachCli.Guard(environment, parsed, async context =>
        {
            var first = Month(parsed.GetValue(month), "--month") ?? new DateOnly(context.Today.Year, context.Today.Month, 1);
            var leaders = await context.Points.LeaderboardAsync(parsed.GetValue(grid), first, cancellationToken);
            var output = context.Environment.Out;
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Points earned in {first:yyyy-MM}{(parsed.GetValue(grid) is { } g ? " in " + g : "")}: {leaders.Count} household(s)."));
            foreach (var l in leaders)
            {
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {l.Rank,3}. {l.HouseholdId,-12} {l.Earned,5}  {l.Grid}  {l.Address}"));
            }
            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>
    /// <c>report points [--from YYYY-MM] [--to YYYY-MM] [--grid G] [--format table|json|csv]</c>: points earned and redeemed
    /// per grid and month; registered under <c>report</c>.
    /// </summary>
    public static Command Report(CliEnvironment environment)
    {
        var from = new Option<string?>("--from") { Description = "First month, YYYY-MM (default: this month)." };
        var to = new Option<string?>("--to") { Description = "Last month, YYYY-MM (default: --from)." };
        var grid = new Option<string?>("--grid") { Description = "Only this grid." };
        var format = new Option<string>("--format") { Description = "table, json or csv.", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json", "csv");
        var command = new Command("points", "Points earned and redeemed (积分存折) per grid and month.");
        foreach (var option in new Option[] { from, to, grid, format })
        {
            command.Options.Add(option);
        }
        command.SetAction((parsed, cancellationToken) => OutreachCli.Guard(environment, parsed, async context =>
        {
            var first = Month(parsed.GetValue(from), "--from") ?? new DateOnly(context.Today.Year, context.Today.Month, 1);
            var last = Month(parsed.GetValue(to), "--to") ?? first;
            if (last < first)
            {
                throw new BadInputException($"--to {last:yyyy-MM} is before --from {first:yyyy-MM}: give the months in order.");
            }
            var months = (await context.Points.MonthsAsync(first, last, cancellationToken))
                .Where(m => parsed.GetValue(grid) is not { } g || m.Grid == g).ToList();
            var output = context.Environment.Out;
            switch (parsed.GetValue(format))
            {
                case "json":
                    await output.WriteLineAsync(JsonSerializer.Serialize(months.Select(m => new { month = MonthText(m.Month), m.Grid, m.Earned, m.Redeemed, m.Awards, m.Redemptions }), Json));
                    break;
                case "csv":
                    await output.WriteLineAsync("month,grid,earned,redeemed,awards,redemptions");
                    foreach (var m in months)
                    {
                        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{MonthText(m.Month)},{m.Grid},{m.Earned},{m.Redeemed},{m.Awards},{m.Redemptions}"));
                    }
                    break;
                default:
                    await output.WriteLineAsync($"Points {MonthText(first)}..{MonthText(last)}: earned {months.Sum(m => m.Earned)}, redeemed {months.Sum(m => m.Redeemed)}.");
                    await output.WriteLineAsync("  month    grid          earned  redeemed  awards  redemptions");
                    foreach (var m in months)
                    {
                        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {MonthText(m.Month)}  {m.Grid,-12} {m.Earned,7} {m.Redeemed,9} {m.Awards,7} {m.Redemptions,12}"));
                    }
                    break;
            }
            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>What an entry command did: the entry on stdout, or the refusal's reason in one line on stderr and exit 1.</summary>
    private static async Task<int> ReportAsync(CliContext context, PointsResult result)
    {
        if (!result.Succeeded)
        {
            await context.Environment.Error.WriteLineAsync($"Refused: {result.Message}.");
            return ExitCodes.BadInput;
        }
        var e = result.Entry!;
        await context.Environment.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{(result.Replayed ? "Already recorded" : "Recorded")} {e.Id}: {e.Points:+0;-0} {What(e)}; balance {result.Balance}."));
        return ExitCodes.Success;
    }

    private static string What(PointsEntry e) => e.Kind switch
    {
        PointsEntryKind.Award => $"award {e.Code}",
        PointsEntryKind.Redemption => $"redeem {e.Item}",
        _ => $"reversal of {e.ReversalOf}",
    };

    /// <summary>The passbook as JSON: <c>householdId</c>, <c>balance</c>, <c>entries</c> with signed points.</summary>
    private static object Document(Passbook passbook) => new
    {
        householdId = passbook.Household.Id,
        address = passbook.Household.Name,
        grid = passbook.Household.Grid,
        balance = passbook.Balance,
        entries = passbook.Ledger.Entries.Select(e => new
        {
            id = e.Id,
            kind = e.Kind switch { PointsEntryKind.Award => "award", PointsEntryKind.Redemption => "redemption", _ => "reversal" },
            at = e.At.ToOffset(ChinaTime.Offset),
            code = e.Code,
            item = e.Item,
            points = e.Points,
            reversalOf = e.ReversalOf,
            note = e.Note,
            resident = e.Resident,
            by = e.By,
            visitId = e.VisitId,
        }),
    };

    private static string MonthText(DateOnly month) => month.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    private static DateOnly? Month(string? text, string option)
    {
        if (text is null)
        {
            return null;
        }
        return DateOnly.TryParseExact(text.Trim() + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first)
            ? first
            : throw new BadInputException($"{option} '{text}' is not a month: use YYYY-MM, e.g. 2026-12.");
    }
}

using System.Globalization;
using Outreach.Calendar;
using Outreach.Points;
using Outreach.Reminders;

namespace Outreach.Cli.Commands;

/// <summary>
/// The demo's points history (<c>points-history.csv</c> in the samples: <c>household,action,what,days_ago,resident,note</c>,
/// an action <c>award</c> a rule, <c>redeem</c> an item, <c>reverse</c> the household's entry number), recorded through
/// the service as the service centre would; a household whose passbook has entries already is left as it is, so a
/// demo run again adds nothing. Then the first household's passbook.
/// </summary>
internal static class DemoPoints
{
    public static async Task RunAsync(CliContext context, string folder, CancellationToken cancellationToken)
    {
        var path = Path.Combine(folder, "points-history.csv");
        if (!File.Exists(path))
        {
            return;
        }
        var records = Import.CsvRecords.Read(new StringReader(await File.ReadAllTextAsync(path, cancellationToken))).ToList();
        var header = records[0].Fields.Select(f => f.Trim()).ToList();
        string Cell(Import.CsvRecord r, string column) => header.IndexOf(column) is var i and >= 0 && i < r.Fields.Length ? r.Fields[i].Trim() : "";
        var rows = records.Skip(1).ToList();
        var households = rows.Select(r => Cell(r, "household")).Distinct(StringComparer.Ordinal).ToList();
        var points = context.Points;
        var now = context.Clock.GetUtcNow();
        foreach (var household in households)
        {
            if ((await points.PassbookAsync(household, cancellationToken)) is not { Ledger.Entries.Count: 0 })
            {
                continue;
            }
            foreach (var row in rows.Where(r => Cell(r, "household") == household))
            {
                var what = Cell(row, "what");
                var note = Cell(row, "note") is { Length: > 0 } n ? n : null;
                var daysAgo = int.Parse(Cell(row, "days_ago"), CultureInfo.InvariantCulture);
                DateTimeOffset? at = daysAgo == 0 ? null : new DateTimeOffset(ChinaTime.DateOf(now).AddDays(-daysAgo).ToDateTime(new TimeOnly(10, 0)), ChinaTime.Offset);
                var result = Cell(row, "action") switch
                {
                    "award" => await points.AwardAsync(new PointsAward(household, what, note, at, Cell(row, "resident") is { Length: > 0 } r ? r : null), cancellationToken),
                    "redeem" => await points.RedeemAsync(household, what, note, cancellationToken: cancellationToken),
                    "reverse" => await points.ReverseAsync(PointsEntry.IdOf(household, int.Parse(what, CultureInfo.InvariantCulture)), note, cancellationToken: cancellationToken),
                    var other => throw new BadInputException($"{path} line {row.Line}: action '{other}' is not award, redeem or reverse."),
                };
                if (!result.Succeeded)
                {
                    await context.Environment.Error.WriteLineAsync($"{path} line {row.Line}: {result.Message}.");
                }
            }
        }
        if (households.Count > 0 && await points.PassbookAsync(households[0], cancellationToken) is { } first)
        {
            var output = context.Environment.Out;
            await output.WriteLineAsync();
            await output.WriteLineAsync($"Points passbooks (积分存折) of {households.Count} households; {first.Household.Id}'s (points passbook {first.Household.Id} [--format json]):");
            await PointsCommand.WritePassbookAsync(output, first);
            // The household sees it on its own request link (the QR code on the door); where SMS carry codes, request-link prints it.
            if (await context.ApprovedTemplatesAsync(cancellationToken) is null)
            {
                var token = await context.Requests.TokenAsync(first.Household, rotate: false, cancellationToken);
                await output.WriteLineAsync($"  The household's own passbook page: {context.Options<ReminderOptions>().LinkBaseUrl}{token}?show=passbook");
            }
        }
    }
}

using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;
using Outreach.Outcomes;
using Outreach.Planning;
using Outreach.Policies;
using Outreach.Roster;

namespace Outreach.Adapters;

/// <summary>
/// The row a visit is stored as. Public so a bench or a migration can write exactly what the store writes.
/// <c>visits</c>: PartitionKey = grid, RowKey = <c>{yyyyMMdd}~{targetId}</c> (the visit id minus the grid).
/// Besides the visit's fields, <c>Visitor1</c> and <c>Visitor2</c> hold its first and second visitor id, so a
/// visitor's visits can be filtered server-side within a grid's day range (a visit has at most
/// <see cref="VisitPolicy.MaxVisitorsPerVisit"/> visitors; <c>VisitorIds</c> stays the list read back).
/// </summary>
public static class VisitRows
{
    public static string RowKey(DateOnly date, string targetId) =>
        $"{Columns.KeyDate(date)}{VisitId.Separator}{targetId}";

    public static TableEntity VisitRow(Visit visit)
    {
        if (visit.VisitorIds.Count > VisitPolicy.MaxVisitorsPerVisit)
        {
            throw TooManyVisitors(visit);
        }
        var entity = new TableEntity(visit.Grid, RowKey(visit.Date, visit.TargetId))
        {
            ["Grid"] = visit.Grid,
            ["TargetId"] = visit.TargetId,
            ["TargetKind"] = visit.TargetKind.ToWire(),
            ["Date"] = Columns.FormatDate(visit.Date),
            ["VisitorIds"] = Columns.JoinList(visit.VisitorIds),
            ["Cycle"] = visit.Cycle,
            ["WindowStart"] = Columns.FormatDate(visit.WindowStart),
            ["WindowEnd"] = Columns.FormatDate(visit.WindowEnd),
            ["DueDate"] = Columns.FormatDate(visit.DueDate),
            ["Status"] = visit.Status.ToWire(),
        };
        if (visit.VisitorIds.Count > 0)
        {
            entity["Visitor1"] = visit.VisitorIds[0];
        }
        if (visit.VisitorIds.Count > 1)
        {
            entity["Visitor2"] = visit.VisitorIds[1];
        }
        if (visit.CompletedOn is { } completedOn)
        {
            entity["CompletedOn"] = Columns.FormatDate(completedOn);
        }
        if (visit.Outcome is { } outcome)
        {
            entity["OutcomeVisitorId"] = outcome.VisitorId;
            entity["OutcomeStatus"] = outcome.Status.ToWire();
            entity["VisitedAt"] = outcome.VisitedAt.ToString("O", CultureInfo.InvariantCulture);
            entity["RecordedAt"] = outcome.RecordedAt.ToString("O", CultureInfo.InvariantCulture);
            entity["Notes"] = outcome.Notes;
            entity["Problems"] = JsonSerializer.Serialize(outcome.Problems, ProblemJson);
        }
        return entity;
    }

    internal static ArgumentException TooManyVisitors(Visit visit) =>
        new($"Visit {visit.Id} has {visit.VisitorIds.Count} visitors ({string.Join(", ", visit.VisitorIds)}): "
            + $"a visit can have at most {VisitPolicy.MaxVisitorsPerVisit}.");

    /// <summary>Reads a visit row back.</summary>
    public static Visit ToVisit(TableEntity entity)
    {
        var kindText = entity.GetString("TargetKind");
        var statusText = entity.GetString("Status");
        var visit = new Visit(
            Columns.Required(entity, "TargetId"),
            TargetKinds.TryParse(kindText, out var kind) ? kind : throw Columns.Corrupt(entity, "TargetKind", kindText),
            Columns.Required(entity, "Grid"),
            Columns.ParseDate(entity.GetString("Date"), "Date", entity),
            Columns.SplitList(entity.GetString("VisitorIds")),
            Columns.RequiredInt(entity, "Cycle"),
            Columns.ParseDate(entity.GetString("WindowStart"), "WindowStart", entity),
            Columns.ParseDate(entity.GetString("WindowEnd"), "WindowEnd", entity),
            Columns.ParseDate(entity.GetString("DueDate"), "DueDate", entity),
            VisitStatuses.TryParse(statusText, out var status) ? status : throw Columns.Corrupt(entity, "Status", statusText),
            Columns.ParseOptionalDate(entity.GetString("CompletedOn"), "CompletedOn", entity),
            ReadOutcome(entity));
        return entity.ETag == default ? visit : visit with { ETag = entity.ETag.ToString() };
    }

    private static readonly JsonSerializerOptions ProblemJson = new(JsonSerializerDefaults.Web);

    private static VisitOutcome? ReadOutcome(TableEntity entity)
    {
        if (entity.GetString("OutcomeVisitorId") is not { } visitor)
        {
            return null;
        }
        var statusText = entity.GetString("OutcomeStatus");
        DateTimeOffset Moment(string column) =>
            DateTimeOffset.TryParse(entity.GetString(column), CultureInfo.InvariantCulture, DateTimeStyles.None, out var value)
                ? value
                : throw Columns.Corrupt(entity, column, entity.GetString(column));
        List<ReportedProblem>? problems;
        try
        {
            problems = JsonSerializer.Deserialize<List<ReportedProblem>>(entity.GetString("Problems") ?? "[]", ProblemJson);
        }
        catch (JsonException)
        {
            throw Columns.Corrupt(entity, "Problems", entity.GetString("Problems"));
        }
        return new VisitOutcome(
            visitor,
            VisitStatuses.TryParse(statusText, out var status) ? status : throw Columns.Corrupt(entity, "OutcomeStatus", statusText),
            Moment("VisitedAt"),
            entity.GetString("Notes"),
            problems ?? [],
            Moment("RecordedAt"));
    }
}

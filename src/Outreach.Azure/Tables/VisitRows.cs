using Azure.Data.Tables;
using Outreach.Planning;
using Outreach.Roster;

namespace Outreach.Azure;

/// <summary>
/// The rows a visit is stored as. Public so a bench or a migration can write exactly what the store writes.
/// <list type="bullet">
/// <item><c>visits</c>: PartitionKey = grid, RowKey = <c>{yyyyMMdd}~{targetId}</c> (the visit id minus the grid).</item>
/// <item><c>visitorvisits</c>: PartitionKey = visitor id, RowKey = <c>{yyyyMMdd}~{grid}~{targetId}</c>, same columns.</item>
/// </list>
/// </summary>
public static class VisitRows
{
    public static string RowKey(DateOnly date, string targetId) =>
        $"{Columns.KeyDate(date)}{VisitId.Separator}{targetId}";

    public static string IndexRowKey(string grid, DateOnly date, string targetId) =>
        $"{Columns.KeyDate(date)}{VisitId.Separator}{grid}{VisitId.Separator}{targetId}";

    public static TableEntity VisitRow(Visit visit) => WithColumns(new TableEntity(visit.Grid, RowKey(visit.Date, visit.TargetId)), visit);

    public static TableEntity IndexRow(Visit visit, string visitorId) =>
        WithColumns(new TableEntity(visitorId, IndexRowKey(visit.Grid, visit.Date, visit.TargetId)), visit);

    private static TableEntity WithColumns(TableEntity entity, Visit visit)
    {
        entity["Grid"] = visit.Grid;
        entity["TargetId"] = visit.TargetId;
        entity["TargetKind"] = visit.TargetKind.ToWire();
        entity["Date"] = Columns.FormatDate(visit.Date);
        entity["VisitorIds"] = Columns.JoinList(visit.VisitorIds);
        entity["Cycle"] = visit.Cycle;
        entity["WindowStart"] = Columns.FormatDate(visit.WindowStart);
        entity["WindowEnd"] = Columns.FormatDate(visit.WindowEnd);
        entity["DueDate"] = Columns.FormatDate(visit.DueDate);
        entity["Status"] = visit.Status.ToWire();
        if (visit.CompletedOn is { } completedOn)
        {
            entity["CompletedOn"] = Columns.FormatDate(completedOn);
        }
        return entity;
    }

    /// <summary>Reads a row of either table back into a visit.</summary>
    public static Visit ToVisit(TableEntity entity)
    {
        var kindText = entity.GetString("TargetKind");
        var statusText = entity.GetString("Status");
        return new Visit(
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
            Columns.ParseOptionalDate(entity.GetString("CompletedOn"), "CompletedOn", entity));
    }
}

using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Azure.Data.Tables;
using Outreach.Problems;

namespace Outreach.Adapters;

/// <summary>
/// The row a problem is stored as, in the <c>visits</c> table beside its grid's visits so that an outcome and
/// its problems fit one entity-group transaction: PartitionKey = grid, RowKey = <c>p~{local}</c> (the
/// problem id minus the grid). Visit RowKeys start with a date digit, so day-range queries never meet a
/// problem row. The fields are columns for filtering; the history is one JSON column.
/// </summary>
public static class ProblemRows
{
    public const string RowPrefix = "p~";

    /// <summary>Bounds (exclusive) of every problem RowKey: local ids use characters below '~'.</summary>
    internal const string LowerBound = RowPrefix;
    internal const string UpperBound = "p~~";

    private static readonly JsonSerializerOptions HistoryJson = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    public static string RowKey(string local) => RowPrefix + local;

    /// <summary>The partition and row of a public id, or null when it is not one.</summary>
    public static (string PartitionKey, string RowKey)? Keys(string id) =>
        ProblemIds.TryParse(id, out var grid, out var local) ? (grid, RowKey(local)) : null;

    public static TableEntity Row(Problem problem)
    {
        var (partition, row) = Keys(problem.Id) ?? throw new ArgumentException($"Problem id '{problem.Id}' cannot be stored: {ProblemIds.Rule}.");
        if (partition != problem.Grid)
        {
            throw new ArgumentException($"Problem id '{problem.Id}' is not in its grid {problem.Grid}.");
        }
        return new TableEntity(partition, row)
        {
            ["Kind"] = "problem",
            ["Grid"] = problem.Grid,
            ["TargetId"] = problem.TargetId,
            ["VisitId"] = problem.VisitId,
            ["Source"] = problem.Source.ToWire(),
            ["PreferredTime"] = problem.PreferredTime,
            ["Category"] = problem.Category,
            ["Description"] = problem.Description,
            ["Urgency"] = problem.Urgency.ToWire(),
            ["ReportedAt"] = Moment(problem.ReportedAt),
            ["ReportedBy"] = problem.ReportedBy,
            ["Stage"] = problem.Stage.ToWire(),
            ["Status"] = problem.Status.ToWire(),
            ["Department"] = problem.Department,
            ["DueDays"] = problem.DueDays,
            ["DispatchedAt"] = Moment(problem.DispatchedAt),
            ["AcceptedAt"] = Moment(problem.AcceptedAt),
            ["DueAt"] = Moment(problem.DueAt),
            ["ReturnedAt"] = Moment(problem.ReturnedAt),
            ["ReturnReason"] = problem.ReturnReason,
            ["ResolvedAt"] = Moment(problem.ResolvedAt),
            ["Resolution"] = problem.Resolution,
            ["Rating"] = problem.Rating,
            ["Comment"] = problem.Comment,
            ["EvaluatedBy"] = problem.EvaluatedBy?.ToWire(),
            ["EvaluatedAt"] = Moment(problem.EvaluatedAt),
            ["Dissatisfied"] = problem.Dissatisfied,
            ["Escalated"] = problem.Escalated,
            ["EscalatedAt"] = Moment(problem.EscalatedAt),
            ["History"] = JsonSerializer.Serialize(problem.History, HistoryJson),
        };
    }

    public static Problem ToProblem(TableEntity entity)
    {
        var urgency = entity.GetString("Urgency");
        var stage = entity.GetString("Stage");
        List<ProblemEvent>? history;
        try
        {
            history = JsonSerializer.Deserialize<List<ProblemEvent>>(entity.GetString("History") ?? "[]", HistoryJson);
        }
        catch (JsonException)
        {
            throw Columns.Corrupt(entity, "History", entity.GetString("History"));
        }
        var grid = Columns.Required(entity, "Grid");
        var visitId = entity.GetString("VisitId");
        // Rows written before requests existed have no source: a visit's problem or a coordinator's.
        var source = entity.GetString("Source");
        var evaluatedBy = entity.GetString("EvaluatedBy");
        return new Problem
        {
            Id = ProblemIds.Format(entity.PartitionKey, entity.RowKey[RowPrefix.Length..]),
            Grid = grid,
            TargetId = Columns.Required(entity, "TargetId"),
            VisitId = visitId,
            Source = source is null ? (visitId is null ? ProblemSource.Direct : ProblemSource.Visit)
                : ProblemSources.TryParse(source, out ProblemSource from) ? from : throw Columns.Corrupt(entity, "Source", source),
            PreferredTime = entity.GetString("PreferredTime"),
            Category = Columns.Required(entity, "Category"),
            Description = entity.GetString("Description") ?? "",
            Urgency = ProblemUrgencies.TryParse(urgency, out var u) ? u : throw Columns.Corrupt(entity, "Urgency", urgency),
            ReportedAt = ReadMoment(entity, "ReportedAt") ?? throw Columns.Corrupt(entity, "ReportedAt", null),
            ReportedBy = Columns.Required(entity, "ReportedBy"),
            Stage = ProblemStatuses.TryParse(stage, out var s) ? s : throw Columns.Corrupt(entity, "Stage", stage),
            Department = entity.GetString("Department"),
            DueDays = entity.GetInt32("DueDays"),
            DispatchedAt = ReadMoment(entity, "DispatchedAt"),
            AcceptedAt = ReadMoment(entity, "AcceptedAt"),
            DueAt = ReadMoment(entity, "DueAt"),
            ReturnedAt = ReadMoment(entity, "ReturnedAt"),
            ReturnReason = entity.GetString("ReturnReason"),
            ResolvedAt = ReadMoment(entity, "ResolvedAt"),
            Resolution = entity.GetString("Resolution"),
            Rating = entity.GetInt32("Rating"),
            Comment = entity.GetString("Comment"),
            EvaluatedBy = evaluatedBy is null ? null : ProblemSources.TryParse(evaluatedBy, out Evaluator by) ? by : throw Columns.Corrupt(entity, "EvaluatedBy", evaluatedBy),
            EvaluatedAt = ReadMoment(entity, "EvaluatedAt"),
            Dissatisfied = entity.GetInt32("Dissatisfied") ?? 0,
            Escalated = entity.GetBoolean("Escalated") ?? false,
            EscalatedAt = ReadMoment(entity, "EscalatedAt"),
            History = history ?? [],
        };
    }

    // Strings rather than the DateTime type: the service would keep only UTC, and the China offset is part of the record.
    private static string? Moment(DateTimeOffset? at) => at?.ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset? ReadMoment(TableEntity entity, string column)
    {
        var text = entity.GetString(column);
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value) ? value : throw Columns.Corrupt(entity, column, text);
    }
}

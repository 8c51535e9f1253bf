using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Outreach.Reminders;

namespace Outreach.Adapters;

/// <summary>
/// The outbox table: one row per message, PartitionKey its China date (<c>yyyyMMdd</c>) and RowKey
/// <c>kind~recipient~subject</c>; the deny list lives in partition <c>deny</c>, one row per E.164 number.
/// </summary>
public sealed class TableOutboxStore : IOutboxStore
{
    private const string DenyPartition = "deny";

    private const int PurgeParallelism = 4;

    private readonly TableStorage _storage;

    internal TableOutboxStore(TableStorage storage) => _storage = storage;

    public Task<bool> AddAsync(OutboxMessage message, CancellationToken cancellationToken = default) =>
        _storage.RunAsync(async () =>
        {
            var table = await TableAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await table.AddEntityAsync(Row(message), cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (RequestFailedException e) when (e.Status == 409)
            {
                return false;
            }
        }, cancellationToken);

    public Task<OutboxMessage?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        var parts = id.Split('~', 2);
        if (parts.Length != 2)
        {
            return Task.FromResult<OutboxMessage?>(null);
        }
        return _storage.RunAsync(async () =>
        {
            var table = await TableAsync(cancellationToken).ConfigureAwait(false);
            var response = await table.GetEntityIfExistsAsync<TableEntity>(parts[0], parts[1], cancellationToken: cancellationToken).ConfigureAwait(false);
            return response.HasValue ? ToMessage(response.Value!) : null;
        }, cancellationToken);
    }

    public Task<IReadOnlyList<OutboxMessage>> ListAsync(OutboxFilter filter, CancellationToken cancellationToken = default)
    {
        var clauses = new List<string> { TableClient.CreateQueryFilter($"PartitionKey ne {DenyPartition}") };
        if (filter.Status is { } status)
        {
            clauses.Add(TableClient.CreateQueryFilter($"Status eq {status.ToWire()}"));
        }
        if (filter.From is { } from)
        {
            clauses.Add(TableClient.CreateQueryFilter($"PartitionKey ge {Columns.KeyDate(from)}"));
        }
        if (filter.To is { } to)
        {
            clauses.Add(TableClient.CreateQueryFilter($"PartitionKey le {Columns.KeyDate(to)}"));
        }
        return QueryAsync(string.Join(" and ", clauses.Select(c => $"({c})")), cancellationToken);
    }

    public Task<IReadOnlyList<OutboxMessage>> ListDueAsync(DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        var query = TableClient.CreateQueryFilter(
            $"PartitionKey ne {DenyPartition} and (Status eq {OutboxStatus.Pending.ToWire()} or Status eq {OutboxStatus.Failed.ToWire()}) and NextAttemptAt le {at.ToUniversalTime()}");
        return QueryAsync(query, cancellationToken, byDue: true);
    }

    public Task<string?> TryReplaceAsync(OutboxMessage message, CancellationToken cancellationToken = default) =>
        _storage.RunAsync(async () =>
        {
            var table = await TableAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var response = await table.UpdateEntityAsync(Row(message), message.ETag is { } etag ? new ETag(etag) : ETag.All, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                return response.Headers.ETag?.ToString();
            }
            catch (RequestFailedException e) when (e.Status is 412 or 404)
            {
                return null;
            }
        }, cancellationToken);

    /// <summary>
    /// One query over the date partitions before <paramref name="before"/> (a PartitionKey range, reading keys only),
    /// then entity-group batches of deletes, one date partition at a time.
    /// </summary>
    public Task<int> DeleteFinalAsync(DateOnly before, CancellationToken cancellationToken = default) =>
        _storage.RunAsync(async () =>
        {
            var table = await TableAsync(cancellationToken).ConfigureAwait(false);
            var final = Enum.GetValues<OutboxStatus>().Where(s => !s.IsOpen()).Select(s => TableClient.CreateQueryFilter($"Status eq {s.ToWire()}"));
            var query = TableClient.CreateQueryFilter($"PartitionKey ne {DenyPartition} and PartitionKey lt {Columns.KeyDate(before)}")
                + $" and ({string.Join(" or ", final)})";
            var deletes = new List<TableTransactionAction>();
            await foreach (var entity in table.QueryAsync<TableEntity>(query, 1000, ["PartitionKey", "RowKey"], cancellationToken).ConfigureAwait(false))
            {
                // No ETag: a final row is never written again, and a row another purge deleted first is skipped.
                deletes.Add(Batches.Delete(entity.PartitionKey, entity.RowKey));
            }
            await Batches.SubmitAllAsync(Batches.Split(table, deletes), PurgeParallelism, cancellationToken).ConfigureAwait(false);
            return deletes.Count;
        }, cancellationToken);

    public Task DenyAsync(string phone, string reason, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        _storage.RunAsync(async () =>
        {
            var table = await TableAsync(cancellationToken).ConfigureAwait(false);
            await table.UpsertEntityAsync(DenyRow(new DenyEntry(phone, Denied: true, reason, at)), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    public Task<IReadOnlySet<string>> GetDeniedAsync(CancellationToken cancellationToken = default) =>
        _storage.RunAsync<IReadOnlySet<string>>(async () =>
        {
            var table = await TableAsync(cancellationToken).ConfigureAwait(false);
            var phones = new HashSet<string>(StringComparer.Ordinal);
            await foreach (var entity in table.QueryAsync<TableEntity>(e => e.PartitionKey == DenyPartition, select: ["RowKey", "Denied"], cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                // Rows written before the column existed were all denials.
                if (entity.GetBoolean("Denied") != false)
                {
                    phones.Add(entity.RowKey);
                }
            }
            return phones;
        }, cancellationToken);

    public Task<DenyEntry?> GetDenyEntryAsync(string phone, CancellationToken cancellationToken = default) =>
        _storage.RunAsync(async () =>
        {
            var table = await TableAsync(cancellationToken).ConfigureAwait(false);
            var found = await table.GetEntityIfExistsAsync<TableEntity>(DenyPartition, phone, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!found.HasValue)
            {
                return null;
            }
            var e = found.Value!;
            // Rows written before the ByReply column existed were made by a coordinator.
            return new DenyEntry(phone, e.GetBoolean("Denied") != false, e.GetString("Reason") ?? "", e.GetDateTimeOffset("DeniedAt") ?? DateTimeOffset.MinValue, e.GetBoolean("ByReply") ?? false)
            {
                ETag = e.ETag.ToString(),
            };
        }, cancellationToken);

    public Task<bool> TryPutDenyEntryAsync(DenyEntry entry, CancellationToken cancellationToken = default) =>
        _storage.RunAsync(async () =>
        {
            var table = await TableAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (entry.ETag is null)
                {
                    await table.AddEntityAsync(DenyRow(entry), cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await table.UpdateEntityAsync(DenyRow(entry), new ETag(entry.ETag), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                }
                return true;
            }
            catch (RequestFailedException e) when (e.Status == 412 || (e.Status == 409 && e.ErrorCode == "EntityAlreadyExists"))
            {
                return false;
            }
        }, cancellationToken);

    private static TableEntity DenyRow(DenyEntry entry) => new(DenyPartition, entry.Phone)
    {
        ["Denied"] = entry.Denied,
        ["Reason"] = entry.Reason,
        ["DeniedAt"] = entry.At.ToUniversalTime(),
        ["ByReply"] = entry.ByReply,
    };

    private Task<TableClient> TableAsync(CancellationToken cancellationToken) => _storage.TableAsync(_storage.Options.Outbox, cancellationToken);

    private Task<IReadOnlyList<OutboxMessage>> QueryAsync(string query, CancellationToken cancellationToken, bool byDue = false) =>
        _storage.RunAsync<IReadOnlyList<OutboxMessage>>(async () =>
        {
            var table = await TableAsync(cancellationToken).ConfigureAwait(false);
            var rows = new List<OutboxMessage>();
            await foreach (var entity in table.QueryAsync<TableEntity>(query, 1000, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    rows.Add(ToMessage(entity));
                }
                catch (InvalidDataException) when (byDue)
                {
                    // One corrupt row must not stop every drain; `outbox` (which lists without skipping)
                    // names it so a coordinator can fix or delete it.
                }
            }
            return byDue
                ? rows.OrderBy(r => r.NextAttemptAt).ThenBy(r => r.Id, StringComparer.Ordinal).ToArray()
                : rows.OrderBy(r => r.Date).ThenBy(r => r.Id, StringComparer.Ordinal).ToArray();
        }, cancellationToken);

    private static TableEntity Row(OutboxMessage m) => new(Columns.KeyDate(m.Date), string.Join('~', m.Kind.TemplateName(), KeyCheck.Id(m.RecipientId, "Recipient"), KeyCheck.Subject(m.Subject)))
    {
        ["Kind"] = m.Kind.TemplateName(),
        ["RecipientId"] = m.RecipientId,
        ["Subject"] = m.Subject,
        ["Phone"] = m.Phone,
        ["Text"] = m.Text,
        ["Segments"] = m.Segments,
        ["RepeatabilityId"] = m.RepeatabilityId,
        ["CreatedAt"] = m.CreatedAt.ToUniversalTime(),
        ["NextAttemptAt"] = m.NextAttemptAt.ToUniversalTime(),
        ["ExpiresAt"] = m.ExpiresAt.ToUniversalTime(),
        ["VisitIds"] = Columns.JoinList(m.VisitIds),
        ["Status"] = m.Status.ToWire(),
        ["Attempts"] = m.Attempts,
        ["FirstSent"] = m.FirstSent?.ToUniversalTime(),
        ["MessageId"] = m.MessageId,
        ["LastError"] = m.LastError,
    };

    private static OutboxMessage ToMessage(TableEntity e)
    {
        var kindText = Columns.Required(e, "Kind");
        var kind = MessageKinds.All.FirstOrDefault(k => k.TemplateName() == kindText);
        if (kind.TemplateName() != kindText)
        {
            throw Columns.Corrupt(e, "Kind", kindText);
        }
        var statusText = Columns.Required(e, "Status");
        if (!OutboxStatuses.TryParse(statusText, out var status))
        {
            throw Columns.Corrupt(e, "Status", statusText);
        }
        var date = DateOnly.TryParseExact(e.PartitionKey, Columns.KeyDateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : throw Columns.Corrupt(e, "PartitionKey", e.PartitionKey);
        return new OutboxMessage(
            date, kind, Columns.Required(e, "RecipientId"), Columns.Required(e, "Subject"), e.GetString("Phone") ?? "",
            Columns.Required(e, "Text"), Columns.RequiredInt(e, "Segments"), Columns.Required(e, "RepeatabilityId"),
            Moment(e, "CreatedAt"), Moment(e, "NextAttemptAt"), Moment(e, "ExpiresAt"), Columns.SplitList(e.GetString("VisitIds")),
            status, e.GetInt32("Attempts") ?? 0, e.GetDateTimeOffset("FirstSent"), e.GetString("MessageId"), e.GetString("LastError"))
        {
            ETag = e.ETag.ToString(),
        };
    }

    private static DateTimeOffset Moment(TableEntity e, string column) => e.GetDateTimeOffset(column) ?? throw Columns.Corrupt(e, column, null);
}

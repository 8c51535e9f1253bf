using Microsoft.Extensions.Logging;
using Outreach.Roster;

namespace Outreach.Reminders;

/// <summary>
/// What every composer shares: a text, already fitted to the segment budget (or an approved template, its variables
/// fitted to the gateway's limit), becomes an outbox row (the phone normalised, deferred past quiet hours), and drafts
/// are added with the deny list and a missing number applied, so the visit reminders and the problem notices treat
/// recipients alike.
/// </summary>
internal static class OutboxDrafts
{
    public static OutboxMessage Create(
        MessageKind kind, DateOnly date, string recipientId, string recipientPhone, string subject, string text,
        DateTimeOffset at, DateTimeOffset expires, IReadOnlyList<string> visitIds, ApprovedSms? approved = null)
    {
        var phone = Phones.TryNormalize(recipientPhone, mobileOnly: true, out var e164) ? e164 : "";
        return new OutboxMessage(date, kind, recipientId, subject, phone, text, SmsSegments.Count(text).Segments,
            Guid.NewGuid().ToString(), at, QuietHours.Defer(at), expires, visitIds, Approved: approved);
    }

    /// <summary>
    /// Adds each draft unless its key is there already: a missing number makes it dead, a denied one denied. A row
    /// still waiting for its first attempt that was composed in the other form (a link where the gateway now takes only
    /// approved templates, or the reverse: the provider changed since) is composed again, rather than left to die at
    /// the gateway.
    /// </summary>
    public static async Task<ComposeSummary> AddAsync(IOutboxStore outbox, IEnumerable<OutboxMessage> drafts, IReadOnlySet<string> denied, ILogger logger, CancellationToken cancellationToken)
    {
        var added = new List<OutboxMessage>();
        var existing = 0;
        foreach (var draft in drafts.DistinctBy(d => d.Id))
        {
            var row = draft;
            if (row.Phone.Length == 0)
            {
                row = row with { Status = OutboxStatus.Dead, LastError = "no valid mobile number in the roster" };
            }
            else if (denied.Contains(row.Phone))
            {
                row = row with { Status = OutboxStatus.Denied, LastError = "number on the deny list" };
            }
            if (await outbox.AddAsync(row, cancellationToken) || await ReplacesOtherFormAsync(outbox, row, cancellationToken))
            {
                added.Add(row);
                logger.LogInformation("Outbox {Id} to {Phone}: {Status}, {Segments} segments, due {Due}", row.Id, row.MaskedPhone, row.Status.ToWire(), row.Segments, row.NextAttemptAt);
            }
            else
            {
                existing++;
            }
        }
        return new ComposeSummary(added, existing);
    }

    private static async Task<bool> ReplacesOtherFormAsync(IOutboxStore outbox, OutboxMessage row, CancellationToken cancellationToken) =>
        await outbox.GetAsync(row.Id, cancellationToken) is { Status: OutboxStatus.Pending, Attempts: 0 } stored
        && (stored.Approved is null) != (row.Approved is null)
        && await outbox.TryReplaceAsync(row with { ETag = stored.ETag }, cancellationToken) is not null;

}

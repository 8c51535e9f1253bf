using System.Text.Json;
using System.Text.Json.Serialization;
using Outreach.Roster;

namespace Outreach.Planning;

/// <summary>The wire form of <see cref="PlanUnitMessage"/>: <c>{"grids":["g1"],"from":"2026-12-01","to":"2026-12-28"}</c>.</summary>
public static class PlanUnitMessages
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    };

    /// <summary>The queue <c>ScheduleRotation</c> fills and <c>PlanUnit</c> reads; the host moves what fails to <c>plan-units-poison</c>.</summary>
    public const string QueueName = "plan-units";

    /// <summary>The longest range one plan covers.</summary>
    public const int MaxDays = 366;

    public static string Serialize(PlanUnitMessage message) => JsonSerializer.Serialize(message, Json);

    /// <summary>Reads and checks a message; a bad one throws <see cref="FormatException"/> saying what is wrong.</summary>
    public static PlanUnitMessage Parse(string text)
    {
        PlanUnitMessage? message;
        try
        {
            message = JsonSerializer.Deserialize<PlanUnitMessage>(text, Json);
        }
        catch (JsonException e)
        {
            throw new FormatException($"Plan message is not valid JSON ({e.Message}); expected {{\"grids\":[\"g1\"],\"from\":\"YYYY-MM-DD\",\"to\":\"YYYY-MM-DD\"}}.", e);
        }
        if (message?.Grids is not { Count: > 0 } grids || grids.Any(g => !Ids.IsValid(g)))
        {
            throw new FormatException($"Plan message field 'grids' must list at least one grid id ({Ids.Rule}).");
        }
        if (message.To < message.From)
        {
            throw new FormatException(FormattableString.Invariant($"Plan message 'to' ({message.To:yyyy-MM-dd}) is before 'from' ({message.From:yyyy-MM-dd})."));
        }
        if (message.To.DayNumber - message.From.DayNumber >= MaxDays || message.From.Year < 2000)
        {
            throw new FormatException(FormattableString.Invariant($"Plan message spans {message.From:yyyy-MM-dd}..{message.To:yyyy-MM-dd}: plan at most {MaxDays} days, from the year 2000 on."));
        }
        return message;
    }
}

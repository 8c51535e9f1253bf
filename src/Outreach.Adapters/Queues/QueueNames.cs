using Microsoft.Extensions.Configuration;
using Outreach.Planning;
using Outreach.Queues;

namespace Outreach.Adapters.Queues;

/// <summary>
/// The names of the work queues, from the settings the functions read: <c>plan-units</c> (fixed in <c>PlanUnit</c>'s
/// trigger) and the app setting <c>SmsInboundQueue</c> (<c>ReceiveSms</c>'s trigger, default <c>sms-inbound</c>). The host
/// names each poison queue after its queue, <c>{name}-poison</c>.
/// </summary>
public sealed record QueueNames(string PlanUnits, string SmsInbound)
{
    public const string SmsInboundSetting = "SmsInboundQueue";
    public const string DefaultSmsInbound = "sms-inbound";

    public static QueueNames From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var sms = configuration[SmsInboundSetting];
        return new QueueNames(PlanUnitMessages.QueueName, string.IsNullOrWhiteSpace(sms) ? DefaultSmsInbound : sms.Trim());
    }

    public string Live(QueueKind queue) => queue switch
    {
        QueueKind.PlanUnits => PlanUnits,
        QueueKind.SmsInbound => SmsInbound,
        _ => throw new ArgumentOutOfRangeException(nameof(queue), queue, null),
    };

    /// <summary>Where the Functions host moves a message of <paramref name="queue"/> that failed <c>maxDequeueCount</c> times.</summary>
    public string Poison(QueueKind queue) => Live(queue) + "-poison";
}

using Outreach.Links;
using Outreach.Roster;

namespace Outreach.Reminders;

/// <summary>
/// The deployment's approved SMS templates, for gateways that send nothing else (the mainland Chinese ones): for each
/// message kind, the id of the template the gateway's review approved and how its numbered variables are filled from
/// the kind's model (<see cref="MessageSamples"/> shows one of each). No variable holds a link: the template's fixed
/// text names the entry page, and a variable carries the model's <c>Code</c>.
/// </summary>
public interface IApprovedTemplates
{
    /// <summary>The most characters (UTF-16 code units) a variable may hold; longer values are shortened to it.</summary>
    int MaxParamLength { get; }

    /// <summary>
    /// The <paramref name="kind"/> message for <paramref name="model"/>: the template id and its variables, each within
    /// <see cref="MaxParamLength"/>, and the template's text with the variables in place, as the phone shows it.
    /// </summary>
    /// <exception cref="TemplateException">No template for the kind, or a variable cannot be evaluated against the model.</exception>
    ApprovedText Render(MessageKind kind, object model);
}

/// <summary>One message as an approved template: what the gateway is sent, and the text the phone shows.</summary>
public sealed record ApprovedText(ApprovedSms Sms, string Text);

/// <summary>
/// What composing a message takes when the deployment sends approved templates: the templates, and the codes that
/// stand for the links such messages may not carry. <see cref="ReminderService"/> and <see cref="ProblemNotices"/>
/// are given one when the gateway is a mainland one (<c>Sms:Provider</c> tencent); without it, messages carry links.
/// </summary>
public sealed record ApprovedMessages(IApprovedTemplates Templates, LinkCodeService Codes)
{
    /// <summary>
    /// The message <paramref name="messageId"/> (its outbox key) to <paramref name="phone"/>, with the code for
    /// <paramref name="grant"/> in its model: issued (stored) when <paramref name="issue"/>, else only derived, as a
    /// preview shows it. A phone that is not a valid mobile number gets no code (its row is dead anyway).
    /// </summary>
    internal async Task<ApprovedText> ComposeAsync(
        MessageKind kind, string messageId, LinkGrant grant, string phone, Func<string?, object> model, bool issue, CancellationToken cancellationToken)
    {
        string? code = null;
        if (Phones.TryNormalize(phone, mobileOnly: true, out var e164))
        {
            code = issue ? await Codes.IssueAsync(messageId, grant, e164, cancellationToken) : Codes.CodeOf(messageId);
        }
        return Templates.Render(kind, model(code));
    }
}

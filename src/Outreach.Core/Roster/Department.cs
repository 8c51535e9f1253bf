namespace Outreach.Roster;

/// <summary>
/// A functional department (职能部门) that takes dispatched problems (部门接单): 城管科, 市场监管所, 应急管理局, …
/// Dispatch and escalation notices go to its duty officer's mobile.
/// </summary>
/// <param name="Phone">E.164 mobile of the duty officer (值班人员).</param>
/// <param name="Contact">The duty officer's name, if given.</param>
public sealed record Department(string Id, string Name, string Phone, string? Contact = null);

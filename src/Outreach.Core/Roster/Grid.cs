namespace Outreach.Roster;

/// <summary>A grid (网格): the smallest unit a visitor covers. Every target belongs to exactly one.</summary>
public sealed record Grid(string Id, string Name, string Area, string? District = null, string? Supervisor = null);

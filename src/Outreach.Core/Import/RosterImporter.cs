using Outreach.Calendar;
using Outreach.Policies;
using Outreach.Roster;

namespace Outreach.Import;

/// <summary>
/// Reads the coordinator's roster files (UTF-8 CSV with a header row) into domain records. Pure: the caller
/// opens the file and saves the rows. All or nothing: a file with one bad row yields no rows, and the errors
/// list every bad row with its line, column and the fix. Unknown columns are warnings.
/// </summary>
public static class RosterImporter
{
    /// <summary><c>id,name,area[,district,supervisor]</c>; the supervisor is a visitor's id.</summary>
    /// <param name="storedVisitors">
    /// Ids of the stored visitors, which a supervisor must name; while none is stored (grids come first on a new roster)
    /// only the id's form is checked.
    /// </param>
    public static ImportResult<Grid> ReadGrids(RosterSource source, IReadOnlySet<string>? storedVisitors = null)
    {
        var log = new IssueLog();
        var ids = new FirstSeen("id", "grid");
        var grids = new List<Grid>();
        foreach (var row in new CsvSheet(ImportKind.Grids, log).Rows(source))
        {
            var id = row.Id("id", "grid");
            ids.Check(row, id);
            var name = row.Required("name", "write the grid's name, e.g. 中国药谷第一网格");
            var area = row.Required("area", "write the park, street or community the grid belongs to, e.g. 中国药谷");
            var supervisor = ReadSupervisor(row, "grid");
            if (supervisor is not null && storedVisitors is { Count: > 0 } && !storedVisitors.Contains(supervisor))
            {
                row.Error("supervisor", $"supervisor '{supervisor}' is not a visitor: write the id of a visitor in visitors.csv, or leave it empty");
            }
            var grid = new Grid(id, name, area, row.Optional("district"), supervisor);
            if (!row.HasErrors)
            {
                grids.Add(grid);
            }
        }
        return log.Result<Grid>(grids);
    }

    /// <summary>
    /// <c>id,name,phone,role,grids[,weekly_capacity,leave,supervisor]</c>; <c>grids</c> and <c>leave</c> are
    /// <c>;</c>-separated, leave periods are <c>YYYY-MM-DD..YYYY-MM-DD</c>.
    /// </summary>
    /// <param name="knownGrids">Grid ids a visitor may cover: the stored ones, plus any being imported alongside.</param>
    /// <param name="storedVisitors">Ids of the stored visitors: a supervisor names one of them or a visitor of the file.</param>
    public static ImportResult<Visitor> ReadVisitors(RosterSource source, IReadOnlySet<string> knownGrids, IReadOnlySet<string>? storedVisitors = null)
    {
        var log = new IssueLog();
        var ids = new FirstSeen("id", "visitor");
        var visitors = new List<Visitor>();
        var supervisors = new List<(int Line, string Id)>();
        foreach (var row in new CsvSheet(ImportKind.Visitors, log).Rows(source))
        {
            var id = row.Id("id", "visitor");
            ids.Check(row, id);
            var name = row.Required("name", "write the visitor's name");
            var phone = row.Phone("phone", required: true, mobileOnly: true);
            var role = row.Required("role", "write the visitor's role, e.g. party-affairs, grid-member, party-member or chain-committee");
            var grids = row.List("grids");
            if (grids.Count == 0 && row.Optional("grids") is null)
            {
                row.Error("grids", "grids is empty: list the grid ids this visitor covers, separated by ';', e.g. g-01;g-02");
            }
            else if (grids.Count == 0)
            {
                row.Error("grids", "grids lists no grid id: list the grid ids this visitor covers, separated by ';', e.g. g-01;g-02");
            }
            CheckGrids(row, "grids", grids, knownGrids);
            var capacity = row.Int(
                "weekly_capacity", 0, 1000,
                $"write how many visits this visitor can make in a week, a whole number from 0 (none) to 1000; leave it empty for {Visitor.DefaultWeeklyCapacity}",
                whenEmpty: Visitor.DefaultWeeklyCapacity);
            var leave = ReadLeave(row);
            var supervisor = ReadSupervisor(row, "visitor");
            if (supervisor is not null)
            {
                supervisors.Add((row.Line, supervisor));
            }
            var visitor = new Visitor(id, name, phone ?? "", role, grids, capacity, leave, supervisor);
            if (!row.HasErrors)
            {
                visitors.Add(visitor);
            }
        }
        // A supervisor may be a visitor further down the file.
        var known = visitors.Select(v => v.Id).Concat(storedVisitors ?? new HashSet<string>()).ToHashSet(StringComparer.Ordinal);
        foreach (var (line, supervisor) in supervisors.Where(s => !known.Contains(s.Id)))
        {
            log.Error(line, "supervisor", $"supervisor '{supervisor}' is not a visitor: write the id of a visitor of this file or of those already imported, or leave it empty");
        }
        return log.Result<Visitor>(visitors);
    }

    /// <summary><c>id,name,grid[,tags,contact_name,contact_phone]</c>; tags are <c>;</c>-separated.</summary>
    /// <param name="knownGrids">Grid ids an enterprise may belong to.</param>
    /// <param name="stored">Targets already stored, by id: an id may not change kind, and a change of grid is a move.</param>
    public static ImportResult<Target> ReadEnterprises(RosterSource source, IReadOnlySet<string> knownGrids, IReadOnlyDictionary<string, Target>? stored = null)
    {
        var log = new IssueLog();
        var ids = new FirstSeen("id", "enterprise");
        var targets = new List<Target>();
        foreach (var row in new CsvSheet(ImportKind.Enterprises, log).Rows(source))
        {
            var id = row.Id("id", "enterprise");
            ids.Check(row, id);
            var name = row.Required("name", "write the enterprise's registered name, e.g. 潍坊某某化工有限公司");
            var grid = ReadGrid(row, knownGrids);
            var tags = ReadTags(row);
            var phone = row.Phone("contact_phone", required: false, mobileOnly: false);
            var target = new Target(id, TargetKind.Enterprise, name, grid, tags, Address: null, Contact: row.Optional("contact_name"), Phone: phone);
            CheckStored(row, target, stored);
            if (!row.HasErrors)
            {
                targets.Add(target);
            }
        }
        return log.Result<Target>(targets);
    }

    /// <summary><c>id,address,grid[,tags,head_name,phone,building]</c>; the address is also the target's name.</summary>
    /// <param name="knownGrids">Grid ids a household may belong to.</param>
    /// <param name="stored">Targets already stored, by id: an id may not change kind, and a change of grid is a move.</param>
    public static ImportResult<Target> ReadHouseholds(RosterSource source, IReadOnlySet<string> knownGrids, IReadOnlyDictionary<string, Target>? stored = null)
    {
        var log = new IssueLog();
        var ids = new FirstSeen("id", "household");
        var targets = new List<Target>();
        foreach (var row in new CsvSheet(ImportKind.Households, log).Rows(source))
        {
            var id = row.Id("id", "household");
            ids.Check(row, id);
            var address = row.Required("address", "write the household's address, e.g. 仙山社区3号楼2单元501");
            var grid = ReadGrid(row, knownGrids);
            var tags = ReadTags(row);
            var phone = row.Phone("phone", required: false, mobileOnly: false);
            var target = new Target(
                id, TargetKind.Household, address, grid, tags,
                Address: address, Contact: row.Optional("head_name"), Phone: phone, Building: row.Optional("building"));
            CheckStored(row, target, stored);
            if (!row.HasErrors)
            {
                targets.Add(target);
            }
        }
        return log.Result<Target>(targets);
    }

    /// <summary>
    /// <c>id,kind,tags,interval_days,visitors_per_visit,roles[,morning_reminder]</c>; <c>tags</c> and <c>roles</c> are
    /// <c>;</c>-separated and may be empty (any target of the kind, any role); <c>chain:*</c> is a prefix pattern;
    /// <c>morning_reminder</c> (yes/no, empty is no) asks for an SMS on the morning of these visits.
    /// </summary>
    public static ImportResult<VisitPolicy> ReadPolicies(RosterSource source)
    {
        var log = new IssueLog();
        var ids = new FirstSeen("id", "policy");
        var rules = new Dictionary<string, int>(StringComparer.Ordinal);
        var policies = new List<VisitPolicy>();
        foreach (var row in new CsvSheet(ImportKind.Policies, log).Rows(source))
        {
            var id = row.Id("id", "policy");
            ids.Check(row, id);
            var kindText = row.Required("kind", "write enterprise or household");
            if (!TargetKinds.TryParse(kindText, out var kind) && kindText.Length > 0)
            {
                row.Error("kind", $"kind '{kindText}' is not a target kind: write enterprise or household");
            }
            var tags = row.List("tags");
            foreach (var tag in tags)
            {
                if (tag.IndexOf('*') is var star && star >= 0 && star != tag.Length - 1)
                {
                    row.Error("tags", $"tag pattern '{tag}' has a '*' before its end: '*' may only end a pattern, e.g. chain:*");
                }
            }
            var interval = row.Int("interval_days", 1, 366, "write the days between visits, a whole number from 1 to 366, e.g. 30");
            var perVisit = row.Int("visitors_per_visit", 1, VisitPolicy.MaxVisitorsPerVisit, "write 1, or 2 for a pair of visitors (两人一组)");
            var roles = row.List("roles");
            var policy = new VisitPolicy(id, kind, tags, interval, perVisit, roles, row.YesNo("morning_reminder"));
            if (!row.HasErrors)
            {
                var key = $"{kind}|{string.Join(';', tags.Order(StringComparer.Ordinal))}";
                if (rules.TryGetValue(key, out var first))
                {
                    row.Warning("tags", $"this rule has the same kind and tags as the rule on line {first}: only the one with the shorter interval applies; delete the other");
                }
                else
                {
                    rules[key] = row.Line;
                }
                policies.Add(policy);
            }
        }
        return log.Result<VisitPolicy>(policies);
    }

    /// <summary><c>date,kind[,name]</c>: <c>holiday</c> (no visits) or <c>workday</c> (an adjusted working day, 调休).</summary>
    public static ImportResult<CalendarEntry> ReadCalendar(RosterSource source)
    {
        var log = new IssueLog();
        var dates = new FirstSeen("date", "calendar entry");
        var entries = new List<CalendarEntry>();
        foreach (var row in new CsvSheet(ImportKind.Calendar, log).Rows(source))
        {
            var dateText = row.Required("date", "write the day as YYYY-MM-DD, e.g. 2027-01-01");
            var date = default(DateOnly);
            if (dateText.Length > 0)
            {
                if (CsvRow.TryParseDate(dateText, out date))
                {
                    dates.Check(row, dateText);
                }
                else
                {
                    row.Error("date", $"date '{dateText}' is not a date: write it as YYYY-MM-DD, e.g. 2027-01-01");
                }
            }
            var kindText = row.Required("kind", "write holiday (no visits) or workday (an adjusted working day, 调休)");
            var kind = default(DayKind);
            if (kindText.Length > 0 && !TryParseDayKind(kindText, out kind))
            {
                row.Error("kind", $"kind '{kindText}' is not a calendar kind: write holiday (no visits) or workday (an adjusted working day, 调休)");
            }
            var entry = new CalendarEntry(date, kind, row.Optional("name"));
            if (!row.HasErrors)
            {
                entries.Add(entry);
            }
        }
        return log.Result<CalendarEntry>(entries);
    }

    /// <summary>
    /// <c>id,name,phone[,contact_name]</c>: the departments problems are dispatched to; <c>phone</c> is the duty
    /// officer's mobile, which gets the dispatch and escalation notices.
    /// </summary>
    public static ImportResult<Department> ReadDepartments(RosterSource source)
    {
        var log = new IssueLog();
        var ids = new FirstSeen("id", "department");
        var departments = new List<Department>();
        foreach (var row in new CsvSheet(ImportKind.Departments, log).Rows(source))
        {
            var id = row.Id("id", "department");
            ids.Check(row, id);
            var name = row.Required("name", "write the department's name, e.g. 城管科");
            var phone = row.Phone("phone", required: true, mobileOnly: true, who: "the duty officer's");
            var department = new Department(id, name, phone ?? "", row.Optional("contact_name"));
            if (!row.HasErrors)
            {
                departments.Add(department);
            }
        }
        return log.Result<Department>(departments);
    }

    private static bool TryParseDayKind(string text, out DayKind kind)
    {
        switch (text.ToLowerInvariant())
        {
            case "holiday":
                kind = DayKind.Holiday;
                return true;
            case "workday":
                kind = DayKind.Workday;
                return true;
            default:
                kind = default;
                return false;
        }
    }

    // Target ids are unique across enterprises and households and across grids: visits, links and reports name a
    // target by id alone. A stored target of the other kind is an error; one in another grid has moved (a warning:
    // the import moves it, and the next plan drops the visits planned for it in the old grid).
    private static void CheckStored(CsvRow row, Target target, IReadOnlyDictionary<string, Target>? stored)
    {
        if (stored?.GetValueOrDefault(target.Id) is not { } before || target.Grid.Length == 0)
        {
            return;
        }
        if (before.Kind != target.Kind)
        {
            row.Error("id", $"id '{target.Id}' is already the {before.Kind.ToWire()} '{before.Name}' in grid {before.Grid}: enterprises and households share one list of ids, so give this {target.Kind.ToWire()} another id");
        }
        else if (before.Grid != target.Grid)
        {
            row.Warning("grid", $"'{target.Id}' moves from grid {before.Grid} to {target.Grid}: its visits planned in {before.Grid} are dropped at the next plan");
        }
    }

    /// <summary>The supervisor column: empty, or a visitor's id in the form ids take.</summary>
    private static string? ReadSupervisor(CsvRow row, string noun)
    {
        var supervisor = row.Optional("supervisor");
        if (supervisor is not null && !Ids.IsValid(supervisor))
        {
            row.Error("supervisor", $"supervisor '{supervisor}' is not a visitor's id ({Ids.Rule}): write the id of the visitor who supervises this {noun}, or leave it empty");
            return null;
        }
        return supervisor;
    }

    private static string ReadGrid(CsvRow row, IReadOnlySet<string> knownGrids)
    {
        var grid = row.Required("grid", "write the id of the grid this target belongs to");
        if (grid.Length > 0)
        {
            CheckGrids(row, "grid", [grid], knownGrids);
        }
        return grid;
    }

    private static void CheckGrids(CsvRow row, string column, IReadOnlyList<string> grids, IReadOnlySet<string> knownGrids)
    {
        foreach (var grid in grids)
        {
            if (!knownGrids.Contains(grid))
            {
                row.Error(column, $"grid '{grid}' is not known: correct the id, or import grids.csv with that grid first");
            }
        }
    }

    private static IReadOnlyList<string> ReadTags(CsvRow row)
    {
        var tags = row.List("tags");
        foreach (var tag in tags)
        {
            if (tag.Contains('*'))
            {
                row.Error("tags", $"tag '{tag}' contains '*', which is reserved for policy patterns: remove the '*'");
            }
        }
        return tags;
    }

    private static List<DateRange> ReadLeave(CsvRow row)
    {
        var ranges = new List<DateRange>();
        foreach (var item in row.List("leave"))
        {
            var parts = item.Split("..", StringSplitOptions.TrimEntries);
            if (parts.Length is 1 or 2 && CsvRow.TryParseDate(parts[0], out var start) && CsvRow.TryParseDate(parts[^1], out var end))
            {
                if (start > end)
                {
                    row.Error("leave", FormattableString.Invariant($"leave '{item}' ends before it starts: write the first day, then the last, e.g. {end:yyyy-MM-dd}..{start:yyyy-MM-dd}"));
                }
                else
                {
                    ranges.Add(new DateRange(start, end));
                }
            }
            else
            {
                row.Error("leave", $"leave '{item}' is not a date range: write YYYY-MM-DD..YYYY-MM-DD (first and last day, inclusive), ranges separated by ';', e.g. 2026-12-28..2027-01-03");
            }
        }
        return ranges;
    }

    /// <summary>Remembers the line each key first appeared on, to name it when the key repeats.</summary>
    internal sealed class FirstSeen(string column, string noun)
    {
        private readonly Dictionary<string, int> _lines = new(StringComparer.Ordinal);

        public void Check(CsvRow row, string key)
        {
            if (key.Length == 0)
            {
                return;
            }
            if (_lines.TryGetValue(key, out var first))
            {
                row.Error(column, $"{column} '{key}' is already used by the {noun} on line {first}: give each {noun} its own {column}, or delete the repeated row");
            }
            else
            {
                _lines[key] = row.Line;
            }
        }
    }
}

using Outreach.Import;

namespace Outreach.Core.Tests.Import;

/// <summary>
/// Every column of every roster file has a documented most characters, checked before anything is stored: an
/// oversized cell is the coordinator's to fix (exit 1, naming line, column and limit), never a storage error.
/// </summary>
public class ColumnLimitTests
{
    private static readonly string Samples = Path.Combine(Outreach.Testing.AzuriteFixture.FindRepoRoot(), "samples");

    public static TheoryData<ImportKind, string> SampleColumns()
    {
        var data = new TheoryData<ImportKind, string>();
        foreach (var kind in Enum.GetValues<ImportKind>())
        {
            foreach (var column in kind.RequiredColumns().Concat(kind.OptionalColumns()))
            {
                data.Add(kind, column);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(SampleColumns))]
    public void A_cell_over_its_columns_limit_refuses_the_file_naming_line_column_and_limit(ImportKind kind, string column)
    {
        var max = kind.MaxLength(column);
        var lines = File.ReadAllLines(Path.Combine(Samples, kind.ToWire() + ".csv"));
        var header = lines[0].TrimStart('\uFEFF').Split(',');
        var at = Array.IndexOf(header, column);
        if (at < 0)
        {
            lines[0] += "," + column;
            at = header.Length;
        }
        var cells = Cells(lines[2], header.Length).ToList();
        while (cells.Count <= at)
        {
            cells.Add("");
        }
        cells[at] = new string('长', 100_000);
        lines[2] = string.Join(',', cells.Select(c => c.Contains(',', StringComparison.Ordinal) ? $"\"{c}\"" : c));

        var result = Read(kind, string.Join('\n', lines));

        Assert.Empty(result.Rows);
        var issue = Assert.Single(result.Errors, e => e.Line == 3 && e.Column == column && e.Message.Contains("100,000 characters", StringComparison.Ordinal));
        Assert.Contains($"more than the {max} it may hold: shorten it", issue.Message, StringComparison.Ordinal);
        Assert.All(result.Errors, e => Assert.True(e.Message.Length < 2 * max + 300, $"an error quotes the whole cell: {e.Message[..Math.Min(80, e.Message.Length)]}…"));
    }

    [Fact]
    public void A_value_of_exactly_the_limit_is_not_too_long()
    {
        var name = new string('名', ImportKind.Grids.MaxLength("name"));

        var result = RosterImporter.ReadGrids(Csv.Of("id,name,area", $"g-01,{name},中国药谷"));

        Assert.Empty(result.Errors);
        Assert.Equal(name, Assert.Single(result.Rows).Name);
    }

    [Fact]
    public void A_character_outside_the_basic_plane_counts_as_one()
    {
        // 𠀀 (U+20000, CJK Extension B) is two UTF-16 units; a name of 50 of them is 50 characters.
        var name = string.Concat(Enumerable.Repeat("\U00020000", ImportKind.Grids.MaxLength("name")));
        var longer = name + "\U00020000";

        Assert.Empty(RosterImporter.ReadGrids(Csv.Of("id,name,area", $"g-01,{name},中国药谷")).Errors);
        var issue = Csv.Single(RosterImporter.ReadGrids(Csv.Of("id,name,area", $"g-01,{longer},中国药谷")), 2, "name", "name has 51 characters, more than the 50 it may hold");
        Assert.DoesNotContain('\uD840', issue.Message[^5..]);
    }

    [Fact]
    public void Every_limit_keeps_a_row_far_inside_table_storage_limits()
    {
        foreach (var kind in Enum.GetValues<ImportKind>())
        {
            var columns = kind.RequiredColumns().Concat(kind.OptionalColumns()).ToList();
            // 64 KiB a property (32K UTF-16 characters), 1 MiB an entity: keep every row under a tenth of each.
            Assert.All(columns, c => Assert.InRange(kind.MaxLength(c), 1, 3_200));
            Assert.InRange(columns.Sum(c => kind.MaxLength(c)) * 2, 1, 100_000);
        }
    }

    [Fact]
    public void The_limits_in_the_cli_docs_are_the_ones_enforced()
    {
        var docs = File.ReadAllLines(Path.Combine(Outreach.Testing.AzuriteFixture.FindRepoRoot(), "docs", "cli.md"));

        foreach (var kind in Enum.GetValues<ImportKind>())
        {
            var expected = $"| {kind.ToWire()} | " + string.Join(", ", kind.RequiredColumns().Concat(kind.OptionalColumns())
                .Select(c => FormattableString.Invariant($"`{c}` {kind.MaxLength(c)}"))) + " |";
            Assert.Contains(expected, docs);
        }
    }

    [Fact]
    public void A_grid_supervisor_names_a_stored_visitor_once_visitors_are_stored()
    {
        var file = "id,name,area,supervisor\ng-01,第一网格,中国药谷,v-99\ng-02,第二网格,中国药谷,v-01\n";

        var before = RosterImporter.ReadGrids(new StringReader(file));
        var after = RosterImporter.ReadGrids(new StringReader(file), new HashSet<string> { "v-01" });

        Assert.Empty(before.Errors);
        Csv.Single(after, 2, "supervisor", "supervisor 'v-99' is not a visitor: write the id of a visitor in visitors.csv, or leave it empty");
    }

    [Fact]
    public void A_visitor_supervisor_names_a_visitor_of_the_file_or_a_stored_one()
    {
        var result = RosterImporter.ReadVisitors(Csv.Of(
            "id,name,phone,role,grids,supervisor",
            "v-01,王建国,13800138000,party-affairs,g-01,v-03",
            "v-02,李红,13900139000,grid-member,g-01,v-00",
            "v-03,张强,13700137000,grid-member,g-01,v-99",
            "v-04,赵敏,13600136000,grid-member,g-01,v 04"), Csv.Grids, new HashSet<string> { "v-00" });

        Assert.Empty(result.Rows);
        Assert.Equal([(4, "supervisor"), (5, "supervisor")], result.Errors.Select(e => (e.Line, e.Column)));
        Assert.Contains("supervisor 'v-99' is not a visitor", result.Errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("supervisor 'v 04' is not a visitor's id", result.Errors[1].Message, StringComparison.Ordinal);
    }

    private static ImportResult<object> Read(ImportKind kind, string text)
    {
        var reader = new StringReader(text);
        var grids = new HashSet<string>(File.ReadAllLines(Path.Combine(Samples, "grids.csv")).Skip(1).Select(l => l.Split(',')[0]), StringComparer.Ordinal);
        return kind switch
        {
            ImportKind.Grids => Box(RosterImporter.ReadGrids(reader)),
            ImportKind.Visitors => Box(RosterImporter.ReadVisitors(reader, grids)),
            ImportKind.Enterprises => Box(RosterImporter.ReadEnterprises(reader, grids)),
            ImportKind.Households => Box(RosterImporter.ReadHouseholds(reader, grids)),
            ImportKind.Policies => Box(RosterImporter.ReadPolicies(reader)),
            ImportKind.Calendar => Box(RosterImporter.ReadCalendar(reader)),
            ImportKind.Departments => Box(RosterImporter.ReadDepartments(reader)),
            ImportKind.PointsRules => Box(Outreach.Points.PointsImporter.ReadRules(reader)),
            ImportKind.PointsItems => Box(Outreach.Points.PointsImporter.ReadItems(reader)),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }

    private static ImportResult<object> Box<T>(ImportResult<T> result) where T : class =>
        new(result.Rows.Cast<object>().ToList(), result.Errors, result.Warnings);

    /// <summary>The sample rows quote no cell with a comma except where they must; split them as the reader does.</summary>
    private static IEnumerable<string> Cells(string line, int width)
    {
        var cells = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        foreach (var c in line)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ',' && !quoted)
            {
                cells.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }
        cells.Add(current.ToString());
        return cells.Count >= width ? cells : cells.Concat(Enumerable.Repeat("", width - cells.Count));
    }
}

using Outreach.Import;
using Outreach.Policies;
using Outreach.Roster;

namespace Outreach.Core.Tests.Import;

/// <summary>The demo dataset in <c>samples/</c> must import cleanly, or the demo starts with an error.</summary>
public class SampleFilesTests
{
    private static readonly string Samples = FindSamples();

    [Fact]
    public void Every_sample_file_imports_without_errors_or_warnings()
    {
        var grids = Read("grids.csv", r => RosterImporter.ReadGrids(r));
        var known = grids.Select(g => g.Id).ToHashSet(StringComparer.Ordinal);

        var visitors = Read("visitors.csv", r => RosterImporter.ReadVisitors(r, known));
        var enterprises = Read("enterprises.csv", r => RosterImporter.ReadEnterprises(r, known));
        var households = Read("households.csv", r => RosterImporter.ReadHouseholds(r, known));
        var policies = Read("policies.csv", r => RosterImporter.ReadPolicies(r));
        var calendar = Read("calendar.csv", r => RosterImporter.ReadCalendar(r));
        var departments = Read("departments.csv", r => RosterImporter.ReadDepartments(r));
        var rules = Read("points-rules.csv", r => Outreach.Points.PointsImporter.ReadRules(r));
        var items = Read("points-items.csv", r => Outreach.Points.PointsImporter.ReadItems(r));

        Assert.True(enterprises.Count >= 200);
        Assert.InRange(enterprises.Count(e => e.Tags.Any(t => t.StartsWith("chain:", StringComparison.Ordinal))), 50, 70);
        Assert.InRange(households.Count, 350, 450);
        Assert.Equal(13, visitors.Count(v => v.Role == "party-affairs"));
        Assert.All(visitors, v => Assert.True(Phones.TryNormalize(v.Phone, mobileOnly: true, out _)));
        Assert.NotEmpty(calendar);
        Assert.Contains(departments, d => d.Name == "城管科");
        Assert.All(departments, d => Assert.True(Phones.TryNormalize(d.Phone, mobileOnly: true, out _)));
        Assert.Contains(rules, r => r.MonthlyCap is null);
        Assert.Contains(items, i => i.Stock == 0);

        var book = new PolicyBook(policies);
        Assert.All(enterprises.Concat(households), t => Assert.NotNull(book.Match(t)));
        var billionaire = enterprises.First(e => e.HasTag("tier:1b") && e.HasTag("key"));
        Assert.Equal(2, book.Match(billionaire)!.VisitorsPerVisit);
    }

    [Fact]
    public void Every_grid_with_targets_has_a_visitor_and_every_visitor_grid_exists()
    {
        var known = Read("grids.csv", r => RosterImporter.ReadGrids(r)).Select(g => g.Id).ToHashSet(StringComparer.Ordinal);
        var visitors = Read("visitors.csv", r => RosterImporter.ReadVisitors(r, known));
        var targets = Read("enterprises.csv", r => RosterImporter.ReadEnterprises(r, known))
            .Concat(Read("households.csv", r => RosterImporter.ReadHouseholds(r, known)));

        foreach (var grid in targets.Select(t => t.Grid).Distinct())
        {
            Assert.True(visitors.Count(v => v.Covers(grid)) >= 2, $"grid {grid} needs two visitors for pairs and leave");
        }
    }

    [Theory]
    [InlineData(ImportKind.Grids)]
    [InlineData(ImportKind.Visitors)]
    [InlineData(ImportKind.Enterprises)]
    [InlineData(ImportKind.Households)]
    [InlineData(ImportKind.Policies)]
    [InlineData(ImportKind.Calendar)]
    [InlineData(ImportKind.Departments)]
    [InlineData(ImportKind.PointsRules)]
    [InlineData(ImportKind.PointsItems)]
    public void The_templates_example_row_is_a_sample_row_with_the_example_grid(ImportKind kind)
    {
        var records = CsvRecords.Read(new StringReader(File.ReadAllText(Path.Combine(Samples, $"{kind.ToWire()}.csv")))).ToList();
        var header = records[0].Fields;
        var example = ImportTemplate.Header(kind).Zip(ImportTemplate.ExampleRow(kind)).ToDictionary(p => p.First, p => p.Second);

        // The grid columns name bh-yg-01, the template's one grid, so that its sheets import together as written.
        string[] Cells(string[] fields) => header.Select((column, i) => column is "grid" or "grids" ? "" : (i < fields.Length ? fields[i] : "")).ToArray();
        Assert.Contains(records.Skip(1), r => Cells(r.Fields).SequenceEqual(Cells(header.Select(c => example.GetValueOrDefault(c, "")).ToArray())));
        Assert.Equal(ImportTemplate.Header(kind).Count, ImportTemplate.NotesRow(kind).Count);
    }

    private static IReadOnlyList<T> Read<T>(string file, Func<TextReader, ImportResult<T>> import)
    {
        using var reader = new StreamReader(Path.Combine(Samples, file));
        var result = import(reader);
        Assert.True(result.Errors.Count == 0, $"{file}: {string.Join("; ", result.Errors)}");
        Assert.True(result.Warnings.Count == 0, $"{file}: {string.Join("; ", result.Warnings)}");
        return result.Rows;
    }

    private static string FindSamples()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Outreach.sln")))
            {
                return Path.Combine(dir.FullName, "samples");
            }
        }
        throw new InvalidOperationException("Outreach.sln not found above the test output directory.");
    }
}

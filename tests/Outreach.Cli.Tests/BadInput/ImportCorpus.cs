using System.Text;
using System.Text.Json;
using Outreach.Adapters;
using Outreach.Import;
using Outreach.Roster;
using Outreach.Testing;
using Outreach.Testing.BadInput;
using Outreach.Testing.InMemory;

namespace Outreach.Cli.Tests.BadInput;

/// <summary>
/// Imports bad files through the CLI, in-process against Azurite, beside a model: the same import service over the
/// in-memory stores, reading the same bytes as the CLI does. Each file must exit 0 or 1 without a stack trace; refused,
/// it must leave every table of the run as it was; imported, it must store exactly what the model read.
/// </summary>
internal sealed class ImportCorpus
{
    private readonly CliRun _cli;
    private readonly TableStores _stores;
    private readonly InMemoryStores _model = new();
    private readonly InMemoryPointsStore _modelPoints = new();
    private string _tables = "";

    private ImportCorpus(CliRun cli)
    {
        _cli = cli;
        _stores = TableStores.Create(cli.Storage, cli.Prefix);
    }

    /// <summary>A run with <paramref name="samples"/> (file names in <c>samples/</c>, without <c>.csv</c>) imported in order.</summary>
    public static async Task<ImportCorpus> StartAsync(AzuriteFixture azurite, IEnumerable<string> samples)
    {
        var corpus = new ImportCorpus(CliRun.In(azurite));
        foreach (var sample in samples)
        {
            var (_, failure) = await corpus.ImportAsync(sample, new BadInputCase("sample", File.ReadAllBytes(SamplePath(sample))));
            Assert.True(failure is null, failure);
        }
        return corpus;
    }

    public static string SamplePath(string kind) => Path.Combine(AzuriteFixture.FindRepoRoot(), "samples", kind + ".csv");

    /// <summary>Imports one file: the CLI's exit code, and what went wrong or null.</summary>
    public async Task<(int Code, string? Failure)> ImportAsync(string kind, BadInputCase file)
    {
        await File.WriteAllBytesAsync(Path.Combine(_cli.Folder, "case.csv"), file.Bytes);
        var (code, output, error) = await _cli.RunAsync("import", kind, "case.csv");
        var modelImported = await ModelImportAsync(kind, file.Bytes);
        var tables = await TableSnapshot.TakeAsync(_stores.Service, _cli.Prefix);

        var wrong = new List<string>();
        if (code is not (0 or 1))
        {
            wrong.Add($"exit {code}");
        }
        if ((output + error) is var text && (text.Contains("   at ", StringComparison.Ordinal) || text.Contains("Exception", StringComparison.Ordinal)))
        {
            wrong.Add("a stack trace or an exception's name in the output");
        }
        if (code != 0 && tables != _tables)
        {
            wrong.Add($"refused, yet the stored tables changed: {TableSnapshot.Difference(_tables, tables)}");
        }
        if ((code == 0) != modelImported)
        {
            wrong.Add($"the CLI {(code == 0 ? "imported" : "refused")} what the importer {(modelImported ? "accepts" : "refuses")}");
        }
        else if (code == 0 && await RosterAsync(_stores.Roster, _stores.Points) is var stored && stored != await RosterAsync(_model.Roster, _modelPoints))
        {
            wrong.Add("what was stored differs from what the importer read");
        }
        _tables = tables;
        return (code, wrong.Count == 0 ? null : $"{kind} {file.Name}: {string.Join("; ", wrong)}\n    {Cut(error)}");
    }

    /// <summary>What the import service makes of the bytes over the in-memory stores, read as the CLI reads a file.</summary>
    private async Task<bool> ModelImportAsync(string kind, byte[] bytes)
    {
        Assert.True(ImportKinds.TryParse(kind, out var importKind));
        try
        {
            using var reader = new StreamReader(new MemoryStream(bytes), new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true);
            return (await new RosterImportService(_model.Roster, _modelPoints).ImportAsync(importKind, reader)).Succeeded;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    /// <summary>The whole roster and the points rules and items as JSON, each list in id order.</summary>
    private static async Task<string> RosterAsync(IRosterStore roster, Outreach.Points.IPointsStore points)
    {
        var grids = (await roster.GetGridsAsync()).OrderBy(g => g.Id, StringComparer.Ordinal).ToList();
        var targets = new List<Target>();
        foreach (var grid in grids)
        {
            targets.AddRange(await roster.GetTargetsAsync(grid.Id));
        }
        return JsonSerializer.Serialize(new
        {
            grids,
            visitors = (await roster.GetVisitorsAsync()).OrderBy(v => v.Id, StringComparer.Ordinal),
            targets = targets.OrderBy(t => t.Grid, StringComparer.Ordinal).ThenBy(t => t.Id, StringComparer.Ordinal),
            policies = (await roster.GetPoliciesAsync()).OrderBy(p => p.Id, StringComparer.Ordinal),
            calendar = (await roster.GetCalendarAsync()).OrderBy(c => c.Date),
            departments = (await roster.GetDepartmentsAsync()).OrderBy(d => d.Id, StringComparer.Ordinal),
            pointsRules = (await points.GetRulesAsync()).OrderBy(r => r.Code, StringComparer.Ordinal),
            pointsItems = (await points.GetItemsAsync()).OrderBy(i => i.Id, StringComparer.Ordinal),
        });
    }

    private static string Cut(string text) => text.Length > 300 ? text[..300] + "…" : text.TrimEnd();
}

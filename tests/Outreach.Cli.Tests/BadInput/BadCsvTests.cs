using Outreach.Testing;
using Outreach.Testing.BadInput;

namespace Outreach.Cli.Tests.BadInput;

/// <summary>
/// The bad-input corpus for imports (issue 14): every sample file mutated as files arrive from spreadsheets and hands
/// (<see cref="CsvMutations"/>), imported through the CLI. Each exits 0 or 1 with no stack trace; a refused one stores
/// nothing; an imported one stores exactly what the importer reads. The seed is fixed, so CI tries the same cases
/// every run; <c>OUTREACH_BADINPUT_SEED</c> tries others.
/// </summary>
[Collection(AzuriteFixture.Collection)]
public sealed class BadCsvTests(AzuriteFixture azurite)
{
    // What each kind's roster holds before its cases: what its rows refer to, then its own sample, so that a mutated
    // file lands on stored rows as a corrected file does.
    private static readonly Dictionary<string, string[]> Rosters = new()
    {
        ["grids"] = ["grids", "visitors"],
        ["visitors"] = ["grids", "visitors"],
        ["enterprises"] = ["grids", "enterprises"],
        ["households"] = ["grids", "households"],
        ["policies"] = ["policies"],
        ["calendar"] = ["calendar"],
        ["departments"] = ["departments"],
        ["points-rules"] = ["points-rules"],
        ["points-items"] = ["points-items"],
    };

    [Theory]
    [InlineData("grids", 1)]
    [InlineData("visitors", 2)]
    [InlineData("enterprises", 3)]
    [InlineData("households", 4)]
    [InlineData("policies", 5)]
    [InlineData("calendar", 6)]
    [InlineData("departments", 7)]
    [InlineData("points-rules", 8)]
    [InlineData("points-items", 9)]
    public async Task Every_mutated_sample_imports_whole_or_is_refused_with_the_roster_left_as_it_was(string kind, int stream)
    {
        var seed = (int.TryParse(Environment.GetEnvironmentVariable("OUTREACH_BADINPUT_SEED"), out var chosen) ? chosen : 14) * 100 + stream;
        var sample = await File.ReadAllTextAsync(ImportCorpus.SamplePath(kind));
        var cases = CsvMutations.Of(sample, seed, variants: 2).ToList();
        if (kind != "calendar")
        {
            cases.Add(CsvMutations.NewRows(sample, 1_000));
        }
        if (kind == "households")
        {
            cases.Add(CsvMutations.RepeatedLastRow(sample, 50_000));
        }
        var corpus = await ImportCorpus.StartAsync(azurite, Rosters[kind]);

        var failures = new List<string>();
        var codes = new List<int>();
        foreach (var file in cases)
        {
            var (code, failure) = await corpus.ImportAsync(kind, file);
            codes.Add(code);
            if (failure is not null)
            {
                failures.Add(failure);
            }
        }

        Assert.True(failures.Count == 0, $"seed {seed}, {failures.Count} of {cases.Count} cases:\n{string.Join('\n', failures)}");
        // A corpus that only ever refuses (or only imports) would prove half of it.
        Assert.Contains(0, codes);
        Assert.Contains(1, codes);
    }
}

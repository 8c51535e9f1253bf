using System.Diagnostics;
using System.Globalization;
using System.Text;
using Outreach.Adapters.Workbooks;
using Outreach.Import;

namespace Outreach.Bench;

/// <summary>
/// <c>import write [households]</c> writes a households roster of that many rows (default 100,000; 2,000 a grid)
/// as <c>households-N.csv</c> and <c>households-N.xlsx</c> in the current folder. <c>import read csv|xlsx|xlsx-rows|miniexcel-rows FILE</c>,
/// in a fresh process so its peak working set is the read's: <c>csv</c> and <c>xlsx</c> run the importer's rules
/// (<see cref="RosterImporter.ReadHouseholds"/>, everything an import does before it stores), <c>xlsx-rows</c> and
/// <c>miniexcel-rows</c> only walk the workbook's cells, with our reader or MiniExcel's, to compare the libraries.
/// </summary>
internal static class ImportBench
{
    private const double MB = 1024 * 1024;
    private const int PerGrid = 2000;

    public static int Run(string[] args) => args switch
    {
        ["write", ..] => Write(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100_000),
        ["read", var mode, var file] => Read(mode, file),
        _ => -1,
    };

    private static int Write(int households)
    {
        var clock = Stopwatch.StartNew();
        var csv = $"households-{households}.csv";
        using (var writer = new StreamWriter(csv, false, new UTF8Encoding(false)))
        {
            writer.WriteLine("id,address,grid,tags,head_name,phone,building");
            foreach (var row in Rows(households))
            {
                writer.WriteLine(string.Join(',', row.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture))));
            }
        }
        var csvSeconds = clock.Elapsed.TotalSeconds;
        var xlsx = $"households-{households}.xlsx";
        XlsxWriter.Write(xlsx, [new SheetTable("households", ["id", "address", "grid", "tags", "head_name", "phone", "building"], Rows(households).ToList())]);
        Console.WriteLine($"wrote {csv} ({new FileInfo(csv).Length / MB:N1} MB, {csvSeconds:N1} s) and {xlsx} ({new FileInfo(xlsx).Length / MB:N1} MB, {clock.Elapsed.TotalSeconds - csvSeconds:N1} s)");
        return 0;
    }

    /// <summary>Households as a coordinator's sheet holds them: the phone a number (as Excel stores one typed without +86).</summary>
    private static IEnumerable<IReadOnlyList<object?>> Rows(int households)
    {
        var random = new Random(16);
        for (var i = 0; i < households; i++)
        {
            var grid = $"g-{i / PerGrid:D4}";
            yield return
            [
                $"h-{i:D7}", $"滨海社区{i / 100 % 1000}号楼{i / 10 % 10 + 1}单元{i % 10 + 1}0{random.Next(1, 4)}室", grid,
                random.Next(100) < 3 ? "elderly-alone" : null, random.Next(100) < 60 ? "王建国" : null,
                13000000000d + random.Next(0, 999_999_999), $"{i / 100 % 1000}号楼",
            ];
        }
    }

    private static int Read(string mode, string file)
    {
        var clock = Stopwatch.StartNew();
        var grids = Enumerable.Range(0, 1000).Select(g => $"g-{g:D4}").ToHashSet(StringComparer.Ordinal);
        long rows;
        switch (mode)
        {
            case "csv":
                using (var reader = new StreamReader(file, new UTF8Encoding(false, true)))
                {
                    rows = Check(RosterImporter.ReadHouseholds(reader, grids));
                }
                break;
            case "xlsx":
                using (var workbook = XlsxWorkbook.Open(file, file))
                {
                    rows = Check(RosterImporter.ReadHouseholds(RosterSource.Sheet("households", workbook.Rows("households")), grids));
                }
                break;
            case "xlsx-rows":
                using (var workbook = XlsxWorkbook.Open(file, file))
                {
                    rows = workbook.Rows("households").LongCount(r => r.Cells.Count > 0);
                }
                break;
            case "miniexcel-rows":
                rows = MiniExcelLibs.MiniExcel.Query(file, useHeaderRow: false, sheetName: "households").LongCount(r => r is not null);
                break;
            default:
                return -1;
        }
        var process = Process.GetCurrentProcess();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{{\"mode\":\"{mode}\",\"file\":\"{file}\",\"rows\":{rows},\"seconds\":{clock.Elapsed.TotalSeconds:0.0},\"peakWorkingSetMB\":{process.PeakWorkingSet64 / MB:0},\"gcHeapMB\":{GC.GetTotalMemory(false) / MB:0}}}"));
        return 0;
    }

    private static long Check<T>(ImportResult<T> result) =>
        result.Succeeded ? result.Rows.Count : throw new InvalidOperationException(string.Join("; ", result.Errors.Take(3)));
}

using Outreach.Bench;

return args switch
{
    ["plan"] => PlanBench.Run(),
    ["tight"] => TightBench.Run(),
    ["store"] => await StoreBench.RunAsync(),
    ["outcomes", ..] => await OutcomeBench.RunAsync(args[1..]),
    ["pages", ..] => await PageBench.RunAsync(args[1..]),
    ["requests", ..] => await RequestBench.RunAsync(args[1..]),
    ["report", "seed" or "run", ..] => await ReportBench.RunAsync(args[1..]),
    ["import", "write" or "read", ..] => ImportBench.Run(args[1..]) is >= 0 and var code ? code : Usage(),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project bench/Outreach.Bench -- plan|tight|store|outcomes [clients] [seconds]|pages [clients] [seconds] [thinkMs] [storageDelayMs] [warmupSeconds]|requests [clients] [seconds]|report seed|run [grids]|import write [households]|import read csv|xlsx|xlsx-rows|miniexcel-rows FILE   (store, outcomes, pages and report read OUTREACH_STORAGE)");
    return 1;
}

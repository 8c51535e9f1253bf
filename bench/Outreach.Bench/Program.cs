using Outreach.Bench;

return args switch
{
    ["plan"] => PlanBench.Run(),
    ["store"] => await StoreBench.RunAsync(),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project bench/Outreach.Bench -- plan|store   (store reads OUTREACH_STORAGE)");
    return 1;
}

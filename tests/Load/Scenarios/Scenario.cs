namespace Load;

/// <summary>The scenarios by name, each run on its own or all in the issue's order of value.</summary>
public static class Scenario
{
    public static readonly IReadOnlyDictionary<string, Func<RunningSystem, bool, string, Task<Report>>> ByName =
        new Dictionary<string, Func<RunningSystem, bool, string, Task<Report>>>
        {
            ["freshness"] = Load.Scenarios.Freshness.RunAsync,
            ["caseworkers"] = Load.Scenarios.CaseworkersAtOnce.RunAsync,
            ["ingestion"] = Load.Scenarios.Ingestion.RunAsync,
            ["placements"] = Load.Scenarios.Placements.RunAsync,
            ["cold-start"] = Load.Scenarios.ColdStart.RunAsync,
            ["country"] = Load.Scenarios.CountryOverTheWire.RunAsync,
        };

    /// <param name="scenario">A name of <see cref="ByName"/>, or <c>all</c>.</param>
    /// <param name="small">Tiny counts: a smoke run that only shows the scenarios still work.</param>
    /// <param name="plots">Where the PNGs go.</param>
    public static async Task<IReadOnlyList<Report>> RunAsync(RunningSystem system, string scenario, bool small, string plots)
    {
        var reports = new List<Report>();
        foreach (var (name, run) in ByName.Where(entry => scenario == "all" || entry.Key == scenario))
        {
            Console.WriteLine($"\n## {name}{(small ? " (small)" : "")}");
            reports.Add(await run(system, small, plots));
        }
        return reports;
    }
}

using Load;

// dotnet run -c Release --project tests/Load -- <scenario> [--courses URL --employers URL --matching URL --identity URL] [--small]
// Scenarios, in the order of the value: freshness, caseworkers, ingestion, placements, cold-start, country; or all.
var options = Options.Parse(args);
if (options is null)
{
    Console.Error.WriteLine(Options.Usage);
    return 2;
}
Console.WriteLine($"# Matching load — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Machine.Describe()}, load average {Machine.LoadAverage}");
using var system = new RunningSystem(options.ToAddress());
Load.Scenarios.CountryOverTheWire.Scale = options.Scale;
var reports = await Scenario.RunAsync(system, options.Scenario, options.Small, options.Plots);
foreach (var report in reports.Where(report => report.Plot is not null)) Console.WriteLine($"plot: {report.Plot}");
return 0;

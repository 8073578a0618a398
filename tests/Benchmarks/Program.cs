using BenchmarkDotNet.Running;
using Benchmarks;

// dotnet run -c Release --project tests/Benchmarks -- [match|index|memory|allocation|choices|bdn|figures|all]   (index: the index alone, no scan)
//   choices [regional-2000|regional-5000|scarce-2000|scarce-5000]   (one cohort only)
var mode = args.FirstOrDefault() ?? "all";
Console.WriteLine($"# Matching benchmarks — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, .NET {Environment.Version}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}");
if (mode is "memory" or "all") Measurements.Memory();
if (mode is "match" or "all") Measurements.Match();
if (mode is "index") Measurements.Match(withScan: false);
if (mode is "allocation" or "all") Measurements.Allocation();
if (mode is "choices" or "all") ChoiceMeasurements.Allocation(mode == "choices" ? args.ElementAtOrDefault(1) : null);
if (mode is "bdn") BenchmarkRunner.Run<MatchBenchmarks>(args: args[1..]);
if (mode is "figures") BenchmarkRunner.Run<FigureBenchmarks>(args: args[1..]);
if (mode is "portal") PortalMeasurements.Pages(args.ElementAtOrDefault(1));   // needs a running system: ./matching.sh up

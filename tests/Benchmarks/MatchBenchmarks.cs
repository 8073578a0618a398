using BenchmarkDotNet.Attributes;
using Matching.Engine;

namespace Benchmarks;

/// <summary>BenchmarkDotNet's view of one query: the index against the scan baseline (ratio column).</summary>
[MemoryDiagnoser]
[ShortRunJob]
public class MatchBenchmarks
{
    private Country country = null!;
    private Catalog catalog = null!;
    private MatchRequest[] people = null!;
    private int next;

    [GlobalSetup]
    public void Setup()
    {
        country = Country.Generate();
        catalog = country.ToCatalog();
        people = Enumerable.Range(0, 256).Select(i => country.Person(i, nearDuisburgOnly: true)).ToArray();
    }

    [Benchmark(Baseline = true)]
    public int Scan() => Matching.Engine.Scan.Match(country.Courses, country.Openings, country.Agreements, people[next++ & 255]).Suggestions.Count;

    [Benchmark]
    public int Index() => Matcher.Match(catalog, people[next++ & 255]).Suggestions.Count;
}

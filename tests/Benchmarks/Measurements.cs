using System.Diagnostics;
using Matching.Engine;

namespace Benchmarks;

/// <summary>
/// Measurements that need more than a mean: per-query latency percentiles (index vs. the brute-force
/// scan as baseline, in the same run), memory per indexed item, and cohort allocation.
/// </summary>
public static class Measurements
{
    public static void Memory()
    {
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var country = Country.Generate();
        var items = country.Courses.Count + country.Openings.Count;
        var catalog = country.ToCatalog();
        country = null;
        var after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(catalog);
        Console.WriteLine($"\n## Memory\n{items:N0} courses and openings (+ agreements) indexed: {(after - before) / 1024.0 / 1024:N1} MiB, " +
                          $"{(double)(after - before) / items:N0} bytes per course/opening (goal ≤ 1,024), the courses and openings themselves included.");
    }

    /// <param name="withScan">Whether to time the scan too (the baseline); without it, a quick look at the index alone.</param>
    public static void Match(bool withScan = true)
    {
        Match(duisburgShare: 0.1, withScan);
        Match(duisburgShare: 1.0 / 3, withScan);
    }

    private static void Match(double duisburgShare, bool withScan)
    {
        var country = Country.Generate(duisburgShare: duisburgShare);
        var catalog = country.ToCatalog();
        // The caseworkers are in Duisburg: every person lives there.
        var people = Enumerable.Range(0, 2_000).Select(i => country.Person(i, nearDuisburgOnly: true)).ToArray();

        // Steady state, as in the service: every query once to warm up (the JIT's tiers settle), then a full collection,
        // so the catalog sits in the oldest generation as it does in a service that has run for a while.
        foreach (var person in people) Matcher.Match(catalog, person);
        GC.Collect();
        var (collections, allocated) = (GC.CollectionCount(0), GC.GetAllocatedBytesForCurrentThread());
        var index = Time(people, person => Matcher.Match(catalog, person).Suggestions.Count);
        (collections, allocated) = (GC.CollectionCount(0) - collections, GC.GetAllocatedBytesForCurrentThread() - allocated);
        // The last slow shape: one occupation (a whole unit group), but willing to go 1,000 km, so the reach is the country.
        var wideNarrow = people.Take(200).Select((person, i) => person with { Occupations = [WideNarrowOccupations[i % WideNarrowOccupations.Length]], MaxDistanceKm = 1_000 }).ToArray();
        foreach (var person in wideNarrow) Matcher.Match(catalog, person);
        var wide = Time(wideNarrow, person => Matcher.Match(catalog, person).Suggestions.Count);
        if (!withScan)
        {
            Console.WriteLine($"index, {duisburgShare:P0} around Duisburg: p50 {index.P(50):N3} ms, p90 {index.P(90):N3} ms, p99 {index.P(99):N3} ms, " +
                              $"max {index.P(100):N3} ms; {allocated / 1024.0 / people.Length:N0} KB per query, {collections} gen-0 collections");
            Console.WriteLine($"index, {duisburgShare:P0} around Duisburg, narrow (one occupation) within 1,000 km: p50 {wide.P(50):N3} ms, " +
                              $"p90 {wide.P(90):N3} ms, p99 {wide.P(99):N3} ms, max {wide.P(100):N3} ms");
            return;
        }
        var scanned = people.Take(100).ToArray();
        var scan = Time(scanned, person => Scan.Match(country.Courses, country.Openings, country.Agreements, person).Suggestions.Count);

        var compared = scanned.Concat(wideNarrow.Take(20)).ToArray();
        var same = compared.All(person =>
            Matcher.Match(catalog, person).Suggestions.SequenceEqual(
                Scan.Match(country.Courses, country.Openings, country.Agreements, person).Suggestions, SuggestionComparer.Instance));

        Console.WriteLine($"""

            ## One /matches query (engine only), {country.Courses.Count:N0} courses, {country.Openings.Count:N0} openings, {country.Agreements.Count:N0} agreements, {duisburgShare:P0} of them around Duisburg
            | | queries | p50 | p90 | p99 | max | mean | suggestions (mean) |
            | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
            | scan (baseline) | {scan.Count} | {scan.P(50):N3} ms | {scan.P(90):N3} ms | {scan.P(99):N3} ms | {scan.P(100):N3} ms | {scan.Mean:N3} ms | {scan.Found:N1} |
            | index | {index.Count} | {index.P(50):N3} ms | {index.P(90):N3} ms | {index.P(99):N3} ms | {index.P(100):N3} ms | {index.Mean:N3} ms | {index.Found:N1} |
            | index, narrow (one occupation) within 1,000 km | {wide.Count} | {wide.P(50):N3} ms | {wide.P(90):N3} ms | {wide.P(99):N3} ms | {wide.P(100):N3} ms | {wide.Mean:N3} ms | {wide.Found:N1} |

            Index vs. scan: {scan.Mean / index.Mean:N0}× faster on the mean, {scan.P(99) / index.P(99):N0}× at p99 (goals: p99 ≤ 1 ms, ≥ 20×). Same answers as the scan for all {compared.Length} compared queries ({wideNarrow.Take(20).Count()} of them narrow within 1,000 km): {same}.
            The index allocated {allocated / 1024.0 / people.Length:N0} KB per query; {collections} gen-0 collections fell within its {people.Length:N0} timed queries.
            """);
    }

    /// <summary>Occupations of the country's openings, one per wide narrow request.</summary>
    private static readonly string[] WideNarrowOccupations = ["9333", "5322", "7411", "8322", "4321"];

    public static void Allocation()
    {
        Console.WriteLine("""

            ## Cohort allocation (CBC via OR-Tools; time limit 30 s)
            | instance | people | candidates | capacity (seats + positions) | greedy placed | optimiser placed | objective | bound | optimal | time |
            | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |
            """);
        Allocate("regional", people: 2_000, courses: 1_000, openings: 2_000, seats: (1, 12), positions: (1, 5));
        Allocate("regional", people: 5_000, courses: 1_000, openings: 2_000, seats: (1, 12), positions: (1, 5));
        Allocate("scarce", people: 2_000, courses: 400, openings: 700, seats: (1, 3), positions: (1, 2));
        Allocate("scarce", people: 5_000, courses: 1_000, openings: 1_750, seats: (1, 3), positions: (1, 2));
    }

    private static void Allocate(string name, int people, int courses, int openings, (int, int) seats, (int, int) positions)
    {
        var country = Country.Generate(courses, openings, agreements: 150, seed: 7, employers: openings / 3, seats: seats, positions: positions, nearDuisburgOnly: true);
        var catalog = country.ToCatalog();
        var random = new Random(11);
        // Each person keeps their best 20–60 candidates, as the instance prescribes.
        var cohort = Enumerable.Range(0, people)
            .Select(i => (IReadOnlyList<Suggestion>)Matcher.Candidates(catalog, country.Person(i, nearDuisburgOnly: true, maxDistanceKm: 15)).Take(random.Next(20, 61)).ToList())
            .ToList();
        var capacity = country.Courses.Sum(c => c.SeatsFree) + country.Openings.Sum(o => o.PositionsLeft);

        var clock = Stopwatch.StartNew();
        var allocation = Cohort.Allocate(cohort, TimeSpan.FromSeconds(30), TimeProvider.System);
        clock.Stop();
        Console.WriteLine($"| {name} | {people:N0} | {cohort.Sum(c => c.Count):N0} | {capacity:N0} | {allocation.Greedy.Placed:N0} | {allocation.Placed:N0} | " +
                          $"{allocation.Objective:N1} | {allocation.Bound:N1} | {allocation.Optimal} | {clock.Elapsed.TotalSeconds:N2} s |");
    }

    private static Timings Time<T>(T[] inputs, Func<T, int> query)
    {
        var milliseconds = new double[inputs.Length];
        var found = 0L;
        for (var i = 0; i < inputs.Length; i++)
        {
            var start = Stopwatch.GetTimestamp();
            found += query(inputs[i]);
            milliseconds[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        Array.Sort(milliseconds);
        return new Timings(milliseconds, (double)found / inputs.Length);
    }

    private sealed record Timings(double[] Sorted, double Found)
    {
        public int Count => Sorted.Length;

        public double Mean => Sorted.Average();

        public double P(double percentile) => Sorted[Math.Min(Sorted.Length - 1, (int)Math.Ceiling(percentile / 100 * Sorted.Length) - 1)];
    }
}

/// <summary>Two suggestions are the same when kind, items, distances, score and reasons agree.</summary>
internal sealed class SuggestionComparer : IEqualityComparer<Suggestion>
{
    public static SuggestionComparer Instance { get; } = new();

    public bool Equals(Suggestion? a, Suggestion? b) =>
        a is not null && b is not null && a.Kind == b.Kind && a.Score == b.Score && a.Course == b.Course && a.CourseKm == b.CourseKm
        && a.Opening == b.Opening && a.OpeningKm == b.OpeningKm && a.Agreement == b.Agreement && a.Reasons.SequenceEqual(b.Reasons);

    public int GetHashCode(Suggestion suggestion) => HashCode.Combine(suggestion.Kind, suggestion.Score);
}

using System.Collections.Concurrent;
using System.Diagnostics;
using Matching.Vocabulary;

namespace Load.Scenarios;

/// <summary>
/// (1) The country over the wire: the benchmark's country (20,000 courses, 100,000 openings, 5,000 agreements; same
/// generator, same seed) posted through the real HTTP APIs of Courses and Employers, 32 connections each, then a
/// sentinel course, opening and agreement at a spot of their own; the country is in when Matching's catalog holds all
/// three (the agreement seen lowering the opening's level). The ingestion rate is items from the first POST until then.
/// </summary>
/// <remarks>
/// The identity service signs in only the providers and employers it has clients for, so the country's 2,000 providers
/// and 20,000 employers post as those (each country employer always as the same one); agreements are signed by the
/// city's coordinator for the country's own employer ids, as in the benchmark.
/// </remarks>
public static class CountryOverTheWire
{
    private const int Connections = 32;

    /// <summary>The share of the country to post (1: all of it; the command line's --scale).</summary>
    public static double Scale { get; set; } = 1;

    public static async Task<Report> RunAsync(RunningSystem system, bool small, string plots)
    {
        var report = new Report("country");
        var country = small ? Benchmarks.Country.Generate(courses: 40, openings: 200, agreements: 10)
            : Benchmarks.Country.Generate(courses: (int)(20_000 * Scale), openings: (int)(100_000 * Scale), agreements: (int)(5_000 * Scale),
                employers: (int)(20_000 * Scale));
        var (providers, employers) = (system.Address.ProviderIds, system.Address.EmployerIds);
        var start = Stopwatch.GetTimestamp();

        var courses = report.Add(await PostAllAsync("POST /courses", country.Courses, course =>
        {
            var provider = providers[Stable(course.ProviderId, providers.Count)];
            return system.PublishCourseAsync(Bodies.Course(course, provider), provider, Connections);
        }));
        var openings = report.Add(await PostAllAsync("POST /openings", country.Openings, opening =>
        {
            var employer = employers[Stable(opening.EmployerId, employers.Count)];
            return system.PostOpeningAsync(Bodies.Opening(opening, employer), employer, Connections);
        }));
        var agreements = report.Add(await PostAllAsync("POST /agreements", country.Agreements,
            agreement => system.SignAgreementAsync(Bodies.Agreement(agreement), Connections)));
        var posted = Stopwatch.GetElapsedTime(start);

        // The sentinels: a course, and an opening that needs B2 unless the agreement after it lowers that to A1.
        var (provider, employer) = (providers[0], employers[0]);
        var sentinelCourse = await system.PublishCourseAsync(Bodies.Course(provider, Bodies.Spots.Country, 10, 10, "Lasttest: Wächter"), provider);
        var sentinelOpening = await system.PostOpeningAsync(Bodies.Opening(employer, Bodies.Spots.Country, 1, "0110", Level.B2, "Lasttest: Wächter"), employer);
        await system.SignAgreementAsync(new
        {
            employerId = employer, occupations = new[] { "0110" }, minLevel = Level.A1, quota = 1,
            validFrom = new DateOnly(2027, 1, 1), validTo = new DateOnly(2027, 12, 31),
        });
        var person = Bodies.PersonAt(Bodies.Spots.Country, "country-probe", Level.A2, ["0110"]);
        await Poll.UntilAsync(async () => await system.WhyNotAsync(person, courseId: sentinelCourse) is not null
                && await system.WhyNotAsync(person, openingId: sentinelOpening) is { } why && why["best"]?["agreement"] is not null,
            TimeSpan.FromMinutes(30), "the country reaches Matching", TimeSpan.FromMilliseconds(50));
        var inMatching = Stopwatch.GetElapsedTime(start);

        var items = country.Courses.Count + country.Openings.Count + country.Agreements.Count + 3;
        report.Figure("posted per s", items / posted.TotalSeconds,
            $"{items:N0} items posted in {posted.TotalSeconds:N1} s: {items / posted.TotalSeconds:N0}/s accepted");
        report.Figure("ingested per s", items / inMatching.TotalSeconds,
            $"first POST → last in Matching's catalog: {inMatching.TotalSeconds:N1} s, {items / inMatching.TotalSeconds:N0} items/s " +
            $"({(inMatching - posted).TotalSeconds:N1} s after the last POST)");
        report.Line("");
        report.Table(courses, openings, agreements);
        report.Plot = Plots.Percentiles(Path.Combine(plots, "country.png"),
            $"The country over HTTP, {Connections} connections: POST latency", [courses, openings, agreements]);
        return report;
    }

    /// <summary>The same one of <paramref name="count"/> for the same id in every run (string hashes differ between runs).</summary>
    private static int Stable(string id, int count) => (int)(id.Aggregate(2166136261u, (hash, c) => (hash ^ c) * 16777619u) % (uint)count);

    /// <summary>Posts every item over <see cref="Connections"/> connections, each posting its next when the last was answered.</summary>
    private static async Task<Latencies> PostAllAsync<T>(string name, IReadOnlyList<T> items, Func<T, Task<Guid>> post)
    {
        var latencies = new Latencies(name);
        var next = -1;
        var failures = new ConcurrentQueue<string>();
        var start = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, Connections).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Increment(ref next) is var i && i < items.Count)
            {
                var sent = Stopwatch.GetTimestamp();
                try
                {
                    await post(items[i]);
                    latencies.RecordSince(sent);
                }
                catch (HttpRequestException exception)
                {
                    latencies.Fail();
                    if (failures.Count < 3) failures.Enqueue(exception.Message);
                }
            }
        })));
        latencies.Span = Stopwatch.GetElapsedTime(start);
        foreach (var failure in failures) Console.WriteLine($"  {name} failed: {failure}");
        return latencies;
    }
}

using System.Diagnostics;
using System.Text.Json.Nodes;
using Matching.Vocabulary;

namespace Load.Scenarios;

/// <summary>
/// (3) Freshness: a course's provider changes its free seats at Courses; how long until <c>/matches</c> shows the new
/// count — through the Courses database and outbox, RabbitMQ, the projection's database and the catalog. Measured (a)
/// with nothing else running and (b) while caseworkers query at a steady rate over 50 connections and seats of 200
/// other courses change at 200/s (the 50 caseworkers send 100 queries a second between them: one each every half
/// second, far above a person's pace). A probe course lies alone at a spot in the North Sea; after each change a client of
/// its own asks <c>/matches</c> there again and again until the count shows (so the figure is at most one query late).
/// </summary>
public static class Freshness
{
    public static async Task<Report> RunAsync(RunningSystem system, bool small, string plots)
    {
        var report = new Report("freshness");
        var provider = system.Address.ProviderIds[0];
        var probe = await system.PublishCourseAsync(Bodies.Course(provider, Bodies.Spots.Freshness, 1000, 500, "Lasttest: Frische"), provider);
        var probeClient = await system.CaseworkersAsync(connections: 1);
        var person = Bodies.PersonAt(Bodies.Spots.Freshness, "freshness-probe");
        await Poll.UntilAsync(async () => SeatsOf(await system.MatchAsync(person, probeClient), probe) is not null, TimeSpan.FromSeconds(60),
            "the probe course shows in /matches");
        var seats = 0;

        var quiet = new Latencies("(a) quiet");
        var (quietAccepted, quietAfter) = (new Latencies("(a) of which Courses answering the change"), new Latencies("(a) of which after Courses answered"));
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < (small ? 5 : 200); i++)
        {
            await ChangeAndWatchAsync(quiet, quietAccepted, quietAfter);
            await Task.Delay(20);
        }
        quiet.Span = quietAccepted.Span = quietAfter.Span = Stopwatch.GetElapsedTime(start);
        report.Add(quiet);
        report.Add(quietAccepted);
        report.Add(quietAfter);

        // (b): the courses whose seats change, around Duisburg among the demo data
        var courses = small ? 10 : 200;
        var changing = new Guid[courses];
        var random = new Random(3);
        for (var i = 0; i < courses; i++)
        {
            var at = new GeoPoint(51.43 + (random.NextDouble() - 0.5) * 0.2, 6.76 + (random.NextDouble() - 0.5) * 0.3);
            changing[i] = await system.PublishCourseAsync(Bodies.Course(provider, at, 1000, 500, "Lasttest: Sitzplatzwechsel"), provider);
        }
        var duration = TimeSpan.FromSeconds(small ? 3 : 30);
        var (caseworkerRate, seatRate) = small ? (20.0, 20.0) : (100.0, 200.0);
        var caseworkers = await system.CaseworkersAsync(connections: small ? 4 : 50);
        var requests = new Caseworkers();
        var seatWriters = await system.AsAsync(system.Address.Courses, "provider", provider, connections: 32);
        using var stop = new CancellationTokenSource();
        var queries = OpenLoop.RunAsync($"(b) caseworkers' /matches at {caseworkerRate:N0}/s", caseworkerRate, duration, async i =>
        {
            using var response = await caseworkers.PostAsync("/matches", JsonContent(requests.Next(i)));
            return response.IsSuccessStatusCode;
        });
        var seatChanges = OpenLoop.RunAsync($"(b) seat changes at {seatRate:N0}/s", seatRate, duration, async i =>
        {
            using var response = await seatWriters.PutAsync($"/courses/{changing[i % courses]}/seats",
                JsonContent(new { seatsFree = 1 + (i / courses) % 900 }));
            return response.IsSuccessStatusCode;
        });
        var loaded = new Latencies("(b) under load");
        var (loadedAccepted, loadedAfter) = (new Latencies("(b) of which Courses answering the change"), new Latencies("(b) of which after Courses answered"));
        await Task.Delay(small ? 200 : 2000); // let the load settle in first
        start = Stopwatch.GetTimestamp();
        while (!queries.IsCompleted)
        {
            await ChangeAndWatchAsync(loaded, loadedAccepted, loadedAfter);
            await Task.Delay(20);
        }
        loaded.Span = loadedAccepted.Span = loadedAfter.Span = Stopwatch.GetElapsedTime(start);
        report.Add(loaded);
        report.Add(loadedAccepted);
        report.Add(loadedAfter);
        var (queried, seatsChanged) = (report.Add(await queries), report.Add(await seatChanges));

        report.Line("");
        report.Table(quiet, quietAccepted, quietAfter, loaded, loadedAccepted, loadedAfter, queried, seatsChanged);
        report.Plot = Plots.Percentiles(Path.Combine(plots, "freshness.png"),
            "Seat change at Courses until /matches shows it", [quiet, quietAfter, loaded, loadedAfter], goalMs: 250);
        return report;

        // The whole time, and its two parts: until Courses answered (its database and outbox), and from then on (the outbox
        // relay, RabbitMQ, the projection and the catalog, and the query that shows it).
        async Task ChangeAndWatchAsync(Latencies latencies, Latencies accepted, Latencies after)
        {
            seats = seats % 900 + 1;
            var changed = Stopwatch.GetTimestamp();
            if (!(await system.ChangeSeatsAsync(probe, provider, seats, connections: 1)).IsSuccess())
            {
                latencies.Fail();
                return;
            }
            var answered = Stopwatch.GetTimestamp();
            accepted.RecordSince(changed);
            var deadline = changed + 30 * Stopwatch.Frequency;
            while (SeatsOf(await system.MatchAsync(person, probeClient), probe) != seats)
            {
                if (Stopwatch.GetTimestamp() > deadline)
                {
                    latencies.Fail();
                    return;
                }
            }
            latencies.RecordSince(changed);
            after.RecordSince(answered);
        }
    }

    /// <summary>The free seats <c>/matches</c> shows for the course, or null when it is not among the suggestions.</summary>
    public static int? SeatsOf(JsonArray suggestions, Guid courseId) =>
        suggestions.Select(suggestion => suggestion?["course"])
            .FirstOrDefault(course => course?["id"]?.GetValue<Guid>() == courseId)?["seatsFree"]?.GetValue<int>();

    internal static HttpContent JsonContent(object body) => System.Net.Http.Json.JsonContent.Create(body, options: Bodies.Json);

    internal static bool IsSuccess(this System.Net.HttpStatusCode status) => (int)status is >= 200 and < 300;
}

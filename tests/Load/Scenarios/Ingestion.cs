using System.Diagnostics;
using Matching.Vocabulary;

namespace Load.Scenarios;

/// <summary>
/// (2) Ingestion against the broker's limit: seat changes of 200 courses sent to Courses as fast as it takes them (32
/// connections, each sending its next when the last was answered, for 10 s), then each course's seats set once more to
/// a last count no change before used; the changes are in when <c>/matches</c> shows that last count for every course.
/// The end-to-end rate counts every accepted change from the first sent to the last shown. In the same run, the raw
/// broker baseline (<see cref="BrokerBaseline"/>). Its courses are withdrawn at the end, and those a run cut short left
/// behind at the start, so that every run finds only its own at the spot.
/// </summary>
public static class Ingestion
{
    private const int Last = 1000;
    private const string Title = "Lasttest: Durchsatz";

    public static async Task<Report> RunAsync(RunningSystem system, bool small, string plots)
    {
        var report = new Report("ingestion");
        var provider = system.Address.ProviderIds[0];
        var count = small ? 10 : 200;
        await WithdrawAsync(system, provider, await system.OfferedCoursesAsync(provider, Title));
        var courses = new Guid[count];
        for (var i = 0; i < count; i++)
        {
            var at = new GeoPoint(Bodies.Spots.Ingestion.Lat + i * 0.00005, Bodies.Spots.Ingestion.Lon);
            courses[i] = await system.PublishCourseAsync(Bodies.Course(provider, at, Last, 500, Title), provider);
        }
        try
        {
            await MeasureAsync(system, small, plots, report, provider, courses);
        }
        finally
        {
            await WithdrawAsync(system, provider, courses);
        }
        return report;
    }

    private static async Task MeasureAsync(RunningSystem system, bool small, string plots, Report report, string provider, Guid[] courses)
    {
        var count = courses.Length;
        var person = Bodies.PersonAt(Bodies.Spots.Ingestion, "ingestion-probe");
        var watcher = await system.CaseworkersAsync(connections: 1);
        await Poll.UntilAsync(async () => Shown(await system.MatchAsync(person, watcher)) == count, TimeSpan.FromSeconds(60),
            "the ingestion courses show in /matches");

        var writers = await system.AsAsync(system.Address.Courses, "provider", provider, connections: 32);
        var start = Stopwatch.GetTimestamp();
        var changes = await ClosedLoop.RunAsync("seat changes accepted by Courses (32 connections)", 32, TimeSpan.FromSeconds(small ? 2 : 10), async i =>
        {
            using var response = await writers.PutAsync($"/courses/{courses[i % count]}/seats",
                Freshness.JsonContent(new { seatsFree = 1 + (i / count) % (Last - 1) }));
            return response.IsSuccessStatusCode;
        });
        var lastCounts = await Task.WhenAll(courses.Select(async course => await system.ChangeSeatsAsync(course, provider, Last, connections: 32)));
        var accepted = changes.Count + lastCounts.Count(status => status.IsSuccess());
        var lastAccepted = Stopwatch.GetElapsedTime(start);
        await Poll.UntilAsync(async () => Shown(await system.MatchAsync(person, watcher), Last) == count, TimeSpan.FromMinutes(5),
            "every last seat count shows in /matches");
        var endToEnd = Stopwatch.GetElapsedTime(start);
        report.Add(changes);

        var (raw, rawSpan) = await BrokerBaseline.RunAsync(system.Address.RabbitMq, small ? 2_000 : 100_000);
        var acceptedRate = report.Figure("accepted per s", accepted / lastAccepted.TotalSeconds,
            $"{accepted:N0} seat changes accepted in {lastAccepted.TotalSeconds:N2} s: {accepted / lastAccepted.TotalSeconds:N0}/s");
        report.Figure("projected after the last s", (endToEnd - lastAccepted).TotalSeconds,
            $"all shown in /matches {(endToEnd - lastAccepted).TotalSeconds:N2} s after the last was accepted");
        var system_ = report.Figure("end to end per s", accepted / endToEnd.TotalSeconds,
            $"end to end: {accepted / endToEnd.TotalSeconds:N0} changes/s (first sent → last shown in /matches, {endToEnd.TotalSeconds:N2} s)");
        report.Figure("raw broker per s", raw,
            $"raw RabbitMQ.Client baseline: {raw:N0} msg/s (persistent, confirms, durable queue, consumed and acked; {(small ? 2_000 : 100_000):N0} in {rawSpan.TotalSeconds:N2} s)");
        report.Figure("share of raw", system_ / raw, $"the system end to end is {system_ / raw:P1} of the raw broker (goal ≥ 25 %)");
        report.Plot = Plots.Bars(Path.Combine(plots, "ingestion.png"), "Seat changes end to end vs the broker's raw limit", "per second",
            [("raw RabbitMQ (baseline)", raw), ("accepted by Courses", acceptedRate), ("end to end into /matches", system_)]);

        int Shown(System.Text.Json.Nodes.JsonArray suggestions, int? seats = null) =>
            courses.Count(course => Freshness.SeatsOf(suggestions, course) is { } shown && (seats is null || shown == seats));
    }

    private static async Task WithdrawAsync(RunningSystem system, string provider, IEnumerable<Guid> courses)
    {
        foreach (var course in courses.Where(course => course != Guid.Empty))
            await system.WithdrawCourseAsync(course, provider);
    }
}

using System.Diagnostics;
using System.Text.Json.Nodes;
using Matching.Vocabulary;

namespace Load.Scenarios;

/// <summary>
/// (5) Placements: 1,000 placements requested at 100/s, each for a course and an opening, over 20 courses of 25 seats and
/// 20 openings of 20 positions (fewer places than requests, so some must be rejected). Each settles when it is reserved
/// or rejected; the settle time is read from the placement's own history (requested → reserved or rejected, the
/// service's clock). Then: no course holds more reserved placements than seats, no opening more than positions.
/// </summary>
public static class Placements
{
    public static async Task<Report> RunAsync(RunningSystem system, bool small, string plots)
    {
        var report = new Report("placements");
        var (places, seats, positions, requests, rate) = small ? (4, 2, 2, 20, 10.0) : (20, 25, 20, 1_000, 100.0);
        var provider = system.Address.ProviderIds[0];
        var courses = new Guid[places];
        var openings = new Guid[places];
        for (var i = 0; i < places; i++)
        {
            var at = new GeoPoint(Bodies.Spots.Placements.Lat + i * 0.0001, Bodies.Spots.Placements.Lon);
            courses[i] = await system.PublishCourseAsync(Bodies.Course(provider, at, seats, seats, "Lasttest: Vermittlung"), provider);
            var employer = system.Address.EmployerIds[i % system.Address.EmployerIds.Count];
            openings[i] = await system.PostOpeningAsync(Bodies.Opening(employer, at, positions), employer);
        }
        var person = Bodies.PersonAt(Bodies.Spots.Placements, "placements-probe");
        foreach (var course in courses)
            await Poll.UntilAsync(async () => await system.WhyNotAsync(person, courseId: course) is not null, TimeSpan.FromSeconds(60), "a course reaches Matching");
        foreach (var opening in openings)
            await Poll.UntilAsync(async () => await system.WhyNotAsync(person, openingId: opening) is not null, TimeSpan.FromSeconds(60), "an opening reaches Matching");

        var caseworkers = await system.CaseworkersAsync(connections: 50);
        var run = Guid.NewGuid().ToString("N")[..8];
        var ids = new Guid?[requests];
        var requested = report.Add(await OpenLoop.RunAsync($"POST /placements at {rate:N0}/s (202 answered)", rate, TimeSpan.FromSeconds(requests / rate), async i =>
        {
            var (id, _) = await system.RequestPlacementAsync(
                new { reference = $"load-{run}-{i}", courseId = courses[i % places], openingId = openings[i * 7 % places] }, caseworkers);
            ids[i] = id;
            return id is not null;
        }));

        var settle = new Latencies("requested → reserved or rejected (service clock)");
        var settled = new List<JsonObject>();
        var start = Stopwatch.GetTimestamp();
        foreach (var id in ids.OfType<Guid>())
        {
            JsonObject placement = null!;
            await Poll.UntilAsync(async () => (placement = await system.PlacementAsync(id, caseworkers))["state"]!.GetValue<string>() != "requested",
                TimeSpan.FromMinutes(2), $"placement {id} settles", TimeSpan.FromMilliseconds(20));
            settled.Add(placement);
            var history = placement["history"]!.AsArray();
            var at = (string state) => history.First(entry => entry!["state"]!.GetValue<string>() == state)!["at"]!.GetValue<DateTimeOffset>();
            var state = placement["state"]!.GetValue<string>();
            settle.Record(at(state is "rejected" ? "rejected" : "reserved") - at("requested"));
        }
        settle.Span = requested.Span + Stopwatch.GetElapsedTime(start);
        report.Add(settle);

        var reserved = settled.Where(placement => placement["state"]!.GetValue<string>() == "reserved").ToList();
        var overbooked =
            reserved.GroupBy(placement => placement["courseId"]!.GetValue<Guid>()).Sum(course => Math.Max(0, course.Count() - seats))
            + reserved.GroupBy(placement => placement["openingId"]!.GetValue<Guid>()).Sum(opening => Math.Max(0, opening.Count() - positions));
        report.Figure("reserved", reserved.Count, $"{reserved.Count:N0} reserved, {settled.Count - reserved.Count:N0} rejected, " +
            $"{requests - settled.Count:N0} refused at once, of {requests:N0} requested; {places * Math.Min(seats, positions):N0} could be placed");
        foreach (var reason in settled.Where(placement => placement["state"]!.GetValue<string>() == "rejected")
                     .GroupBy(placement => placement["reason"]?.GetValue<string>() ?? "none given").OrderByDescending(group => group.Count()))
            report.Line($"- rejected {reason.Count():N0}×: {reason.Key}");
        report.Figure("overbooked", overbooked, $"overbooked: {overbooked} (seats or positions reserved beyond what a course or opening has)");
        report.Line("");
        report.Table(requested, settle);
        report.Plot = Plots.Percentiles(Path.Combine(plots, "placements.png"),
            $"{requests:N0} placements at {rate:N0}/s: request and settle time", [requested, settle]);
        return report;
    }
}

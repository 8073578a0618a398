using System.Text.Json.Nodes;
using Matching.Contracts;
using Matching.Engine;
using Matching.Testing;
using Matching.Vocabulary;
using Microsoft.Extensions.DependencyInjection;

namespace Matching.Api.Tests.Reports;

/// <summary>
/// A generated Duisburg: in each of four districts, courses at every time of day for every level and with childcare —
/// but for two planted shortages: no evening course takes A2 people with children in Meiderich, and no morning course
/// takes people without German (level none) with children in Rheinhausen. Requests ask within 1 km, so each district's
/// people reach only their own district's courses.
/// </summary>
public static class Shortage
{
    public static readonly string[] Districts = ["Duisburg", "Hochfeld", "Meiderich", "Rheinhausen"];

    public static readonly Level[] Levels = [Level.None, Level.A1, Level.A2, Level.B1];

    public static readonly Schedule[] Schedules = [Schedule.Morning, Schedule.Afternoon, Schedule.Evening, Schedule.Weekend];

    public static readonly (string District, Level Level, bool Childcare, Schedule Schedule)[] Planted =
    [
        ("Meiderich", Level.A2, true, Schedule.Evening),
        ("Rheinhausen", Level.None, true, Schedule.Morning),
    ];

    /// <summary>Every course of the generated city.</summary>
    public static IReadOnlyList<CourseState> Courses()
    {
        var courses = new List<CourseState>();
        foreach (var district in Districts)
        foreach (var schedule in Schedules)
        {
            var at = Given.At(district);
            var course = Given.Course(at) with
            {
                Schedule = schedule, StartsOn = new DateOnly(2027, 2, 1), EndsOn = new DateOnly(2027, 7, 30), SeatsTotal = 20, SeatsFree = 10,
            };
            if ((district, schedule) == ("Meiderich", Schedule.Evening))
            {
                // A2 people find a course only if they need no childcare.
                courses.Add(course with { Id = Guid.NewGuid(), LevelFrom = Level.None, LevelTo = Level.A2, Childcare = true });
                courses.Add(course with { Id = Guid.NewGuid(), LevelFrom = Level.A2, LevelTo = Level.B1, Childcare = false });
                courses.Add(course with { Id = Guid.NewGuid(), LevelFrom = Level.B1, LevelTo = Level.C2, Childcare = true });
            }
            else if ((district, schedule) == ("Rheinhausen", Schedule.Morning))
            {
                // People without German find a course only if they need no childcare.
                courses.Add(course with { Id = Guid.NewGuid(), LevelFrom = Level.None, LevelTo = Level.A1, Childcare = false });
                courses.Add(course with { Id = Guid.NewGuid(), LevelFrom = Level.A1, LevelTo = Level.C2, Childcare = true });
            }
            else
            {
                courses.Add(course with { Id = Guid.NewGuid(), LevelFrom = Level.None, LevelTo = Level.C2, Childcare = true });
            }
        }
        return courses;
    }

    /// <summary><paramref name="count"/> requests spread at random (seeded) over the districts, levels, childcare needs and times of day.</summary>
    public static IReadOnlyList<Asked> Requests(int count, int seed = 13)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(i =>
        {
            var district = Districts[random.Next(Districts.Length)];
            // Within about 150 m of the district's centre: still nearer to it than to any other place.
            var centre = Given.At(district);
            var at = new GeoPoint(centre.Lat + (random.NextDouble() - 0.5) * 0.002, centre.Lon + (random.NextDouble() - 0.5) * 0.003);
            return new Asked($"gen-{seed}-{i}", district, at, Levels[random.Next(Levels.Length)], random.Next(2) == 0, Schedules[random.Next(Schedules.Length)]);
        }).ToList();
    }

    public static bool IsPlanted(Asked asked) => Planted.Contains((asked.District, asked.Level, asked.Childcare, asked.Schedule));

    /// <summary>Publishes the courses and waits until the catalog holds every one (without asking <c>/matches</c>, which would count).</summary>
    public static async Task PublishAsync(MatchingApp app, IReadOnlyList<CourseState> courses)
    {
        foreach (var course in courses) await app.PublishAsync(new CoursePublished(course));
        var catalog = app.Services.GetRequiredService<Catalog>();
        await Poll.UntilAsync(() => Task.FromResult(courses.All(course => catalog.FindCourse(course.Id) is not null)), TimeSpan.FromSeconds(60),
            () => "the catalog should hold every generated course");
    }

    /// <summary>Asks <c>/matches</c> for each person, a few at a time.</summary>
    public static async Task AskAsync(MatchingApp app, IEnumerable<Asked> people)
    {
        var client = app.AsCaseworker();
        await Parallel.ForEachAsync(people, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (asked, cancellationToken) =>
        {
            using var response = await client.PostAsync("/matches", new StringContent(asked.Query().ToJsonString(), System.Text.Encoding.UTF8, "application/json"),
                cancellationToken);
            Assert.True(response.IsSuccessStatusCode, $"/matches answered {(int)response.StatusCode}");
        });
    }
}

/// <summary>One generated person's request.</summary>
public sealed record Asked(string Reference, string District, GeoPoint At, Level Level, bool Childcare, Schedule Schedule)
{
    public JsonObject Query() => new()
    {
        ["reference"] = Reference,
        ["level"] = Level == Level.None ? "none" : Level.ToString(),
        ["location"] = new JsonObject { ["lat"] = At.Lat, ["lon"] = At.Lon },
        ["maxDistanceKm"] = 1,
        ["availableFrom"] = Given.Date(MatchingApp.Today),
        ["schedules"] = new JsonArray(Schedule.ToString().ToLowerInvariant()),
        ["needsChildcare"] = Childcare,
    };
}

using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Matching.Hosting.Security;
using Matching.Testing;
using Xunit.Abstractions;

namespace Matching.SystemTests;

/// <summary>
/// The whole system for the privacy tests: Courses on SQLite, Employers and Matching on PostgreSQL, over RabbitMQ in a
/// virtual host of this run, signed in at the real identity service. Placements that end are erased at once
/// (<c>Privacy:RetentionDays</c> 0, swept twice a second), as a year later in production.
/// </summary>
public sealed class PrivacySystem : IAsyncLifetime
{
    public const string Provider = "vhs-duisburg";

    public const string Employer = "rhein-logistik";

    private readonly RabbitMqVirtualHost vhost = RabbitMqVirtualHost.Create();

    public PrivacySystem()
    {
        Identity = new IdentityProcess([(Roles.Provider, Provider), (Roles.Employer, Employer)]);
        Courses = new ServiceProcess("services/Courses/Courses.Api", Settings(CoursesDb));
        Employers = new ServiceProcess("services/Employers/Employers.Api", Settings(EmployersDb));
        var matching = Settings(MatchingDb);
        matching["Privacy:RetentionDays"] = "0";
        matching["Privacy:SweepInterval"] = "00:00:00.5";
        Matching = new ServiceProcess("services/Matching/Matching.Api", matching);
    }

    public TestDatabase CoursesDb { get; } = TestDatabase.Sqlite();

    public TestDatabase EmployersDb { get; } = TestDatabase.Postgres();

    public TestDatabase MatchingDb { get; } = TestDatabase.Postgres();

    public IdentityProcess Identity { get; }

    public ServiceProcess Courses { get; }

    public ServiceProcess Employers { get; }

    public ServiceProcess Matching { get; }

    /// <summary>Every service's log so far, each line with the service it came from.</summary>
    public IEnumerable<string> LogLines() =>
        new[] { ("identity", Identity.Process), ("courses", Courses), ("employers", Employers), ("matching", Matching) }
            .SelectMany(service => service.Item2.Log.Split('\n').Select(line => $"{service.Item1}: {line}"));

    /// <summary>The rows of any table of any service's database that hold <paramref name="text"/>.</summary>
    public async Task<IReadOnlyList<string>> RowsHoldingAsync(string text) =>
        (await Task.WhenAll(new[] { CoursesDb, EmployersDb, MatchingDb }.Select(database => Stored.FindAsync(database, [text]))))
            .SelectMany(rows => rows).ToList();

    public Task<HttpClient> AsAsync(ServiceProcess service, string role, string? organisation = null) =>
        Identity.SignedInAsync(service, role, organisation);

    public async Task InitializeAsync()
    {
        await Identity.StartAsync();
        await Task.WhenAll(Courses.StartAsync(), Employers.StartAsync(), Matching.StartAsync());
    }

    public async Task DisposeAsync()
    {
        await Task.WhenAll(Courses.DisposeAsync().AsTask(), Employers.DisposeAsync().AsTask(), Matching.DisposeAsync().AsTask());
        await Identity.DisposeAsync();
        vhost.Dispose();
        CoursesDb.Dispose();
        EmployersDb.Dispose();
        MatchingDb.Dispose();
    }

    private Dictionary<string, string> Settings(TestDatabase database)
    {
        var settings = ServiceProcess.Settings(vhost, database);
        foreach (var (key, value) in Identity.ServiceSettings) settings[key] = value;
        return settings;
    }
}

/// <summary>
/// Personal data kept to the least, over real RabbitMQ: an erased person leaves nothing in any table of any service, ended
/// placements are erased by the retention sweep, and no log line of any service carries a pseudonym or a person's location.
/// </summary>
public sealed class KeepingPersonalDataToTheLeast(PrivacySystem system, ITestOutputHelper output) : IClassFixture<PrivacySystem>
{
    private static int nextOffer;

    [Fact]
    public async Task Erasing_a_person_should_leave_the_pseudonym_in_no_table_of_any_service_and_give_back_the_seats()
    {
        var (course, opening) = await OfferAsync();
        var other = (await OfferAsync()).Course;
        var reference = "erase-" + Guid.NewGuid().ToString("N");
        var pathway = await PlaceAsync(new { reference, courseId = course, openingId = opening });
        var alone = await PlaceAsync(new { reference, courseId = other });
        await WaitForAsync(pathway, "reserved");
        await WaitForAsync(alone, "reserved");
        await EventuallyAsync(async () => await SeatsFreeAsync(course) == 5 && await SeatsFreeAsync(other) == 5, "the seats are reserved at Courses");
        Assert.NotEmpty(await system.RowsHoldingAsync(reference));

        using var response = await (await Caseworker()).DeleteAsync($"/people/{reference}");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var erasure = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(2, (int)erasure["placements"]!);
        await EventuallyAsync(async () => (bool)(await (await Caseworker()).GetFromJsonAsync<JsonObject>(response.Headers.Location!.OriginalString))!["complete"]!,
            "Courses and Employers confirm the erasure");
        Assert.Empty(await system.RowsHoldingAsync(reference));
        Assert.Empty((await (await Caseworker()).GetFromJsonAsync<JsonArray>($"/placements?reference={reference}"))!);
        // The placements were reserved, not confirmed: what they held is free again.
        await EventuallyAsync(async () => await SeatsFreeAsync(course) == 6 && await SeatsFreeAsync(other) == 6 && await PositionsLeftAsync(opening) == 3,
            "the seats and the position are given back");
    }

    [Fact]
    public async Task A_placement_that_ended_should_be_erased_by_the_retention_sweep_in_every_service()
    {
        var (course, _) = await OfferAsync();
        var reference = "retained-" + Guid.NewGuid().ToString("N");
        var placement = await PlaceAsync(new { reference, courseId = course });
        await WaitForAsync(placement, "reserved");
        (await (await Caseworker()).PostAsync($"/placements/{placement}/cancel", null)).EnsureSuccessStatusCode();

        await EventuallyAsync(async () => (await (await Caseworker()).GetAsync($"/placements/{placement}")).StatusCode == HttpStatusCode.NotFound,
            "the sweep erases the cancelled placement");
        await EventuallyAsync(async () =>
        {
            await using var connection = await system.MatchingDb.Db.OpenAsync();
            return await connection.ExecuteScalarAsync<long>("""
                select count(*) from erasures
                where cause = 'Retention' and courses_confirmed_at is not null and employers_confirmed_at is not null
                """) > 0;
        }, "Courses and Employers confirm the retention's erasure");
        Assert.Empty(await system.RowsHoldingAsync(reference));
        await EventuallyAsync(async () => await SeatsFreeAsync(course) == 6, "the cancelled placement's seat is free again");
    }

    [Fact]
    public async Task A_day_of_requests_should_leave_no_pseudonym_and_no_location_of_a_person_in_any_log()
    {
        var (course, opening) = await OfferAsync();
        var run = Guid.NewGuid().ToString("N")[..8];
        var people = Enumerable.Range(0, 20).Select(i => (
            Reference: $"log-{run}-{i}",
            Lat: (51.4312345 + i * 0.0000011).ToString("0.0000000", CultureInfo.InvariantCulture),
            Lon: (6.7512345 + i * 0.0000013).ToString("0.0000000", CultureInfo.InvariantCulture))).ToList();
        var caseworker = await Caseworker();
        var coordinator = await system.AsAsync(system.Matching, Roles.Coordinator);

        foreach (var (person, i) in people.Select((person, i) => (person, i)))
        {
            var query = JsonNode.Parse($$"""
                { "reference": "{{person.Reference}}", "level": "A2", "location": { "lat": {{person.Lat}}, "lon": {{person.Lon}} },
                  "schedules": ["evening"], "needsChildcare": true, "maxDistanceKm": 20 }
                """)!;
            (await caseworker.PostAsJsonAsync("/matches", query)).EnsureSuccessStatusCode();
            // Bad input names the field, never the value.
            query["level"] = "Z9";
            Assert.Equal(HttpStatusCode.BadRequest, (await caseworker.PostAsJsonAsync("/matches", query)).StatusCode);
            var placement = await PlaceAsync(i % 2 == 0 ? new { reference = person.Reference, courseId = course, openingId = (string?)opening } : new { reference = person.Reference, courseId = course, openingId = (string?)null });
            await caseworker.GetAsync($"/placements?reference={Uri.EscapeDataString(person.Reference)}");
            await WaitForAsync(placement, "reserved", "rejected", "erased");
            if (i % 3 == 0) await caseworker.PostAsync($"/placements/{placement}/confirm", null);
            else if (i % 3 == 1) await caseworker.PostAsync($"/placements/{placement}/cancel", null);
            else
            {
                using var erased = await caseworker.DeleteAsync($"/people/{Uri.EscapeDataString(person.Reference)}");
                Assert.True(erased.StatusCode == HttpStatusCode.Accepted,
                    $"DELETE /people answered {(int)erased.StatusCode}: {await erased.Content.ReadAsStringAsync()}\n--- matching log ---\n{system.Matching.Log}");
            }
        }
        foreach (var report in new[] { "demand", "supply", "agreements", "placements", "fairness" })
            (await coordinator.GetAsync($"/reports/{report}?format=csv")).EnsureSuccessStatusCode();
        // Every person's placements erased (by the caseworker or the sweep), and what that set off over the bus done.
        await EventuallyAsync(async () => (await Task.WhenAll(people.Select(person => system.RowsHoldingAsync(person.Reference)))).All(rows => rows.Count == 0),
            "every person's placements are erased");

        var lines = system.LogLines().ToList();
        output.WriteLine($"{lines.Count} log lines searched");
        Assert.Contains(lines, line => line.Contains("HTTP DELETE /people/{reference} responded 202", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.StartsWith("courses: ", StringComparison.Ordinal) && line.Contains("Erasure", StringComparison.Ordinal));
        var hits = lines.Where(line => people.Any(person =>
            line.Contains(person.Reference, StringComparison.Ordinal) || line.Contains(person.Lat, StringComparison.Ordinal) || line.Contains(person.Lon, StringComparison.Ordinal)))
            .ToList();
        Assert.True(hits.Count == 0, $"{hits.Count} log lines carry a pseudonym or a location:\n{string.Join('\n', hits.Take(20))}");
    }

    /// <summary>A course (6 of 20 seats free) in Hochfeld and an opening (3 positions) in Rheinhausen, once the Matching service suggests them.</summary>
    private async Task<(string Course, string Opening)> OfferAsync()
    {
        var occupation = (9300 + Interlocked.Increment(ref nextOffer)).ToString(CultureInfo.InvariantCulture);
        var course = await CreateAsync(await system.AsAsync(system.Courses, Roles.Provider, PrivacySystem.Provider), "/courses", new
        {
            providerId = PrivacySystem.Provider, title = "Integrationskurs (abends)", kind = "integration", levelFrom = "A1", levelTo = "B1",
            location = new { place = "Hochfeld" }, online = false, startsOn = "2027-02-01", endsOn = "2027-06-30",
            hoursPerWeek = 20, schedule = "morning", childcare = false, seatsTotal = 20, seatsFree = 6,
        });
        var opening = await CreateAsync(await system.AsAsync(system.Employers, Roles.Employer, PrivacySystem.Employer), "/openings", new
        {
            employerId = PrivacySystem.Employer, title = "Lagerhelfer/in", occupation, location = new { place = "Rheinhausen" },
            minLevel = "A2", positions = 3, startsOn = "2027-08-01", hoursPerWeek = 38, languageSupport = true,
        });
        await EventuallyAsync(async () =>
        {
            using var response = await (await Caseworker()).PostAsJsonAsync("/matches", new
            {
                reference = "probe", level = "A2", location = new { place = "Hochfeld" }, availableFrom = "2027-01-04",
                occupations = new[] { occupation }, limit = 500,
            });
            var suggestions = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["suggestions"]!.AsArray();
            return suggestions.Any(s => (string?)s!["course"]?["id"] == course) && suggestions.Any(s => (string?)s!["opening"]?["id"] == opening);
        }, "the course and the opening are suggested");
        return (course, opening);
    }

    private Task<HttpClient> Caseworker() => system.AsAsync(system.Matching, Roles.Caseworker);

    private async Task<string> PlaceAsync(object placement)
    {
        using var response = await (await Caseworker()).PostAsJsonAsync("/placements", placement);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"POST /placements answered {(int)response.StatusCode}: {text}");
        return (string)JsonNode.Parse(text)!["id"]!;
    }

    /// <summary>Waits until the placement is in one of <paramref name="states"/>; <c>erased</c>: gone (the sweep erases what ended at once).</summary>
    private async Task WaitForAsync(string placement, params string[] states) =>
        await EventuallyAsync(async () =>
        {
            using var response = await (await Caseworker()).GetAsync($"/placements/{placement}");
            if (response.StatusCode == HttpStatusCode.NotFound) return Array.IndexOf(states, "erased") >= 0;
            response.EnsureSuccessStatusCode();
            return Array.IndexOf(states, (string?)(await response.Content.ReadFromJsonAsync<JsonObject>())!["state"]) >= 0;
        }, $"placement {placement} is {string.Join(" or ", states)}");

    private async Task<int> SeatsFreeAsync(string course) =>
        (int)(await (await system.AsAsync(system.Courses, Roles.Provider, PrivacySystem.Provider)).GetFromJsonAsync<JsonObject>($"/courses/{course}"))!["seatsFree"]!;

    private async Task<int> PositionsLeftAsync(string opening) =>
        (int)(await (await system.AsAsync(system.Employers, Roles.Employer, PrivacySystem.Employer)).GetFromJsonAsync<JsonObject>($"/openings/{opening}"))!["positionsLeft"]!;

    private static async Task<string> CreateAsync(HttpClient client, string path, object body)
    {
        using var response = await client.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST {path} answered {(int)response.StatusCode}: {text}");
        return (string)JsonNode.Parse(text)!["id"]!;
    }

    private Task EventuallyAsync(Func<Task<bool>> condition, string what) =>
        Poll.UntilAsync(condition, TimeSpan.FromSeconds(90), () => $"{what}\n--- matching log ---\n{system.Matching.Log}");
}

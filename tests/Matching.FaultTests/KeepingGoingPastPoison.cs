using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Matching.Contracts;
using Matching.Hosting.Messaging;
using Matching.Testing;
using Matching.Vocabulary;
using RabbitMQ.Client;

namespace Matching.FaultTests;

/// <summary>
/// Poison of every kind the services meet: an event whose content is invalid, a stored row that cannot be loaded, an
/// outbox row that cannot be relayed, and a replica starting while events are in flight. None of them stops a service,
/// blocks what comes after it, or is silently lost.
/// </summary>
public sealed class KeepingGoingPastPoison(RunningSystem system) : IClassFixture<RunningSystem>
{
    private const string MassTransitJson = "application/vnd.masstransit+json";
    private static readonly GeoPoint Hochfeld = Gazetteer.Germany.Find("Hochfeld")!.Value;

    [Fact]
    public async Task Invalid_events_should_go_to_the_error_queue_at_once_and_leave_nothing_stored()
    {
        var course = await PublishCourseAsync("frozen by a version");
        await system.EventuallyAsync(async () => (await RunningSystem.VersionsAsync(system.MatchingDb, "courses")).ContainsKey(course),
            "the course is projected", TimeSpan.FromSeconds(60));
        var opening = new OpeningState(Guid.NewGuid(), 1, null!, "Lagerhelfer/in", "9333", Hochfeld.Lat, Hochfeld.Lon, Level.B1, 3, 3,
            new DateOnly(2027, 8, 1), 38, true, false);
        var agreement = new AgreementState(Guid.NewGuid(), 1, "poison-test", null!, Level.A2, 10, 10,
            new DateOnly(2027, 1, 1), new DateOnly(2027, 12, 31), null);
        var frozen = new CourseState(course, long.MaxValue, "poison-test", "frozen by a version", CourseKind.Integration, Level.None, Level.A1,
            Hochfeld.Lat, Hochfeld.Lon, false, new DateOnly(2027, 2, 1), new DateOnly(2027, 7, 31), 25, Schedule.Morning, false, 25, 25, false);

        await PublishAsync(new OpeningPosted(opening));
        await PublishAsync(new AgreementSigned(agreement));
        await PublishAsync(new CourseSeatsChanged(frozen));

        foreach (var (queue, type) in new[]
        {
            ("matching-opening-projection_error", nameof(OpeningPosted)),
            ("matching-agreement-projection_error", nameof(AgreementSigned)),
            ("matching-course-projection_error", nameof(CourseSeatsChanged)),
        })
        {
            var headers = await TakeFaultAsync(queue);
            Assert.Equal(typeof(InvalidMessageException).FullName, Header(headers, "MT-Fault-ExceptionType"));
            Assert.EndsWith(type, Header(headers, "MT-Fault-MessageType"));
            // Retried messages carry how often they were tried; one refused at once carries no count, or 0.
            Assert.True(Header(headers, "MT-Fault-RetryCount") is null or "0", $"{type} was retried {Header(headers, "MT-Fault-RetryCount")} times");
        }

        Assert.False((await RunningSystem.VersionsAsync(system.MatchingDb, "openings")).ContainsKey(opening.Id), "the opening without an employer is stored");
        Assert.False((await RunningSystem.VersionsAsync(system.MatchingDb, "agreements")).ContainsKey(agreement.Id), "the agreement without occupations is stored");
        Assert.Equal(1, (await RunningSystem.VersionsAsync(system.MatchingDb, "courses"))[course]);

        using (var provider = await system.AsAsync(system.Courses, "provider", "poison-test"))
        using (var seats = await provider.PutAsJsonAsync($"/courses/{course}/seats", new { seatsFree = 7 })) seats.EnsureSuccessStatusCode();
        await system.EventuallyAsync(async () => (await RunningSystem.VersionsAsync(system.MatchingDb, "courses"))[course] == 2,
            "the course's next real version is projected", TimeSpan.FromSeconds(60));
        using var ready = await system.Matching.Client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    [Fact]
    public async Task A_stored_row_that_cannot_be_loaded_should_be_skipped_when_Matching_restarts()
    {
        var course = await PublishCourseAsync("loaded past bad rows");
        await system.EventuallyAsync(async () => (await RunningSystem.VersionsAsync(system.MatchingDb, "courses")).ContainsKey(course),
            "the course is projected", TimeSpan.FromSeconds(60));

        system.Matching.Kill();
        await using (var connection = await system.MatchingDb.Db.OpenAsync())
        {
            const string Insert = "insert into {0} (id, version, state) values (@id, @version, @state)";
            await connection.ExecuteAsync(string.Format(Insert, "courses"), new { id = Guid.NewGuid(), version = 1L, state = "not JSON at all" });
            await connection.ExecuteAsync(string.Format(Insert, "openings"), new { id = Guid.NewGuid(), version = 1L, state = """{"id": "0190f000-0000-7000-8000-000000000001", "version": 1, "employerId": null}""" });
            await connection.ExecuteAsync(string.Format(Insert, "agreements"), new { id = Guid.NewGuid(), version = 1L, state = "{}" });
        }
        await system.Matching.StartAsync();

        using var ready = await system.Matching.Client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        using var caseworker = await system.AsAsync(system.Matching, "caseworker");
        using var matches = await caseworker.PostAsJsonAsync("/matches", new
        {
            reference = "fault-test", level = "none", location = new { place = "Hochfeld" }, maxDistanceKm = 10, availableFrom = "2027-01-01", limit = 500,
        });
        Assert.Equal(HttpStatusCode.OK, matches.StatusCode);
        var suggested = JsonNode.Parse(await matches.Content.ReadAsStringAsync())!["suggestions"]!.AsArray();
        Assert.Contains(suggested, s => (Guid?)s!["course"]?["id"] == course);
    }

    [Fact]
    public async Task An_outbox_row_that_cannot_be_relayed_should_be_parked_and_the_rows_after_it_relayed()
    {
        var now = DateTimeOffset.UtcNow;
        var unknown = await WriteOutboxAsync("Matching.Contracts.CourseRenamed", "{}", now.AddMinutes(-2));
        var unreadable = await WriteOutboxAsync(typeof(CoursePublished).FullName!, """{"course": {"id": 42}}""", now.AddMinutes(-1));

        var after = new List<Guid>();
        for (var i = 0; i < 3; i++) after.Add(await PublishCourseAsync($"after a parked row {i}"));

        await system.EventuallyAsync(async () =>
        {
            var projected = await RunningSystem.VersionsAsync(system.MatchingDb, "courses");
            return after.All(projected.ContainsKey);
        }, "the courses published after the bad outbox rows are projected", TimeSpan.FromSeconds(60));
        JsonObject outbox = [];
        await system.EventuallyAsync(async () =>
        {
            using var admin = await system.AsAsync(system.Courses, "admin");
            outbox = (await admin.GetFromJsonAsync<JsonObject>("/admin/outbox"))!;
            return (long?)outbox["unsent"] == 0;
        }, "GET /admin/outbox on Courses shows nothing unsent", TimeSpan.FromSeconds(60));
        var parked = outbox["parked"]!.AsArray();
        foreach (var id in new[] { unknown, unreadable })
        {
            var row = Assert.Single(parked, row => (Guid?)row!["id"] == id)!;
            Assert.False(string.IsNullOrWhiteSpace((string?)row["error"]), $"{outbox}");
            Assert.NotNull((string?)row["messageType"]);
            Assert.NotNull((DateTimeOffset?)row["createdAt"]);
        }
    }

    [Fact]
    public async Task A_replica_started_while_seats_change_should_follow_every_change()
    {
        var courses = new List<Guid>();
        for (var i = 0; i < 60; i++) courses.Add(await PublishCourseAsync($"changing while a replica starts {i}"));
        await system.EventuallyAsync(async () =>
        {
            var projected = await RunningSystem.VersionsAsync(system.MatchingDb, "courses");
            return courses.All(projected.ContainsKey);
        }, "the courses are projected", TimeSpan.FromSeconds(60));

        // The second replica starts while seats keep changing, and the changing stops as soon as it is ready: what it
        // shows must then be what Courses holds, though part of the changes were taken from the shared queues by the
        // first replica before the second one's feed was bound.
        await using var replica = new ServiceProcess("services/Matching/Matching.Api", system.MatchingReplicaSettings());
        using var stop = new CancellationTokenSource();
        var writers = Enumerable.Range(0, 4).Select(writer => Task.Run(async () =>
        {
            var mine = new Random(writer);
            while (!stop.IsCancellationRequested)
            {
                var course = courses[mine.Next(courses.Count)];
                using var provider = await system.AsAsync(system.Courses, "provider", "poison-test");
                using var response = await provider.PutAsJsonAsync($"/courses/{course}/seats", new { seatsFree = mine.Next(26) });
                response.EnsureSuccessStatusCode();
            }
        })).ToArray();
        try { await replica.StartAsync(); }
        finally
        {
            stop.Cancel();
            await Task.WhenAll(writers);
        }

        var truth = await system.CoursesStoredAsync();
        var expected = truth.Values.Where(c => !c.Withdrawn && c.SeatsFree > 0).ToDictionary(c => c.Id, c => c.SeatsFree);
        Dictionary<Guid, int> shown = [];
        // What another replica was still storing when this one loaded comes with its catch-up load, half a minute later.
        await system.EventuallyAsync(async () =>
        {
            shown = await CoursesShownAsync(replica);
            return expected.Count == shown.Count && expected.All(c => shown.GetValueOrDefault(c.Key) == c.Value);
        }, "the new replica shows every course's free seats as Courses holds them", TimeSpan.FromSeconds(90));
    }

    private async Task<Dictionary<Guid, int>> CoursesShownAsync(ServiceProcess matching)
    {
        using var caseworker = await system.AsAsync(matching, "caseworker");
        using var response = await caseworker.PostAsJsonAsync("/matches", new
        {
            reference = "fault-test", level = "none", location = new { place = "Hochfeld" }, maxDistanceKm = 10, availableFrom = "2027-01-01", limit = 500,
        });
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["suggestions"]!.AsArray()
            .Where(s => s!["course"] is not null)
            .Select(s => s!["course"]!)
            .ToDictionary(c => Guid.Parse((string)c["id"]!), c => (int)c["seatsFree"]!);
    }

    /// <summary>Publishes on the event's exchange, as MassTransit would: every queue bound to it gets it, the replica's feed included.</summary>
    private async Task PublishAsync<T>(T message) where T : class
    {
        var envelope = new JsonObject
        {
            ["messageId"] = Guid.NewGuid().ToString(),
            ["messageType"] = new JsonArray($"urn:message:{typeof(T).Namespace}:{typeof(T).Name}"),
            ["message"] = JsonSerializer.SerializeToNode(message, MessageJson.Options),
        };
        await using var connection = await system.ConnectToBrokerAsync();
        await using var channel = await connection.CreateChannelAsync();
        var properties = new BasicProperties { ContentType = MassTransitJson, Persistent = true, MessageId = (string)envelope["messageId"]! };
        await channel.BasicPublishAsync($"{typeof(T).Namespace}:{typeof(T).Name}", "", mandatory: true, properties,
            Encoding.UTF8.GetBytes(envelope.ToJsonString()));
    }

    /// <summary>Takes the one message an error queue holds, and returns its headers.</summary>
    private async Task<IDictionary<string, object?>> TakeFaultAsync(string errorQueue)
    {
        // The broker's own count, since the error queue exists only from its first message on.
        await system.EventuallyAsync(async () =>
        {
            using var admin = await system.AsAsync(system.Matching, "admin");
            var counts = await admin.GetFromJsonAsync<Dictionary<string, uint>>("/admin/errors");
            return counts!.GetValueOrDefault(errorQueue) == 1;
        }, $"one message in {errorQueue}", TimeSpan.FromSeconds(60));
        await using var connection = await system.ConnectToBrokerAsync();
        await using var channel = await connection.CreateChannelAsync();
        var fault = await channel.BasicGetAsync(errorQueue, autoAck: true);
        Assert.NotNull(fault);
        return fault.BasicProperties.Headers ?? new Dictionary<string, object?>();
    }

    private static string? Header(IDictionary<string, object?> headers, string name) => (headers.TryGetValue(name, out var value) ? value : null) switch
    {
        null => null,
        byte[] text => Encoding.UTF8.GetString(text),
        var other => Convert.ToString(other, System.Globalization.CultureInfo.InvariantCulture),
    };

    private async Task<Guid> WriteOutboxAsync(string messageType, string body, DateTimeOffset createdAt)
    {
        var id = Guid.CreateVersion7();
        await using var connection = await system.CoursesDb.Db.OpenAsync();
        await connection.ExecuteAsync("""
            insert into outbox_messages (id, message_type, body, correlation_id, created_at)
            values (@id, @messageType, @body, null, @createdAt)
            """, new { id, messageType, body, createdAt });
        return id;
    }

    private async Task<Guid> PublishCourseAsync(string title)
    {
        using var provider = await system.AsAsync(system.Courses, "provider", "poison-test");
        using var response = await provider.PostAsJsonAsync("/courses", new
        {
            providerId = "poison-test", title, kind = "integration", levelFrom = "none", levelTo = "A1",
            location = new { place = "Hochfeld" }, online = false, startsOn = "2027-02-01", endsOn = "2027-07-31",
            hoursPerWeek = 25, schedule = "morning", childcare = false, seatsTotal = 25, seatsFree = 25,
        });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST /courses answered {(int)response.StatusCode}: {body}");
        return Guid.Parse((string)JsonNode.Parse(body)!["id"]!);
    }
}

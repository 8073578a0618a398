using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Matching.Contracts;
using Matching.Hosting.Messaging;
using Matching.Vocabulary;
using RabbitMQ.Client;

namespace Matching.FaultTests;

/// <summary>Messages that are no valid contract go to the error queue; the consumer goes on, and the error queue can be replayed.</summary>
public sealed class SurvivingPoisonMessages(RunningSystem system) : IClassFixture<RunningSystem>
{
    private const string CourseQueue = "matching-course-projection";
    private const string OpeningQueue = "matching-opening-projection";
    private const string MassTransitJson = "application/vnd.masstransit+json";

    [Fact]
    public async Task Messages_that_are_no_contract_should_go_to_the_error_queue_and_the_valid_ones_after_them_still_be_projected()
    {
        var poison = new (string? ContentType, string Body)[]
        {
            (null, "not JSON at all"),
            ("application/json", """{"course": {"id": 42}}"""),
            (MassTransitJson, """{"messageType": ["urn:message:Matching.Contracts:CourseSeatsChanged"], "message": {"course": {"id": "not-a-guid"}}}"""),
            (MassTransitJson, """{"messageType": ["urn:message:Matching.Contracts:CourseSeatsChanged"], "message": {"course": null}}"""),
            (MassTransitJson, """{"messageType": ["urn:message:Matching.Contracts:CourseSeatsChanged"], "message": {"course": {"id": "0190f000-0000-7000-8000-000000000001", "version": 1, "seatsFree": -5, "kind": "unknown-kind"}}}"""),
            (MassTransitJson, "{\"messageType\": [\"urn:message:Matching.Contracts:CourseSeatsChanged\"], \"message\": " + new string('[', 500) + new string(']', 500) + "}"),
        };
        await using (var connection = await system.ConnectToBrokerAsync())
        await using (var channel = await connection.CreateChannelAsync())
        {
            foreach (var (contentType, body) in poison)
            {
                var properties = new BasicProperties { ContentType = contentType, Persistent = true, MessageId = Guid.NewGuid().ToString() };
                await channel.BasicPublishAsync("", CourseQueue, mandatory: true, properties, Encoding.UTF8.GetBytes(body));
            }
        }

        var courses = new List<string>();
        for (var i = 0; i < 20; i++) courses.Add(await PublishCourseAsync($"after poison {i}"));

        await system.EventuallyAsync(async () =>
        {
            var projected = await system.CoursesProjectedAsync();
            return courses.All(id => projected.ContainsKey(Guid.Parse(id)));
        }, "the 20 courses published after the poison messages are projected", TimeSpan.FromSeconds(60));
        // The last poison messages are retried first (they fail in the consumer, not while being read): up to ~6 s.
        await system.EventuallyAsync(async () => await ErrorsAsync($"{CourseQueue}_error") == poison.Length,
            $"all {poison.Length} poison messages are in {CourseQueue}_error", TimeSpan.FromSeconds(30));

        using var ready = await system.Matching.Client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var after = await PublishCourseAsync("after the error queue filled");
        await system.EventuallyAsync(async () => (await system.CoursesProjectedAsync()).ContainsKey(Guid.Parse(after)),
            "a course published afterwards is projected", TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task Replaying_the_error_queues_should_deliver_a_failed_message_once_its_cause_is_fixed()
    {
        var opening = await PostOpeningAsync();
        await system.EventuallyAsync(async () => (await RunningSystem.VersionsAsync(system.MatchingDb, "openings")).ContainsKey(opening.Id),
            "the opening is projected", TimeSpan.FromSeconds(60));

        // What MassTransit leaves behind when a consumer gave up on a valid message (say, its database was down):
        // the message, as sent, in the error queue.
        var changed = new OpeningPositionsChanged(opening with { Version = 2, PositionsLeft = 1 });
        var envelope = new JsonObject
        {
            ["messageId"] = Guid.NewGuid().ToString(),
            ["messageType"] = new JsonArray($"urn:message:{typeof(OpeningPositionsChanged).Namespace}:{nameof(OpeningPositionsChanged)}"),
            ["message"] = JsonSerializer.SerializeToNode(changed, MessageJson.Options),
        };
        await using (var connection = await system.ConnectToBrokerAsync())
        await using (var channel = await connection.CreateChannelAsync())
        {
            await channel.QueueDeclareAsync($"{OpeningQueue}_error", durable: true, exclusive: false, autoDelete: false);
            var properties = new BasicProperties
            {
                ContentType = MassTransitJson, Persistent = true, MessageId = (string)envelope["messageId"]!,
                Headers = new Dictionary<string, object?> { ["MT-Reason"] = "fault", ["MT-Fault-Message"] = "database unreachable" },
            };
            await channel.BasicPublishAsync("", $"{OpeningQueue}_error", mandatory: true, properties, Encoding.UTF8.GetBytes(envelope.ToJsonString()));
        }

        await system.EventuallyAsync(async () => await ErrorsAsync($"{OpeningQueue}_error") == 1,
            "GET /admin/errors counts the failed message", TimeSpan.FromSeconds(60));

        using var admin = await system.AsAsync(system.Matching, "admin");
        using var replay = await admin.PostAsync("/admin/errors/replay", null);
        var moved = JsonNode.Parse(await replay.Content.ReadAsStringAsync())!;
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.True((int)moved["moved"]! >= 1, $"moved: {moved}");

        await system.EventuallyAsync(async () => (await RunningSystem.VersionsAsync(system.MatchingDb, "openings"))[opening.Id] == 2,
            "the replayed message is projected", TimeSpan.FromSeconds(60));
        Assert.Equal(0u, await ErrorsAsync($"{OpeningQueue}_error"));
    }

    private async Task<uint> ErrorsAsync(string errorQueue)
    {
        using var admin = await system.AsAsync(system.Matching, "admin");
        var counts = await admin.GetFromJsonAsync<Dictionary<string, uint>>("/admin/errors");
        return counts!.GetValueOrDefault(errorQueue);
    }

    private async Task<string> PublishCourseAsync(string title)
    {
        using var provider = await system.AsAsync(system.Courses, "provider", "poison-test");
        using var response = await provider.PostAsJsonAsync("/courses", new
        {
            providerId = "poison-test", title, kind = "integration", levelFrom = "none", levelTo = "B1",
            location = new { place = "Hochfeld" }, online = false, startsOn = "2027-01-11", endsOn = "2027-06-30",
            hoursPerWeek = 25, schedule = "morning", childcare = true, seatsTotal = 20, seatsFree = 6,
        });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST /courses answered {(int)response.StatusCode}: {body}");
        return (string)JsonNode.Parse(body)!["id"]!;
    }

    private async Task<OpeningState> PostOpeningAsync()
    {
        using var employer = await system.AsAsync(system.Employers, "employer", "poison-test");
        using var response = await employer.PostAsJsonAsync("/openings", new
        {
            employerId = "poison-test", title = "Lagerhelfer/in", occupation = "9333", location = new { lat = 51.40055, lon = 6.71187 },
            minLevel = "B1", positions = 3, startsOn = "2027-08-01", hoursPerWeek = 38, languageSupport = true,
        });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST /openings answered {(int)response.StatusCode}: {body}");
        var id = Guid.Parse((string)JsonNode.Parse(body)!["id"]!);
        return new OpeningState(id, 1, "poison-test", "Lagerhelfer/in", "9333", 51.40055, 6.71187, Level.B1, 3, 3,
            new DateOnly(2027, 8, 1), 38, true, false);
    }
}

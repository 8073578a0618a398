using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Matching.Contracts;
using Matching.Hosting.Messaging;
using Matching.Testing;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Matching.Api.Tests;

// One outbox row the relay cannot publish (its type unknown after a rollback, its body unreadable) is parked with the
// reason, and the rows after it are relayed as usual; GET /admin/outbox shows what is parked and what still waits.
public sealed class ParkingOutboxRows(MatchingApp app) : IClassFixture<MatchingApp>
{
    [Fact]
    public async Task Rows_that_cannot_be_relayed_are_parked_and_the_rows_after_them_are_relayed()
    {
        app.CreateClient().Dispose(); // started: its database migrated, its relay running
        var now = DateTimeOffset.UtcNow;
        var unknownType = await WriteAsync("Matching.Contracts.SeatLent", "{}", now.AddMinutes(-3));
        var notJson = await WriteAsync(typeof(ReserveSeat).FullName!, "not JSON at all", now.AddMinutes(-2));
        var nullBody = await WriteAsync(typeof(ReserveSeat).FullName!, "null", now.AddMinutes(-2));
        var wrongShape = await WriteAsync(typeof(ReserveSeat).FullName!, """{"placementId": 42}""", now.AddMinutes(-1));
        var seats = Enumerable.Range(0, 3).Select(_ => new ReserveSeat(Guid.NewGuid(), Guid.NewGuid())).ToList();
        var good = new List<Guid>();
        foreach (var seat in seats) good.Add(await WriteAsync(typeof(ReserveSeat).FullName!, JsonSerializer.Serialize(seat, MessageJson.Options), now));

        await Poll.UntilAsync(() =>
        {
            using var publishedSoFar = new CancellationTokenSource();
            publishedSoFar.Cancel();
            var published = app.Services.GetTestHarness().Published.Select<ReserveSeat>(publishedSoFar.Token)
                .Select(message => message.Context.MessageId).ToHashSet();
            return Task.FromResult(good.All(id => published.Contains(id)));
        }, TimeSpan.FromSeconds(30), () => "the rows after the bad ones should be relayed");

        var outbox = await OutboxAsync(answer => (int?)answer["unsent"] == 0);
        var parked = outbox["parked"]!.AsArray();
        foreach (var id in new[] { unknownType, notJson, nullBody, wrongShape })
        {
            var row = Assert.Single(parked, row => (Guid?)row!["id"] == id)!;
            Assert.False(string.IsNullOrWhiteSpace((string?)row["error"]), $"parked row {id} should say why");
            Assert.NotNull((DateTimeOffset?)row["createdAt"]);
        }
        Assert.Equal("Matching.Contracts.SeatLent", (string?)parked.Single(row => (Guid?)row!["id"] == unknownType)!["messageType"]);
        Assert.DoesNotContain(parked, row => good.Contains((Guid)row!["id"]!));
    }

    private async Task<Guid> WriteAsync(string messageType, string body, DateTimeOffset createdAt)
    {
        var id = Guid.CreateVersion7();
        await using var connection = await app.Database.Db.OpenAsync();
        await connection.ExecuteAsync("""
            insert into outbox_messages (id, message_type, body, correlation_id, created_at)
            values (@id, @messageType, @body, null, @createdAt)
            """, new { id, messageType, body, createdAt });
        return id;
    }

    private async Task<JsonObject> OutboxAsync(Func<JsonObject, bool> condition)
    {
        JsonObject answer = [];
        await Poll.UntilAsync(async () =>
        {
            using var response = await app.AsAdmin().GetAsync("/admin/outbox");
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET /admin/outbox answered {(int)response.StatusCode}: {body}");
            answer = JsonNode.Parse(body)!.AsObject();
            return condition(answer);
        }, TimeSpan.FromSeconds(30), () => $"GET /admin/outbox should show nothing unsent; it answered {answer.ToJsonString()}");
        return answer;
    }
}

using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Xunit;

namespace Matching.Testing;

/// <summary>
/// A provider's booking system at the Courses service: publishes courses, then keeps changing their free seats from
/// several writers at once, repeating a request while the service is down or another writer changed the same course
/// meanwhile (any other 4xx or 5xx fails the test). The fault
/// tests break things underneath the stream and then compare what the Courses database holds with the Matching projection.
/// </summary>
/// <param name="provider">A client of the Courses service signed in as the provider.</param>
public sealed class SeatChanges(Func<Task<HttpClient>> provider)
{
    public const int SeatsTotal = 25;

    private int completed;
    private int retries;
    private int conflicts;

    /// <summary>Changes the Courses service has accepted (answered 2xx).</summary>
    public int Completed => Volatile.Read(ref completed);

    /// <summary>Attempts that found the service down and were repeated.</summary>
    public int Retries => Volatile.Read(ref retries);

    /// <summary>Attempts that met another writer's change of the same course (409, where the database lets writes overlap) and were repeated.</summary>
    public int Conflicts => Volatile.Read(ref conflicts);

    /// <summary>Publishes <paramref name="count"/> courses of <paramref name="providerId"/> with all seats free; returns their ids in order.</summary>
    public async Task<Guid[]> PublishCoursesAsync(int count, string providerId, int writers)
    {
        var ids = new ConcurrentBag<Guid>();
        using var client = await provider();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = writers }, async (i, _) =>
        {
            using var response = await client.PostAsJsonAsync("/courses", new
            {
                providerId, title = $"Integrationskurs {i}", kind = "integration", levelFrom = "none", levelTo = "A1",
                location = new { place = "Hochfeld" }, online = false, startsOn = "2027-02-01", endsOn = "2027-07-31",
                hoursPerWeek = 25, schedule = "morning", childcare = false, seatsTotal = SeatsTotal, seatsFree = SeatsTotal,
            });
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST /courses answered {(int)response.StatusCode}: {body}");
            ids.Add(Guid.Parse((string)JsonNode.Parse(body)!["id"]!));
        });
        return [.. ids.Order()];
    }

    /// <summary>A reproducible stream of changes: a course of <paramref name="ids"/> and its new free seats, <paramref name="count"/> times.</summary>
    public static (Guid Id, int SeatsFree)[] Random(Guid[] ids, int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => (ids[random.Next(ids.Length)], random.Next(SeatsTotal + 1))).ToArray();
    }

    /// <summary>Makes the changes in order of taking, <paramref name="writers"/> at a time, until the changes run out or
    /// <paramref name="enough"/> (asked with the number of the next change) says to stop.</summary>
    public Task WriteAsync((Guid Id, int SeatsFree)[] changes, int writers, Func<int, bool>? enough = null)
    {
        var next = -1;
        return Task.WhenAll(Enumerable.Range(0, writers).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Increment(ref next) is var i && i < changes.Length && !(enough?.Invoke(i) ?? false))
                await ChangeAsync(changes[i].Id, changes[i].SeatsFree);
        })));
    }

    /// <summary>Waits until the Courses service has accepted <paramref name="count"/> changes.</summary>
    public async Task ReachedAsync(int count)
    {
        while (Completed < count) await Task.Delay(10);
    }

    /// <summary>Sets the free seats, repeating the request while the Courses service is down or the course was changed
    /// meanwhile; any other 4xx or 5xx fails the test.</summary>
    public async Task ChangeAsync(Guid id, int seatsFree)
    {
        var giveUp = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            try
            {
                using var client = await provider();
                using var response = await client.PutAsJsonAsync($"/courses/{id}/seats", new { seatsFree });
                if (response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref completed);
                    return;
                }

                if (response.StatusCode == HttpStatusCode.Conflict && DateTime.UtcNow < giveUp)
                {
                    // another writer changed the same course at the same moment ("changed meanwhile"): the provider tries again
                    Interlocked.Increment(ref conflicts);
                    continue;
                }

                Assert.Fail($"PUT /courses/{id}/seats answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }
            catch (HttpRequestException) when (DateTime.UtcNow < giveUp)
            {
                // the service is down (killed, or not yet listening again): the provider tries again
                Interlocked.Increment(ref retries);
                await Task.Delay(100);
            }
        }
    }
}

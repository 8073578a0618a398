using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Matching.Testing;

namespace Matching.FaultTests;

/// <summary>
/// Providers keep publishing free seats while the broker restarts and every service in turn is killed (SIGKILL)
/// and started again. The Courses database is the truth: at the end the Matching service's projection must hold
/// exactly its seats and versions, for every course — nothing lost on the way, nothing applied twice.
/// </summary>
public sealed class SurvivingCrashes(RunningSystem system, ITestOutputHelper output) : IClassFixture<RunningSystem>
{
    private const int Courses = 500;
    private const int Changes = 10_000;
    private const int Writers = 8;
    private const int SeatsTotal = 25;
    private static readonly TimeSpan BrokerDown = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task Every_seat_change_should_reach_the_matching_projection_through_a_broker_restart_and_crashes()
    {
        var total = Stopwatch.StartNew();
        var ids = await PublishCoursesAsync();
        await system.EventuallyAsync(async () => (await system.CoursesProjectedAsync()).Count == Courses,
            $"all {Courses} courses are projected", TimeSpan.FromSeconds(60));
        output.WriteLine($"{Courses} courses published and projected in {total.Elapsed.TotalSeconds:0.0} s");

        var random = new Random(4711);
        var changes = Enumerable.Range(0, Changes).Select(_ => (Id: ids[random.Next(ids.Length)], SeatsFree: random.Next(SeatsTotal + 1))).ToArray();
        var progress = new Progress();
        var faults = new ConcurrentQueue<string>();

        var writing = Stopwatch.StartNew();
        var writers = Enumerable.Range(0, Writers).Select(_ => Task.Run(async () =>
        {
            while (progress.Take() is var i && i < Changes) await PublishSeatsAsync(changes[i].Id, changes[i].SeatsFree, progress);
        })).ToArray();
        var chaos = Task.Run(async () =>
        {
            // The kills first: each takes a few seconds, the broker's restart about fifteen, while the writing goes on.
            await FaultAsync(progress, 1_500, "Matching killed", faults, () => RunningSystem.CrashAndRestartAsync(system.Matching));
            await FaultAsync(progress, 3_000, "Courses killed", faults, () => RunningSystem.CrashAndRestartAsync(system.Courses));
            await FaultAsync(progress, 4_500, "Employers killed", faults, () => RunningSystem.CrashAndRestartAsync(system.Employers));
            await FaultAsync(progress, 6_000, "broker restarted", faults, () => RunningSystem.RestartBrokerAsync(BrokerDown));
        });
        await Task.WhenAll([.. writers, chaos]);
        writing.Stop();

        var truth = await system.CoursesStoredAsync();
        var converging = Stopwatch.StartNew();
        await system.EventuallyAsync(async () => Differences(truth, await system.CoursesProjectedAsync()) == 0,
            "the Matching projection equals the Courses database", TimeSpan.FromSeconds(120));
        var converged = converging.Elapsed;

        output.WriteLine($"{Changes} seat changes over {Courses} courses by {Writers} writers in {writing.Elapsed.TotalSeconds:0.0} s; " +
            $"{progress.Retries} attempts failed while a service was down and were repeated");
        foreach (var fault in faults) output.WriteLine("  " + fault);
        output.WriteLine($"Projection equal to the Courses database {converged.TotalSeconds:0.0} s after the last change " +
            $"({truth.Values.Sum(c => c.Version - 1)} versions over the {Courses} courses); whole test {total.Elapsed.TotalSeconds:0} s");

        Assert.Equal(Courses, truth.Count);
        Assert.Equal(0, await UnsentAsync());
        await AssertCatalogAsync(truth);
        foreach (var service in new[] { system.Courses, system.Employers, system.Matching })
        {
            using var admin = await system.AsAsync(service, "admin");
            var errors = await admin.GetFromJsonAsync<Dictionary<string, uint>>("/admin/errors");
            Assert.All(errors!, queue => Assert.True(queue.Value == 0, $"{queue.Value} messages in {queue.Key}"));
        }
    }

    /// <summary>The in-memory catalog the queries read (rebuilt after the crash) shows the same free seats as the database.</summary>
    private async Task AssertCatalogAsync(Dictionary<Guid, StoredCourse> truth)
    {
        using var caseworker = await system.AsAsync(system.Matching, "caseworker");
        using var response = await caseworker.PostAsJsonAsync("/matches", new
        {
            reference = "fault-test", level = "none", location = new { place = "Hochfeld" }, maxDistanceKm = 10,
            availableFrom = "2027-01-01", limit = 500,
        });
        response.EnsureSuccessStatusCode();
        var suggested = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["suggestions"]!.AsArray()
            .Select(s => s!["course"]!)
            .ToDictionary(c => Guid.Parse((string)c["id"]!), c => (int)c["seatsFree"]!);
        var withSeats = truth.Values.Where(c => c.SeatsFree > 0).ToDictionary(c => c.Id, c => c.SeatsFree);
        Assert.Equal(withSeats.OrderBy(c => c.Key), suggested.OrderBy(c => c.Key));
    }

    private static int Differences(Dictionary<Guid, StoredCourse> truth, Dictionary<Guid, StoredCourse> projected) =>
        truth.Values.Count(course => !projected.TryGetValue(course.Id, out var copy) || copy != course);

    private async Task<long> UnsentAsync()
    {
        await using var connection = await system.CoursesDb.Db.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "select count(*) from outbox_messages where sent_at is null";
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    private async Task<Guid[]> PublishCoursesAsync()
    {
        var ids = new ConcurrentBag<Guid>();
        using var provider = await system.AsAsync(system.Courses, "provider", "fault-test");
        await Parallel.ForEachAsync(Enumerable.Range(0, Courses), new ParallelOptions { MaxDegreeOfParallelism = Writers }, async (i, _) =>
        {
            using var response = await provider.PostAsJsonAsync("/courses", new
            {
                providerId = "fault-test", title = $"Integrationskurs {i}", kind = "integration", levelFrom = "none", levelTo = "A1",
                location = new { place = "Hochfeld" }, online = false, startsOn = "2027-02-01", endsOn = "2027-07-31",
                hoursPerWeek = 25, schedule = "morning", childcare = false, seatsTotal = SeatsTotal, seatsFree = SeatsTotal,
            });
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST /courses answered {(int)response.StatusCode}: {body}");
            ids.Add(Guid.Parse((string)JsonNode.Parse(body)!["id"]!));
        });
        return [.. ids.Order()];
    }

    /// <summary>Publishes the seats, repeating the request while the Courses service is down; a 4xx or 5xx fails the test.</summary>
    private async Task PublishSeatsAsync(Guid id, int seatsFree, Progress progress)
    {
        var giveUp = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            try
            {
                using var provider = await system.AsAsync(system.Courses, "provider", "fault-test");
                using var response = await provider.PutAsJsonAsync($"/courses/{id}/seats", new { seatsFree });
                if (response.IsSuccessStatusCode)
                {
                    progress.Done();
                    return;
                }

                Assert.Fail($"PUT /courses/{id}/seats answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }
            catch (HttpRequestException) when (DateTime.UtcNow < giveUp)
            {
                // the service is down (killed, or not yet listening again): the provider tries again
                progress.Retried();
                await Task.Delay(100);
            }
        }
    }

    private static async Task FaultAsync(Progress progress, int after, string what, ConcurrentQueue<string> faults, Func<Task> fault)
    {
        while (progress.Completed < after) await Task.Delay(10);
        var clock = Stopwatch.StartNew();
        var at = progress.Completed;
        await fault();
        faults.Enqueue($"{what} after {at} changes; back (ready) after {clock.Elapsed.TotalSeconds:0.0} s");
    }

    private sealed class Progress
    {
        private int next = -1;
        private int completed;
        private int retries;

        public int Completed => Volatile.Read(ref completed);

        public int Retries => Volatile.Read(ref retries);

        public int Take() => Interlocked.Increment(ref next);

        public void Done() => Interlocked.Increment(ref completed);

        public void Retried() => Interlocked.Increment(ref retries);
    }
}

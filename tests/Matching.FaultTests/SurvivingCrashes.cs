using System.Collections.Concurrent;
using System.Diagnostics;
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
    private static readonly TimeSpan BrokerDown = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task Every_seat_change_should_reach_the_matching_projection_through_a_broker_restart_and_crashes()
    {
        var total = Stopwatch.StartNew();
        var changes = new SeatChanges(() => system.AsAsync(system.Courses, "provider", "fault-test"));
        var ids = await changes.PublishCoursesAsync(Courses, "fault-test", Writers);
        await system.EventuallyAsync(async () => (await system.CoursesProjectedAsync()).Count == Courses,
            $"all {Courses} courses are projected", TimeSpan.FromSeconds(60));
        output.WriteLine($"{Courses} courses published and projected in {total.Elapsed.TotalSeconds:0.0} s");

        var faults = new ConcurrentQueue<string>();

        var writing = Stopwatch.StartNew();
        var writers = changes.WriteAsync(SeatChanges.Random(ids, Changes, seed: 4711), Writers);
        var chaos = Task.Run(async () =>
        {
            // The kills first: each takes a few seconds, the broker's restart about fifteen, while the writing goes on.
            await FaultAsync(changes, 1_500, "Matching killed", faults, () => RunningSystem.CrashAndRestartAsync(system.Matching));
            await FaultAsync(changes, 3_000, "Courses killed", faults, () => RunningSystem.CrashAndRestartAsync(system.Courses));
            await FaultAsync(changes, 4_500, "Employers killed", faults, () => RunningSystem.CrashAndRestartAsync(system.Employers));
            await FaultAsync(changes, 6_000, "broker restarted", faults, () => RunningSystem.RestartBrokerAsync(BrokerDown));
        });
        await Task.WhenAll(writers, chaos);
        writing.Stop();

        var truth = await system.CoursesStoredAsync();
        var converging = Stopwatch.StartNew();
        await system.EventuallyAsync(async () => StoredCourses.Differences(truth, await system.CoursesProjectedAsync()) == 0,
            "the Matching projection equals the Courses database", TimeSpan.FromSeconds(120));
        var converged = converging.Elapsed;

        output.WriteLine($"{Changes} seat changes over {Courses} courses by {Writers} writers in {writing.Elapsed.TotalSeconds:0.0} s; " +
            $"{changes.Retries} attempts failed while a service was down and were repeated");
        foreach (var fault in faults) output.WriteLine("  " + fault);
        output.WriteLine($"Projection equal to the Courses database {converged.TotalSeconds:0.0} s after the last change " +
            $"({truth.Values.Sum(c => c.Version - 1)} versions over the {Courses} courses); whole test {total.Elapsed.TotalSeconds:0} s");

        Assert.Equal(Courses, truth.Count);
        Assert.Equal(0, await StoredCourses.UnsentAsync(system.CoursesDb));
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

    private static async Task FaultAsync(SeatChanges changes, int after, string what, ConcurrentQueue<string> faults, Func<Task> fault)
    {
        await changes.ReachedAsync(after);
        var clock = Stopwatch.StartNew();
        var at = changes.Completed;
        await fault();
        faults.Enqueue($"{what} after {at} changes; back (ready) after {clock.Elapsed.TotalSeconds:0.0} s");
    }
}

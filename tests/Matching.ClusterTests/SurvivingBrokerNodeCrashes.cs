using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Matching.Testing;

namespace Matching.ClusterTests;

/// <summary>
/// The crash test of the fault suite on a RabbitMQ cluster: a provider keeps changing free seats while each broker node
/// in turn — the one most services are connected to — is killed (SIGKILL) and started again. Quorum queues keep their
/// messages on the two nodes left; the services must notice, reconnect to another node and carry on. The Courses database
/// is the truth: at the end the Matching projection must hold exactly its seats and versions, for every course.
/// </summary>
public sealed class SurvivingBrokerNodeCrashes(ClusteredSystem system, ITestOutputHelper output) : IClassFixture<ClusteredSystem>
{
    private const int Courses = 300;
    // At least; the writing goes on until the last node is back, so every crash meets a steady stream.
    private const int Changes = 3_000;
    private const int Writers = 8;
    // A node is killed each time this many more changes were accepted, once the previous node is back.
    private const int ChangesBetweenCrashes = 500;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(180);

    [Fact]
    public async Task Every_seat_change_should_reach_the_matching_projection_while_each_broker_node_crashes_and_returns()
    {
        var total = Stopwatch.StartNew();
        var changes = new SeatChanges(() => system.AsAsync(system.Courses, "provider", ClusteredSystem.Provider));
        var ids = await changes.PublishCoursesAsync(Courses, ClusteredSystem.Provider, Writers);
        await system.EventuallyAsync(async () => (await StoredCourses.ProjectedAsync(system.MatchingDb)).Count == Courses,
            $"all {Courses} courses are projected", Deadline);
        output.WriteLine($"{Courses} courses published and projected in {total.Elapsed.TotalSeconds:0.0} s");
        AssertQuorumQueues();

        // The probe course is changed by nobody else: the first change after a crash that reaches Matching shows the way is open again.
        var probe = ids[^1];
        var stream = SeatChanges.Random(ids[..^1], 10 * Changes, seed: 4711);
        var crashes = new List<Crash>();
        var crashing = Task.Run(async () =>
        {
            foreach (var _ in RabbitMqCluster.Nodes)
            {
                await changes.ReachedAsync(changes.Completed + ChangesBetweenCrashes);
                var node = RabbitMqCluster.MostConnected(except: crashes.Select(crash => crash.Node));
                crashes.Add(await CrashAndBringBackAsync(node, changes, probe));
                output.WriteLine("  " + crashes[^1]);
            }
        });
        var writing = Stopwatch.StartNew();
        await Task.WhenAll(changes.WriteAsync(stream, Writers, enough: i => i >= Changes && crashing.IsCompleted), crashing);
        writing.Stop();

        var truth = await StoredCourses.AtCoursesAsync(system.CoursesDb);
        var converged = await system.EventuallyAsync(
            async () => StoredCourses.Differences(truth, await StoredCourses.ProjectedAsync(system.MatchingDb)) == 0,
            "the Matching projection equals the Courses database", Deadline);

        output.WriteLine($"{changes.Completed} seat changes over {Courses - 1} courses by {Writers} writers in {writing.Elapsed.TotalSeconds:0.0} s " +
            $"({changes.Conflicts} attempts met another writer's change of the same course and were repeated, {changes.Retries} found Courses unreachable); " +
            "broker nodes killed and brought back one after another, as listed above");
        output.WriteLine($"Projection equal to the Courses database {converged.TotalSeconds:0.0} s after the last change " +
            $"({truth.Values.Sum(c => c.Version - 1)} versions over the {Courses} courses); whole test {total.Elapsed.TotalSeconds:0} s");

        Assert.Equal(RabbitMqCluster.Nodes.Count, crashes.Count);
        Assert.Equal(RabbitMqCluster.Nodes.Count, RabbitMqCluster.Running(RabbitMqCluster.Nodes[0]).Count);
        Assert.Equal(Courses, truth.Count);
        Assert.Equal(0, await StoredCourses.UnsentAsync(system.CoursesDb));
        await AssertCatalogAsync(truth);
        foreach (var (name, service) in system.Services)
        {
            using var admin = await system.AsAsync(service, "admin");
            var errors = await admin.GetFromJsonAsync<Dictionary<string, uint>>("/admin/errors");
            Assert.All(errors!, queue => Assert.True(queue.Value == 0, $"{queue.Value} messages in {queue.Key} of {name}"));
        }
    }

    /// <summary>
    /// Kills <paramref name="node"/> while the writing goes on, changes the probe course, and times until each service
    /// noticed (its first warning, its readiness lost), until each is ready again, and until the probe's change reached
    /// the Matching projection; then starts the node again and waits until it is back in the cluster.
    /// </summary>
    private async Task<Crash> CrashAndBringBackAsync(BrokerNode node, SeatChanges changes, Guid probe)
    {
        var survivor = RabbitMqCluster.Nodes.First(other => other != node);
        var (queued, _) = RabbitMqCluster.Queues(survivor);
        var unsent = await StoredCourses.UnsentAsync(system.CoursesDb);
        var watches = system.Services.Select(service => new ServiceWatch(service.Name, service.Process)).ToList();
        var seatsFree = (await StoredCourses.AtCoursesAsync(system.CoursesDb))[probe].SeatsFree;
        var at = changes.Completed;

        var clock = Stopwatch.StartNew();
        RabbitMqCluster.Crash(node);
        var watching = watches.Select(watch => watch.RunAsync(clock)).ToList();
        await changes.ChangeAsync(probe, (seatsFree + 1) % (SeatChanges.SeatsTotal + 1));
        var probeStored = (await StoredCourses.AtCoursesAsync(system.CoursesDb))[probe];
        try
        {
            await system.EventuallyAsync(
                async () => (await StoredCourses.ProjectedAsync(system.MatchingDb)).GetValueOrDefault(probe) == probeStored,
                $"the probe's change after {node.Name} was killed reaches the Matching projection", Deadline);
        }
        catch (Xunit.Sdk.FailException)
        {
            output.WriteLine($"The broker as {survivor.Name} sees it, {clock.Elapsed.TotalSeconds:0} s after {node.Name} was killed " +
                $"(its logs are kept in {RabbitMqCluster.KeptLogs}):\n{RabbitMqCluster.Describe(survivor)}");
            output.WriteLine("What Courses' outbox relay said meanwhile:\n" + string.Join('\n', system.Courses.Log.Split('\n')
                .Where(line => line.Contains("Outbox relay", StringComparison.Ordinal) || line.Contains("the bus again", StringComparison.Ordinal))
                .TakeLast(30)));
            throw;
        }
        var consumed = clock.Elapsed;
        await system.EventuallyAsync(() => Task.FromResult(watches.All(watch => watch.Ready)),
            $"every service is ready again after {node.Name} was killed", Deadline);
        foreach (var watch in watches) watch.Stop();
        await Task.WhenAll(watching);

        var down = clock.Elapsed;
        output.WriteLine($"  {node.Name} killed: {string.Join("; ", watches)}; the probe's change consumed at Matching after {consumed.TotalSeconds:0.0} s");
        await RabbitMqCluster.BringBackAsync(node);
        await system.EventuallyAsync(() => Task.FromResult(RabbitMqCluster.Running(survivor).Count == RabbitMqCluster.Nodes.Count),
            $"{node.Name} is back in the cluster", Deadline);
        var back = clock.Elapsed - down;
        // A node that is back in the cluster may not yet have its quorum queue members running: killing the next node
        // then would leave those queues one member short of a majority, a double failure three nodes are not built for.
        await system.EventuallyAsync(() => Task.FromResult(RabbitMqCluster.AllQuorumMembersOnline(survivor)),
            $"every quorum queue has its members online again after {node.Name} came back", Deadline);
        return new Crash(node, at, queued, unsent, watches, consumed, back);
    }

    /// <summary>Every durable queue the services declared is a quorum queue, replicated on the three nodes.</summary>
    private void AssertQuorumQueues()
    {
        var (_, types) = RabbitMqCluster.Queues(RabbitMqCluster.Nodes[0]);
        output.WriteLine("Queues: " + string.Join(", ", types.GroupBy(queue => queue.Value).Select(type => $"{type.Count()} {type.Key}")));
        var durable = RabbitMqCluster.DurableQueues(RabbitMqCluster.Nodes[0]);
        Assert.NotEmpty(durable);
        Assert.All(durable, queue => Assert.True(types[queue] == "quorum", $"{queue} is a {types[queue]} queue"));
    }

    /// <summary>The in-memory catalog the queries read shows the same free seats as the database.</summary>
    private async Task AssertCatalogAsync(Dictionary<Guid, StoredCourse> truth)
    {
        using var caseworker = await system.AsAsync(system.Matching, "caseworker");
        using var response = await caseworker.PostAsJsonAsync("/matches", new
        {
            reference = "cluster-test", level = "none", location = new { place = "Hochfeld" }, maxDistanceKm = 10,
            availableFrom = "2027-01-01", limit = 500,
        });
        response.EnsureSuccessStatusCode();
        var suggested = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["suggestions"]!.AsArray()
            .Select(s => s!["course"]!)
            .ToDictionary(c => Guid.Parse((string)c["id"]!), c => (int)c["seatsFree"]!);
        var withSeats = truth.Values.Where(c => c.SeatsFree > 0).ToDictionary(c => c.Id, c => c.SeatsFree);
        Assert.Equal(withSeats.OrderBy(c => c.Key), suggested.OrderBy(c => c.Key));
    }

    /// <summary>What one crash of a node cost: the figures the test reports.</summary>
    private sealed record Crash(BrokerNode Node, int After, long Queued, long Unsent, IReadOnlyList<ServiceWatch> Services,
        TimeSpan FirstConsumed, TimeSpan BackInCluster)
    {
        public override string ToString() =>
            $"{Node.Name} killed after {After} changes ({Queued} messages in its cluster's queues, {Unsent} outbox rows unsent at Courses); " +
            string.Join("; ", Services) +
            $"; the first change after the kill consumed at Matching after {FirstConsumed.TotalSeconds:0.0} s; " +
            $"node back in the cluster {BackInCluster.TotalSeconds:0.0} s after it was started again";
    }

    /// <summary>
    /// Watches one service from the moment of a crash: when it first logged a warning, when its readiness (which
    /// includes the bus) was first lost, and when it was ready again after that.
    /// </summary>
    private sealed class ServiceWatch(string name, ServiceProcess service)
    {
        private readonly int logged = service.Log.Length;
        private volatile bool stopped;

        public TimeSpan? Warned { get; private set; }

        public TimeSpan? NotReady { get; private set; }

        public TimeSpan? ReadyAgain { get; private set; }

        /// <summary>Ready at the last look: it has not lost its readiness yet, or got it back.</summary>
        public bool Ready { get; private set; }

        public async Task RunAsync(Stopwatch clock)
        {
            while (!stopped)
            {
                var healthy = await HealthyAsync();
                var now = clock.Elapsed;
                if (Warned is null && service.Log.Length > logged) Warned = now;
                if (!healthy) NotReady ??= now;
                if (healthy && NotReady is not null) ReadyAgain ??= now;
                Ready = healthy;
                await Task.Delay(100);
            }
        }

        /// <summary>How often its outbox relay started the bus again on a new connection (see <c>BrokerRefusals</c>),
        /// counted when the watch stops.</summary>
        public int Renewals { get; private set; }

        public void Stop()
        {
            stopped = true;
            Renewals = service.Log[logged..].Split('\n').Count(line => line.Contains("the bus again on a new connection", StringComparison.Ordinal));
        }

        public override string ToString() =>
            $"{name}: first warning {Seconds(Warned)}, not ready {Seconds(NotReady)}, ready again {Seconds(ReadyAgain)}" +
            (Renewals > 0 ? $", connection renewed {Renewals}×" : "");

        private static string Seconds(TimeSpan? time) => time is { } t ? $"{t.TotalSeconds:0.0} s" : "never";

        private async Task<bool> HealthyAsync()
        {
            try
            {
                using var response = await service.Client.GetAsync("/health/ready");
                return response.IsSuccessStatusCode && await response.Content.ReadAsStringAsync() == "Healthy";
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Matching.Hosting.Security;
using Matching.Testing;
using RabbitMQ.Client;

namespace Matching.SystemTests;

/// <summary>
/// Two replicas of each service on one PostgreSQL database per service and one broker, as a scaled-out deployment runs
/// them: the replicas agree, share out what is scarce without giving it twice, relay each outbox row once, and can be
/// restarted one after the other (SIGTERM, as an orchestrator stops them) under load without losing an answered change.
/// </summary>
[Collection(nameof(ReplicatedSystem))]
public sealed class RunningReplicas(ReplicatedSystem system)
{
    [Fact]
    public async Task Every_matching_replica_should_answer_alike_after_a_burst_of_changes()
    {
        var courses = await Task.WhenAll(Enumerable.Range(0, 10).Select(n => system.PublishCourseAsync(system.Courses[n % 2], seatsFree: 10)));
        var random = new Random(15);
        var changes = Enumerable.Range(0, 40).Select(n => (Course: courses[random.Next(courses.Length)], SeatsFree: random.Next(1, 21))).ToList();
        // Two changes of one course at once: one of them may be refused as a conflict (409), which is an answer too.
        var statuses = await Task.WhenAll(changes.Select((change, n) => system.TryChangeSeatsAsync(system.Courses[n % 2], change.Course, change.SeatsFree)));
        Assert.All(statuses, status => Assert.True(status is >= 200 and < 300 or 409, $"a seat change answered {status}"));

        var stored = await system.SeatsFreeAsync(courses);
        string[] answers = [];
        await Poll.UntilAsync(async () =>
            {
                answers = await Task.WhenAll(system.Matching.Select(async replica => (await system.SuggestionsAsync(replica)).ToJsonString()));
                return answers.Distinct().Count() == 1
                    && courses.All(course => SeatsFreeIn(JsonNode.Parse(answers[0])!.AsArray(), course) == stored[course]);
            }, TimeSpan.FromSeconds(60),
            () => $"the replicas answer alike and as Courses stored ({string.Join(", ", stored.Values)}):\n{string.Join("\n", answers)}");
    }

    [Fact]
    public async Task Placements_racing_across_matching_replicas_should_never_overbook_a_course()
    {
        const int seats = 3, people = 12;
        var course = await system.PublishCourseAsync(system.Courses[0], seatsFree: seats);
        await system.WaitUntilSuggestedAsync(course);

        var placements = await Task.WhenAll(Enumerable.Range(0, people).Select(person =>
            system.PlaceAsync(system.Matching[person % 2], new { reference = $"race-{course[..8]}-{person}", courseId = course })));

        var accepted = placements.OfType<string>().ToList();
        string?[] states = [];
        await Poll.UntilAsync(async () =>
            {
                states = await Task.WhenAll(accepted.Select((id, n) => system.PlacementStateAsync(system.Matching[n % 2], id)));
                return states.All(state => state != "requested");
            }, TimeSpan.FromSeconds(90), () => $"the placements settle: {string.Join(", ", states)}");

        Assert.Equal(seats, states.Count(state => state == "reserved"));
        var stock = await system.CourseAsync(course);
        Assert.Equal((0, seats), ((int)stock["seatsFree"]!, (int)stock["seatsReserved"]!));
    }

    [Fact]
    public async Task Two_outbox_relays_on_one_database_should_never_publish_a_row_twice()
    {
        using var tap = await BrokerTap.BindAsync(system.VirtualHost, "Matching.Contracts:CoursePublished");
        const int published = 60;
        await Task.WhenAll(Enumerable.Range(0, published).Select(n => system.PublishCourseAsync(system.Courses[n % 2], seatsFree: 5)));
        // Once no row waits, every publish was confirmed by the broker, so the tap holds every copy there will be.
        await Poll.UntilAsync(async () => await system.CoursesOutboxUnsentAsync() == 0, TimeSpan.FromSeconds(60), () => "the outbox is relayed");

        var messageIds = await tap.DrainAsync();
        Assert.Equal(published, messageIds.Count);
        Assert.Equal(published, messageIds.Distinct().Count());
    }

    [Fact]
    public async Task A_rolling_restart_of_every_replica_under_load_should_lose_no_change_answered_2xx()
    {
        var courses = await Task.WhenAll(Enumerable.Range(0, 2).Select(n => system.PublishCourseAsync(system.Courses[n % 2], seatsFree: 1)));
        foreach (var course in courses) await system.WaitUntilSuggestedAsync(course);
        // A steady load rather than as much as the machine takes: the test is about what a restart loses, not about throughput.
        var pace = TimeSpan.FromMilliseconds(50);

        using var load = new CancellationTokenSource();
        var answered = new ConcurrentDictionary<string, int>();
        var refused = 0;
        // Each course has one writer, one change after the other: the last change answered 2xx is what must stay.
        var writers = courses.Select(async course =>
        {
            for (var n = 0; !load.IsCancellationRequested; n++)
            {
                var seatsFree = n % 19 + 1;
                // Like a load balancer: a replica that does not answer (stopping, or gone) is passed over for the next.
                for (var attempt = 0; ; attempt++)
                {
                    var status = await system.TryChangeSeatsAsync(system.Courses[(n + attempt) % 2], course, seatsFree);
                    if (status is >= 200 and < 300) { answered[course] = seatsFree; break; }
                    Interlocked.Increment(ref refused);
                    if (load.IsCancellationRequested) break;
                    await Task.Delay(pace);
                }

                await Task.Delay(pace);
            }
        }).ToList();
        var readers = system.Matching.Select((_, n) => Task.Run(async () =>
        {
            while (!load.IsCancellationRequested)
            {
                try { await system.SuggestionsAsync(system.Matching[n]); }
                catch (Exception exception) when (exception is HttpRequestException or Xunit.Sdk.XunitException) { }
                await Task.Delay(pace);
            }
        })).ToList();

        await system.RestartEveryReplicaAsync();
        load.Cancel();
        await Task.WhenAll(writers.Concat(readers));

        Assert.Equal(courses.Length, answered.Count);
        var stored = await system.SeatsFreeAsync(courses);
        Assert.All(courses, course => Assert.Equal(answered[course], stored[course]));
        foreach (var replica in system.Matching)
        {
            JsonArray suggestions = [];
            await Poll.UntilAsync(async () =>
                {
                    suggestions = await system.SuggestionsAsync(replica);
                    return courses.All(course => SeatsFreeIn(suggestions, course) == answered[course]);
                }, TimeSpan.FromSeconds(60),
                () => $"replica on {replica.Port} shows the last answered changes ({string.Join(", ", courses.Select(c => answered[c]))}); "
                      + $"{refused} attempts were not answered 2xx:\n{suggestions.ToJsonString()}");
        }
    }

    private static int? SeatsFreeIn(JsonArray suggestions, string course) =>
        suggestions.Where(s => (string?)s!["course"]?["id"] == course).Select(s => (int?)s!["course"]!["seatsFree"]).FirstOrDefault();
}

/// <summary>Two replicas each of Courses and Matching, each service's replicas on one PostgreSQL database, all on one virtual host.</summary>
public sealed class ReplicatedSystem : IAsyncLifetime
{
    private readonly RabbitMqVirtualHost vhost = RabbitMqVirtualHost.Create();
    private readonly TestDatabase coursesDb = TestDatabase.Postgres();
    private readonly TestDatabase matchingDb = TestDatabase.Postgres();
    private static readonly string[] Places = ["Hochfeld", "Meiderich", "Rheinhausen", "Duisburg"];
    private int nextPlace;

    public ReplicatedSystem()
    {
        Identity = new IdentityProcess([(Roles.Provider, MatchingSystem.Provider)]);
        Courses = [NewCourses(), NewCourses()];
        Matching = [NewMatching(), NewMatching()];
    }

    public IdentityProcess Identity { get; }

    /// <summary>The running replicas; a restart puts the new process in the old one's place.</summary>
    public ServiceProcess[] Courses { get; }

    public ServiceProcess[] Matching { get; }

    public string VirtualHost => vhost.Name;

    public async Task InitializeAsync()
    {
        await Identity.StartAsync();
        // All at once, as an orchestrator starts them: the migrations take turns on each database.
        await Task.WhenAll(Courses.Concat(Matching).Select(replica => replica.StartAsync()));
    }

    /// <summary>
    /// Stops each replica in turn with SIGTERM, waits for it to exit, and starts a new one in its place before the next:
    /// a rolling restart, with the other replica of the service answering meanwhile.
    /// </summary>
    /// <returns>How long each stop took, from SIGTERM to exit.</returns>
    public async Task<IReadOnlyList<TimeSpan>> RestartEveryReplicaAsync()
    {
        var stops = new List<TimeSpan>();
        foreach (var (replicas, start) in new[] { (Courses, (Func<ServiceProcess>)NewCourses), (Matching, NewMatching) })
        {
            for (var i = 0; i < replicas.Length; i++)
            {
                var old = replicas[i];
                stops.Add(await Signals.TerminateAsync(old));
                await old.DisposeAsync();
                var next = start();
                await next.StartAsync();
                replicas[i] = next;
            }
        }

        return stops;
    }

    public async Task<string> PublishCourseAsync(ServiceProcess courses, int seatsFree)
    {
        var place = Places[Interlocked.Increment(ref nextPlace) % Places.Length];
        using var response = await (await AsProviderAsync(courses)).PostAsJsonAsync("/courses", new
        {
            providerId = MatchingSystem.Provider, title = "Integrationskurs", kind = "integration", levelFrom = "none", levelTo = "B1",
            location = new { place }, online = false, startsOn = "2027-02-01", endsOn = "2027-06-30",
            hoursPerWeek = 25, schedule = "morning", childcare = false, seatsTotal = 20, seatsFree,
        });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST /courses answered {(int)response.StatusCode}: {body}");
        return (string)JsonNode.Parse(body)!["id"]!;
    }

    /// <summary>The status a seat change was answered with; 0 when the replica did not answer at all.</summary>
    public async Task<int> TryChangeSeatsAsync(ServiceProcess courses, string course, int seatsFree)
    {
        try
        {
            using var response = await (await AsProviderAsync(courses)).PutAsJsonAsync($"/courses/{course}/seats", new { seatsFree });
            return (int)response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return 0;
        }
    }

    public async Task<JsonObject> CourseAsync(string course) =>
        (await (await AsProviderAsync(Courses[0])).GetFromJsonAsync<JsonObject>($"/courses/{course}"))!;

    public async Task<IReadOnlyDictionary<string, int>> SeatsFreeAsync(IEnumerable<string> courses)
    {
        var stored = new Dictionary<string, int>();
        foreach (var course in courses) stored[course] = (int)(await CourseAsync(course))["seatsFree"]!;
        return stored;
    }

    public async Task<JsonArray> SuggestionsAsync(ServiceProcess matching)
    {
        using var response = await (await Identity.SignedInAsync(matching, Roles.Caseworker)).PostAsJsonAsync("/matches", new
        {
            reference = "case-replicas", level = "A1", location = new { place = "Duisburg" }, maxDistanceKm = 500,
            availableFrom = "2027-01-04", limit = 500,
        });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"/matches answered {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!["suggestions"]!.AsArray();
    }

    public Task WaitUntilSuggestedAsync(string course) =>
        Task.WhenAll(Matching.Select(replica => Poll.UntilAsync(
            async () => (await SuggestionsAsync(replica)).Any(s => (string?)s!["course"]?["id"] == course),
            TimeSpan.FromSeconds(60), () => $"replica on {replica.Port} suggests course {course}\n{replica.Log}")));

    /// <summary>The placement's id when accepted (202), null when refused outright (a 4xx: the replica knows the seats are gone).</summary>
    public async Task<string?> PlaceAsync(ServiceProcess matching, object placement)
    {
        using var response = await (await Identity.SignedInAsync(matching, Roles.Caseworker)).PostAsJsonAsync("/placements", placement);
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode == HttpStatusCode.Accepted) return (string)JsonNode.Parse(text)!["id"]!;
        Assert.True((int)response.StatusCode is >= 400 and < 500, $"POST /placements answered {(int)response.StatusCode}: {text}");
        return null;
    }

    public async Task<string?> PlacementStateAsync(ServiceProcess matching, string id) =>
        (string?)(await (await Identity.SignedInAsync(matching, Roles.Caseworker)).GetFromJsonAsync<JsonObject>($"/placements/{id}"))!["state"];

    public async Task<long> CoursesOutboxUnsentAsync()
    {
        await using var connection = await coursesDb.Db.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "select count(*) from outbox_messages where sent_at is null";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public async Task DisposeAsync()
    {
        await Task.WhenAll(Courses.Concat(Matching).Select(replica => replica.DisposeAsync().AsTask()));
        await Identity.DisposeAsync();
        vhost.Dispose();
        coursesDb.Dispose();
        matchingDb.Dispose();
    }

    private Task<HttpClient> AsProviderAsync(ServiceProcess courses) => Identity.SignedInAsync(courses, Roles.Provider, MatchingSystem.Provider);

    private ServiceProcess NewCourses() => new("services/Courses/Courses.Api", Settings(coursesDb));

    private ServiceProcess NewMatching() => new("services/Matching/Matching.Api", Settings(matchingDb));

    private Dictionary<string, string> Settings(TestDatabase database)
    {
        var settings = ServiceProcess.Settings(vhost, database);
        foreach (var (key, value) in Identity.ServiceSettings) settings[key] = value;
        return settings;
    }
}

[CollectionDefinition(nameof(ReplicatedSystem))]
public sealed class ReplicatedSystemCollection : ICollectionFixture<ReplicatedSystem>;

/// <summary>Stopping a service the way an orchestrator does.</summary>
public static class Signals
{
    /// <summary>Sends SIGTERM to the service's process and waits for it to exit; returns how long it took.</summary>
    public static async Task<TimeSpan> TerminateAsync(ServiceProcess service)
    {
        var pid = ProcessOf(service);
        var clock = Stopwatch.StartNew();
        using (var kill = Process.Start("kill", ["-TERM", pid.ToString()])) await kill.WaitForExitAsync();
        await Poll.UntilAsync(() => Task.FromResult(!IsRunning(pid)), TimeSpan.FromSeconds(90),
            () => $"process {pid} (port {service.Port}) exits after SIGTERM:\n{service.Log}");
        return clock.Elapsed;
    }

    /// <summary>The process serving <paramref name="service"/>'s port: the one started with <c>--urls</c> naming it.</summary>
    private static int ProcessOf(ServiceProcess service)
    {
        var url = $"http://127.0.0.1:{service.Port}";
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), out var pid)) continue;
            string[] arguments;
            try { arguments = File.ReadAllText(Path.Combine(folder, "cmdline")).Split('\0'); }
            catch (IOException) { continue; }
            catch (UnauthorizedAccessException) { continue; }
            var urls = Array.IndexOf(arguments, "--urls");
            if (urls >= 0 && urls + 1 < arguments.Length && arguments[urls + 1] == url) return pid;
        }

        throw new InvalidOperationException($"no process serves {url}");
    }

    // An exited child stays a zombie until reaped.
    private static bool IsRunning(int pid)
    {
        try { return File.ReadAllText($"/proc/{pid}/stat").Split(' ')[2] != "Z"; }
        catch (IOException) { return false; }
    }
}

/// <summary>A queue of the test's own bound to a message type's exchange: a copy of every message published as that type.</summary>
public sealed class BrokerTap : IDisposable
{
    private readonly IConnection connection;
    private readonly IChannel channel;
    private readonly string queue;

    private BrokerTap(IConnection connection, IChannel channel, string queue)
    {
        this.connection = connection;
        this.channel = channel;
        this.queue = queue;
    }

    /// <param name="exchange">MassTransit's exchange of the message type, named <c>Namespace:Type</c>.</param>
    public static async Task<BrokerTap> BindAsync(string virtualHost, string exchange)
    {
        var factory = new ConnectionFactory { VirtualHost = virtualHost, ClientProvidedName = "broker-tap" };
        IConnection? connection = null;
        // A loaded broker may drop a handshake; the services retry theirs too.
        for (var attempt = 1; connection is null; attempt++)
        {
            try { connection = await factory.CreateConnectionAsync(); }
            catch (RabbitMQ.Client.Exceptions.BrokerUnreachableException) when (attempt < 5) { await Task.Delay(TimeSpan.FromSeconds(1)); }
        }

        var channel = await connection.CreateChannelAsync();
        await channel.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true);
        var queue = (await channel.QueueDeclareAsync("tap-" + Guid.NewGuid().ToString("N")[..8], durable: false, exclusive: true, autoDelete: true)).QueueName;
        await channel.QueueBindAsync(queue, exchange, "");
        return new BrokerTap(connection, channel, queue);
    }

    /// <summary>The message ids of everything the queue holds, taking it all.</summary>
    public async Task<IReadOnlyList<string>> DrainAsync()
    {
        var ids = new List<string>();
        while (await channel.BasicGetAsync(queue, autoAck: true) is { } message) ids.Add(message.BasicProperties.MessageId ?? "");
        return ids;
    }

    public void Dispose()
    {
        channel.Dispose();
        connection.Dispose();
    }
}

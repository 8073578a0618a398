using Dapper;
using Matching.Hosting.Data;
using Matching.Testing;
using RabbitMQ.Client;

namespace Matching.FaultTests;

/// <summary>
/// The three services as real processes over RabbitMQ in a virtual host of their own, each with its own database
/// (Employers on PostgreSQL, the others on SQLite), built to be broken: a service can be killed and started again,
/// the broker restarted, and the databases read directly to see what was really stored.
/// </summary>
public sealed class RunningSystem : IAsyncLifetime
{
    private readonly RabbitMqVirtualHost vhost = RabbitMqVirtualHost.Create();

    /// <summary>The organisations the fault tests act for; every request signs in at the real identity service.</summary>
    public static readonly (string Role, string Organisation)[] Organisations =
    [
        ("provider", "fault-test"), ("provider", "poison-test"), ("employer", "poison-test"),
        .. Enumerable.Range(0, RefusingHostileInput.Senders).SelectMany(i => new[] { ("provider", $"fuzz-provider-{i}"), ("employer", $"fuzz-employer-{i}") }),
    ];

    public RunningSystem()
    {
        Courses = new ServiceProcess("services/Courses/Courses.Api", Settings(CoursesDb));
        Employers = new ServiceProcess("services/Employers/Employers.Api", Settings(EmployersDb));
        Matching = new ServiceProcess("services/Matching/Matching.Api", Settings(MatchingDb));
    }

    public IdentityProcess Identity { get; } = new(Organisations);

    public TestDatabase CoursesDb { get; } = TestDatabase.Sqlite();

    public TestDatabase EmployersDb { get; } = TestDatabase.Postgres();

    public TestDatabase MatchingDb { get; } = TestDatabase.Sqlite();

    public ServiceProcess Courses { get; }

    public ServiceProcess Employers { get; }

    public ServiceProcess Matching { get; }

    public string VirtualHost => vhost.Name;

    public async Task InitializeAsync()
    {
        await Identity.StartAsync();
        await Task.WhenAll(Courses.StartAsync(), Employers.StartAsync(), Matching.StartAsync());
    }

    /// <summary>A client of <paramref name="service"/> signed in as the role (and organisation).</summary>
    public Task<HttpClient> AsAsync(ServiceProcess service, string role, string? organisation = null) =>
        Identity.SignedInAsync(service, role, organisation);

    /// <summary>The settings of a second Matching service beside the running one: the same database, queues and identity service.</summary>
    public Dictionary<string, string> MatchingReplicaSettings() => Settings(MatchingDb);

    /// <summary>SIGKILL, then the same service again on the same port and database; returns once it is ready.</summary>
    public static async Task CrashAndRestartAsync(ServiceProcess service)
    {
        service.Kill();
        await service.StartAsync();
    }

    /// <summary>
    /// Stops the RabbitMQ application (every virtual host, every connection) and starts it again after
    /// <paramref name="down"/>. Messages in durable queues survive; everything else must reconnect.
    /// </summary>
    public static async Task RestartBrokerAsync(TimeSpan down)
    {
        RabbitMqVirtualHost.Rabbitmqctl("stop_app");
        try { await Task.Delay(down); }
        finally
        {
            RabbitMqVirtualHost.Rabbitmqctl("start_app");
            RabbitMqVirtualHost.Rabbitmqctl("await_startup");
        }
    }

    /// <summary>A connection of the test's own to the run's virtual host, to put messages on queues directly.</summary>
    public Task<IConnection> ConnectToBrokerAsync() =>
        new ConnectionFactory { HostName = "localhost", VirtualHost = vhost.Name, ClientProvidedName = "fault-tests" }.CreateConnectionAsync();

    /// <summary>What the Courses service stored: its database is the truth the projection must reach.</summary>
    public Task<Dictionary<Guid, StoredCourse>> CoursesStoredAsync() => StoredCourses.AtCoursesAsync(CoursesDb);

    /// <summary>The Matching service's projection of the courses, as it stored them.</summary>
    public Task<Dictionary<Guid, StoredCourse>> CoursesProjectedAsync() => StoredCourses.ProjectedAsync(MatchingDb);

    /// <summary>Id and version of each row of <paramref name="table"/>.</summary>
    public static async Task<Dictionary<Guid, long>> VersionsAsync(TestDatabase database, string table)
    {
        await using var connection = await database.Db.OpenAsync();
        return (await connection.QueryAsync<Versioned>($"select id as Id, version as Version from {table}"))
            .ToDictionary(row => row.Id, row => row.Version);
    }

    public static async Task<long> CountAsync(TestDatabase database, string table)
    {
        await using var connection = await database.Db.OpenAsync();
        return await connection.ExecuteScalarAsync<long>($"select count(*) from {table}");
    }

    /// <summary>Polls until <paramref name="condition"/> holds and returns how long that took; a passed deadline fails with <paramref name="what"/>.</summary>
    public Task<TimeSpan> EventuallyAsync(Func<Task<bool>> condition, string what, TimeSpan deadline) =>
        Poll.UntilAsync(condition, deadline,
            () => $"{what}\n--- matching log (end) ---\n{Tail(Matching.Log)}\n--- courses log (end) ---\n{Tail(Courses.Log)}",
            TimeSpan.FromMilliseconds(250));

    private static string Tail(string log) => log.Length <= 6000 ? log : log[^6000..];

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
        // Request logs of thousands of requests would only slow the 2-core machine down.
        settings["Serilog:MinimumLevel:Default"] = "Warning";
        return settings;
    }
}

public sealed record Versioned
{
    public Guid Id { get; init; }
    public long Version { get; init; }
}

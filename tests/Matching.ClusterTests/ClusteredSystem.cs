using Matching.Testing;

namespace Matching.ClusterTests;

/// <summary>
/// The three services as real processes on PostgreSQL, each connected to a three-node RabbitMQ cluster of the test's
/// own with quorum queues (<c>RabbitMq:Nodes</c>, <c>RabbitMq:QuorumQueues</c>), signed in at the real identity service.
/// </summary>
public sealed class ClusteredSystem : IAsyncLifetime
{
    public const string Provider = "cluster-test";

    private RabbitMqCluster? cluster;

    public ClusteredSystem()
    {
        Courses = new ServiceProcess("services/Courses/Courses.Api", Settings(CoursesDb));
        Employers = new ServiceProcess("services/Employers/Employers.Api", Settings(EmployersDb));
        Matching = new ServiceProcess("services/Matching/Matching.Api", Settings(MatchingDb));
    }

    public IdentityProcess Identity { get; } = new([("provider", Provider)]);

    public TestDatabase CoursesDb { get; } = TestDatabase.Postgres();

    public TestDatabase EmployersDb { get; } = TestDatabase.Postgres();

    public TestDatabase MatchingDb { get; } = TestDatabase.Postgres();

    public ServiceProcess Courses { get; }

    public ServiceProcess Employers { get; }

    public ServiceProcess Matching { get; }

    public IEnumerable<(string Name, ServiceProcess Process)> Services => [("Courses", Courses), ("Employers", Employers), ("Matching", Matching)];

    public async Task InitializeAsync()
    {
        cluster = await RabbitMqCluster.StartAsync();
        await Identity.StartAsync();
        await Task.WhenAll(Courses.StartAsync(), Employers.StartAsync(), Matching.StartAsync());
    }

    /// <summary>A client of <paramref name="service"/> signed in as the role (and organisation).</summary>
    public Task<HttpClient> AsAsync(ServiceProcess service, string role, string? organisation = null) =>
        Identity.SignedInAsync(service, role, organisation);

    /// <summary>Polls until <paramref name="condition"/> holds and returns how long that took; a passed deadline fails with <paramref name="what"/> and the services' logs.</summary>
    public Task<TimeSpan> EventuallyAsync(Func<Task<bool>> condition, string what, TimeSpan deadline) =>
        Poll.UntilAsync(condition, deadline,
            () => string.Join('\n', [what, .. Services.Select(service => $"--- {service.Name} log (end) ---\n{Tail(service.Process.Log)}")]),
            TimeSpan.FromMilliseconds(250));

    private static string Tail(string log) => log.Length <= 4000 ? log : log[^4000..];

    public async Task DisposeAsync()
    {
        await Task.WhenAll(Courses.DisposeAsync().AsTask(), Employers.DisposeAsync().AsTask(), Matching.DisposeAsync().AsTask());
        await Identity.DisposeAsync();
        if (cluster is not null) await cluster.DisposeAsync();
        CoursesDb.Dispose();
        EmployersDb.Dispose();
        MatchingDb.Dispose();
    }

    private Dictionary<string, string> Settings(TestDatabase database)
    {
        var settings = new Dictionary<string, string>
        {
            ["Database:Provider"] = database.Provider.ToString(),
            ["ConnectionStrings:Database"] = database.ConnectionString,
            ["RabbitMq:QuorumQueues"] = "true",
            // Never the default node on 5672, whatever reads Host and Port beside the node list.
            ["RabbitMq:Port"] = RabbitMqCluster.Nodes[0].Port.ToString(),
            // Warnings only: the connection losses and recoveries stand out, and thousands of request logs would only slow the machine down.
            ["Serilog:MinimumLevel:Default"] = "Warning",
        };
        for (var i = 0; i < RabbitMqCluster.Nodes.Count; i++) settings[$"RabbitMq:Nodes:{i}"] = RabbitMqCluster.Nodes[i].Address;
        foreach (var (key, value) in Identity.ServiceSettings) settings[key] = value;
        return settings;
    }
}

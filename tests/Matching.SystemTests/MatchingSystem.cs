using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Matching.Hosting.Data;
using Matching.Testing;

namespace Matching.SystemTests;

/// <summary>
/// The whole system as users run it: Courses, Employers and Matching as separate processes, each with
/// its own database (Employers on PostgreSQL, the others on SQLite unless a fixture says otherwise), over
/// RabbitMQ in a virtual host of this run.
/// </summary>
public class MatchingSystem : IAsyncLifetime
{
    private readonly RabbitMqVirtualHost vhost = RabbitMqVirtualHost.Create();
    private readonly TestDatabase coursesDb = TestDatabase.Sqlite();
    private readonly TestDatabase employersDb = TestDatabase.Postgres();
    private readonly TestDatabase matchingDb;
    private readonly IReadOnlyDictionary<string, string> matchingSettings;

    public MatchingSystem()
        : this(DatabaseProvider.Sqlite, new Dictionary<string, string>())
    {
    }

    /// <param name="matchingDatabase">The Matching service's database.</param>
    /// <param name="matchingSettings">Settings of the Matching service beside the usual ones, e.g. a short reservation timeout.</param>
    protected MatchingSystem(DatabaseProvider matchingDatabase, IReadOnlyDictionary<string, string> matchingSettings)
    {
        matchingDb = TestDatabase.Create(matchingDatabase);
        this.matchingSettings = matchingSettings;
        Courses = new ServiceProcess("services/Courses/Courses.Api", Settings(coursesDb));
        Employers = new ServiceProcess("services/Employers/Employers.Api", Settings(employersDb));
        Matching = new ServiceProcess("services/Matching/Matching.Api", MatchingSettings());
    }

    public ServiceProcess Courses { get; }

    public ServiceProcess Employers { get; }

    public ServiceProcess Matching { get; private set; }

    public async Task InitializeAsync() =>
        await Task.WhenAll(Courses.StartAsync(), Employers.StartAsync(), Matching.StartAsync());

    /// <summary>Kills the Matching service (SIGKILL) and starts it again on the same database.</summary>
    public async Task RestartMatchingAsync()
    {
        await Matching.DisposeAsync();
        Matching = new ServiceProcess("services/Matching/Matching.Api", MatchingSettings());
        await Matching.StartAsync();
    }

    /// <summary>A second Matching service on the same database and queues: a replica, as a scaled-out deployment runs it.</summary>
    public async Task<ServiceProcess> StartMatchingReplicaAsync()
    {
        var replica = new ServiceProcess("services/Matching/Matching.Api", MatchingSettings());
        await replica.StartAsync();
        return replica;
    }

    public Task<JsonArray> SuggestionsAsync(object query) => SuggestionsAsync(Matching, query);

    public static async Task<JsonArray> SuggestionsAsync(ServiceProcess matching, object query)
    {
        using var response = await matching.Client.PostAsJsonAsync("/matches", query);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"/matches answered {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!["suggestions"]!.AsArray();
    }

    /// <summary>Polls until <paramref name="condition"/> holds; a passed deadline (only a hung test reaches it) fails with <paramref name="what"/>.</summary>
    public Task EventuallyAsync(Func<Task<bool>> condition, string what, double seconds = 60) =>
        Poll.UntilAsync(condition, TimeSpan.FromSeconds(seconds), () => $"{what}\n--- matching log ---\n{Matching.Log}");

    public async Task DisposeAsync()
    {
        await Task.WhenAll(Courses.DisposeAsync().AsTask(), Employers.DisposeAsync().AsTask(), Matching.DisposeAsync().AsTask());
        vhost.Dispose();
        coursesDb.Dispose();
        employersDb.Dispose();
        matchingDb.Dispose();
    }

    private Dictionary<string, string> Settings(TestDatabase database) => ServiceProcess.Settings(vhost, database);

    private Dictionary<string, string> MatchingSettings()
    {
        var settings = Settings(matchingDb);
        foreach (var (key, value) in matchingSettings) settings[key] = value;
        return settings;
    }
}

[CollectionDefinition(nameof(MatchingSystem))]
public sealed class MatchingSystemCollection : ICollectionFixture<MatchingSystem>;

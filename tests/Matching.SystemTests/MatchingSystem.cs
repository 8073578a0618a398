using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Matching.Hosting.Data;
using Matching.Hosting.Security;
using Matching.Testing;

namespace Matching.SystemTests;

/// <summary>
/// The whole system as users run it: Courses, Employers and Matching as separate processes, each with
/// its own database (Employers on PostgreSQL, the others on SQLite unless a fixture says otherwise), over
/// RabbitMQ in a virtual host of this run, trusting the real identity service, where every test signs in as the role it
/// acts as: a course's provider publishes it, an employer posts its openings, a coordinator signs agreements and a
/// caseworker matches and places people.
/// </summary>
public class MatchingSystem : IAsyncLifetime
{
    /// <summary>The provider of the courses the tests publish.</summary>
    public const string Provider = "vhs-duisburg";

    /// <summary>A provider of no course here, to be refused what only a course's own provider may do.</summary>
    public const string OtherProvider = "bildungswerk-essen";

    /// <summary>Employers the identity service has a client for (<see cref="NewEmployer"/>): one per offer the tests publish.</summary>
    private const int EmployerClients = 40;

    private readonly RabbitMqVirtualHost vhost = RabbitMqVirtualHost.Create();
    private readonly TestDatabase coursesDb = TestDatabase.Sqlite();
    private readonly TestDatabase employersDb = TestDatabase.Postgres();
    private readonly TestDatabase matchingDb;
    private readonly IReadOnlyDictionary<string, string> matchingSettings;
    private int employersTaken;

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
        Identity = new IdentityProcess([
            (Roles.Provider, Provider), (Roles.Provider, OtherProvider),
            .. Enumerable.Range(1, EmployerClients).Select(n => (Roles.Employer, EmployerId(n)))]);
        Courses = new ServiceProcess("services/Courses/Courses.Api", Settings(coursesDb));
        Employers = new ServiceProcess("services/Employers/Employers.Api", Settings(employersDb));
        Matching = new ServiceProcess("services/Matching/Matching.Api", MatchingSettings());
    }

    public IdentityProcess Identity { get; }

    public ServiceProcess Courses { get; }

    public ServiceProcess Employers { get; }

    public ServiceProcess Matching { get; private set; }

    public async Task InitializeAsync()
    {
        await Identity.StartAsync();
        await Task.WhenAll(Courses.StartAsync(), Employers.StartAsync(), Matching.StartAsync());
    }

    /// <summary>An employer no test has used yet: each offer has an employer of its own, so no agreement covers another test's opening.</summary>
    public string NewEmployer()
    {
        var taken = Interlocked.Increment(ref employersTaken);
        if (taken > EmployerClients) throw new InvalidOperationException($"All {EmployerClients} employers are taken: raise MatchingSystem.EmployerClients");
        return EmployerId(taken);
    }

    /// <summary>A client of <paramref name="service"/> signed in at the identity service as <paramref name="role"/>.</summary>
    /// <remarks>Asked for anew each time: the Matching service may have been started again on another port.</remarks>
    public Task<HttpClient> AsAsync(ServiceProcess service, string role, string? organisation = null) =>
        Identity.SignedInAsync(service, role, organisation);

    /// <summary>The Courses service, as the course provider <paramref name="providerId"/>.</summary>
    public Task<HttpClient> AsProviderAsync(string providerId = Provider) => AsAsync(Courses, Roles.Provider, providerId);

    /// <summary>The Employers service, as the employer <paramref name="employerId"/>.</summary>
    public Task<HttpClient> AsEmployerAsync(string employerId) => AsAsync(Employers, Roles.Employer, employerId);

    /// <summary>The Employers service, as the city's coordinator, who signs agreements.</summary>
    public Task<HttpClient> AsCoordinatorAsync() => AsAsync(Employers, Roles.Coordinator);

    /// <summary><paramref name="service"/> (the Matching service unless named) as a caseworker.</summary>
    public Task<HttpClient> AsCaseworkerAsync(ServiceProcess? service = null) => AsAsync(service ?? Matching, Roles.Caseworker);

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

    /// <summary>What <paramref name="matching"/> (the service or a replica) suggests to a caseworker.</summary>
    public async Task<JsonArray> SuggestionsAsync(ServiceProcess matching, object query)
    {
        using var response = await (await AsCaseworkerAsync(matching)).PostAsJsonAsync("/matches", query);
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
        await Identity.DisposeAsync();
        vhost.Dispose();
        coursesDb.Dispose();
        employersDb.Dispose();
        matchingDb.Dispose();
    }

    private static string EmployerId(int n) => $"employer-{n}";

    private Dictionary<string, string> Settings(TestDatabase database)
    {
        var settings = ServiceProcess.Settings(vhost, database);
        foreach (var (key, value) in Identity.ServiceSettings) settings[key] = value;
        return settings;
    }

    private Dictionary<string, string> MatchingSettings()
    {
        var settings = Settings(matchingDb);
        foreach (var (key, value) in matchingSettings) settings[key] = value;
        return settings;
    }
}

[CollectionDefinition(nameof(MatchingSystem))]
public sealed class MatchingSystemCollection : ICollectionFixture<MatchingSystem>;

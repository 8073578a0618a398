using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Matching.Testing;
using MassTransit;
using MassTransit.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Matching.Api.Tests;

/// <summary>
/// The Matching service in memory, on a SQLite database of its own, with MassTransit's in-memory test harness as the bus
/// (events are fed by publishing them on it, as Courses and Employers would) and a clock that always says <see cref="Today"/>.
/// It trusts the test run's tokens (<see cref="Tokens"/>); a test signs in as whoever it acts as, a caseworker mostly.
/// </summary>
public sealed class MatchingApp : WebApplicationFactory<Program>
{
    public static readonly DateOnly Today = new(2027, 1, 4);

    /// <summary>Only fails a hung test: every wait here ends as soon as what it waits for has happened.</summary>
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private readonly bool ownsDatabase;

    public MatchingApp() : this(TestDatabase.Sqlite(), ownsDatabase: true)
    {
    }

    private MatchingApp(TestDatabase database, bool ownsDatabase)
    {
        Database = database;
        this.ownsDatabase = ownsDatabase;
    }

    public TestDatabase Database { get; }

    /// <summary>Another instance of the service on an existing database, as after a restart; the database stays the caller's.</summary>
    public static MatchingApp On(TestDatabase database) => new(database, ownsDatabase: false);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:Database", Database.ConnectionString);
        foreach (var (key, value) in Tokens.Settings) builder.UseSetting(key, value);
        builder.ConfigureTestServices(services =>
        {
            services.AddMassTransitTestHarness();
            services.AddSingleton<TimeProvider>(new FixedClock(new DateTimeOffset(Today, new TimeOnly(9, 30), TimeSpan.Zero)));
        });
    }

    /// <summary>Publishes an event on the bus the projections listen to.</summary>
    public Task PublishAsync<T>(T message) where T : class => Services.GetTestHarness().Bus.Publish(message);

    /// <summary>Waits until the projections have consumed a message that matches, <paramref name="times"/> times.</summary>
    public Task ConsumedAsync<T>(Func<T, bool> match, int times = 1) where T : class =>
        EventuallyAsync(() =>
        {
            using var consumedSoFar = new CancellationTokenSource();
            consumedSoFar.Cancel(); // a snapshot: the harness's own wait ends only when the bus has been idle a while
            var consumed = Services.GetTestHarness().Consumed.Select<T>(consumedSoFar.Token).Count(consumed => match(consumed.Context.Message));
            return Task.FromResult(consumed >= times);
        }, () => $"the projections did not consume the {typeof(T).Name} {times} time(s)");

    /// <summary>A client signed in as a caseworker, who asks for matches and allocations.</summary>
    public HttpClient AsCaseworker() => CreateClient().SignedIn(Tokens.Caseworker());

    /// <summary>A client signed in as an admin, who reads the /admin endpoints.</summary>
    public HttpClient AsAdmin() => CreateClient().SignedIn(Tokens.Admin());

    public Task<HttpResponseMessage> MatchAsync(JsonNode query) =>
        AsCaseworker().PostAsync("/matches", new StringContent(query.ToJsonString(), Encoding.UTF8, "application/json"));

    /// <summary>The whole answer of <c>POST /matches</c>, which must be 200.</summary>
    public async Task<JsonObject> AnswerAsync(JsonNode query)
    {
        using var response = await MatchAsync(query);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"/matches answered {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    public async Task<JsonArray> SuggestionsAsync(JsonNode query) => (await AnswerAsync(query))["suggestions"]!.AsArray();

    /// <summary>Asks <c>/matches</c> again and again until <paramref name="condition"/> holds; a hung test fails with <paramref name="what"/>.</summary>
    public async Task<JsonArray> SuggestionsOnceAsync(JsonNode query, Func<JsonArray, bool> condition, string what)
    {
        JsonArray suggestions = [];
        await EventuallyAsync(async () => condition(suggestions = await SuggestionsAsync(query)), () => $"{what}; the last suggestions were {suggestions.ToJsonString()}");
        return suggestions;
    }

    /// <summary>The fields a 400 problem-details answer names.</summary>
    public static async Task<string[]> ErrorFieldsAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        return problem.GetProperty("errors").EnumerateObject().Select(error => error.Name).ToArray();
    }

    public async Task<long?> StoredVersionAsync(string table, Guid id)
    {
        await using var connection = await Database.Db.OpenAsync();
        return await connection.ExecuteScalarAsync<long?>($"select version from {table} where id = @id", new { id });
    }

    /// <summary>Waits until the database holds <paramref name="version"/> of the row. The catalog is also fed on a queue of
    /// its own, so matches can show an event before its durable consumer has stored it.</summary>
    public Task StoredAsync(string table, Guid id, long version) =>
        EventuallyAsync(async () => await StoredVersionAsync(table, id) == version, () => $"{table} {id} should be stored at version {version}");

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (ownsDatabase) Database.Dispose();
    }

    private static Task EventuallyAsync(Func<Task<bool>> condition, Func<string> failure) =>
        Poll.UntilAsync(condition, Deadline, failure);
}

/// <summary>A clock stopped at one instant, in UTC, so that "today" is known (Microsoft.Extensions.TimeProvider.Testing is not at hand).</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;
}

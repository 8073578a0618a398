using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using MassTransit;
using MassTransit.Testing;
using Matching.Contracts;
using Matching.Hosting.Messaging;
using Matching.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;

namespace Employers.Tests;

/// <summary>
/// The Employers service on a SQLite database of its own, with MassTransit's in-memory harness in place of RabbitMQ. It
/// trusts the test run's tokens (<see cref="Tokens"/>); a test signs in as whoever it acts as.
/// </summary>
public sealed class EmployersApi : WebApplicationFactory<Program>
{
    public TestDatabase Database { get; } = TestDatabase.Sqlite();

    private ITestHarness Harness => Services.GetTestHarness();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:Database", Database.ConnectionString);
        foreach (var (key, value) in Tokens.Settings) builder.UseSetting(key, value);
        builder.ConfigureTestServices(services => services.AddMassTransitTestHarness());
    }

    /// <summary>A client signed in as the employer <paramref name="employerId"/>.</summary>
    public HttpClient AsEmployer(string employerId = Requests.ExampleEmployer) => CreateClient().SignedIn(Tokens.Employer(employerId));

    /// <summary>A client signed in as a coordinator of the city, who signs agreements.</summary>
    public HttpClient AsCoordinator() => CreateClient().SignedIn(Tokens.Coordinator());

    /// <summary>
    /// Posts as whoever does so: an opening as the employer its body names (the example employer when it names none
    /// that could be one), an agreement as a coordinator.
    /// </summary>
    public Task<HttpResponseMessage> PostAsync(string path, JsonNode body) =>
        PostAsync(path, body, path == "/agreements" ? Tokens.Coordinator() : Tokens.Employer(EmployerOf(body)));

    public Task<HttpResponseMessage> PostAsync(string path, JsonNode body, string token) =>
        CreateClient().SignedIn(token).PostAsync(path, new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));

    public async Task<T> ReadAsync<T>(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<T>(MessageJson.Options))!;

    /// <summary>The fields a 400 problem-details answer names.</summary>
    public async Task<string[]> ErrorFieldsAsync(HttpResponseMessage response)
    {
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return problem.RootElement.GetProperty("errors").EnumerateObject().Select(error => error.Name).ToArray();
    }

    public async Task<long> CountRowsAsync(string table)
    {
        await using var connection = await Database.Db.OpenAsync();
        return await connection.ExecuteScalarAsync<long>($"select count(*) from {table}");
    }

    /// <summary>
    /// The messages of type <typeparamref name="T"/> published so far, once the outbox relay has sent every committed row.
    /// The relay runs apart from the request, so this polls (up to 30 s, for a hung test): the harness's own waiting ends at bus inactivity.
    /// </summary>
    public async Task<IReadOnlyList<T>> PublishedAsync<T>() where T : class
    {
        var deadline = DateTime.UtcNow.AddSeconds(30); // only fails a hung test
        while (await CountUnsentAsync() > 0)
        {
            if (DateTime.UtcNow > deadline) Assert.Fail("The outbox relay did not publish the events within 30 s");
            await Task.Delay(50);
        }

        return Harness.Published.Select<T>().Select(published => published.Context.Message).ToList();
    }

    /// <summary>
    /// Asks for a position (and quota) over the bus, as the Matching service does for a placement, and waits for the answer:
    /// why it was refused, or null when the placement holds it.
    /// </summary>
    public async Task<string?> HoldPositionAsync(HoldPosition command)
    {
        await Harness.Bus.Publish(command);
        var deadline = DateTime.UtcNow.AddSeconds(30); // only fails a hung test
        while (true)
        {
            if ((await PublishedAsync<PositionHeld>()).Any(held => held.PlacementId == command.PlacementId)) return null;
            if ((await PublishedAsync<PositionRefused>()).FirstOrDefault(refused => refused.PlacementId == command.PlacementId) is { } refusal) return refusal.Reason;
            if (DateTime.UtcNow > deadline) Assert.Fail($"HoldPosition for placement {command.PlacementId} was not answered within 30 s");
            await Task.Delay(50);
        }
    }

    /// <summary>Gives the placement's position back over the bus and waits for the answer.</summary>
    public async Task ReleasePositionAsync(ReleasePosition command)
    {
        await Harness.Bus.Publish(command);
        var deadline = DateTime.UtcNow.AddSeconds(30); // only fails a hung test
        while (!(await PublishedAsync<PositionReleased>()).Any(released => released.PlacementId == command.PlacementId))
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"ReleasePosition for placement {command.PlacementId} was not answered within 30 s");
            await Task.Delay(50);
        }
    }

    /// <summary>The answer of a GET as a caseworker sees it (every employer's), as JSON with every field, known to this test's build or not.</summary>
    public async Task<JsonObject> GetJsonAsync(string path) =>
        (await CreateClient().SignedIn(Tokens.Caseworker()).GetFromJsonAsync<JsonObject>(path))!;

    public async Task<JsonArray> GetJsonArrayAsync(string path) =>
        (await CreateClient().SignedIn(Tokens.Caseworker()).GetFromJsonAsync<JsonArray>(path))!;

    /// <summary>The events in the outbox that mention <paramref name="id"/>, sent or not.</summary>
    public async Task<long> CountEventsAboutAsync(Guid id)
    {
        await using var connection = await Database.Db.OpenAsync();
        var bodies = await connection.QueryAsync<string>("select body from outbox_messages");
        return bodies.Count(body => body.Contains(id.ToString(), StringComparison.Ordinal));
    }

    private static string EmployerOf(JsonNode body) =>
        body["employerId"] is JsonValue value && value.TryGetValue<string>(out var employerId) && employerId.Trim().Length > 0
            ? employerId.Trim()
            : Requests.ExampleEmployer;

    private async Task<long> CountUnsentAsync()
    {
        await using var connection = await Database.Db.OpenAsync();
        return await connection.ExecuteScalarAsync<long>("select count(*) from outbox_messages where sent_at is null");
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) Database.Dispose();
    }
}

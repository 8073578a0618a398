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

/// <summary>The Employers service on a SQLite database of its own, with MassTransit's in-memory harness in place of RabbitMQ.</summary>
public sealed class EmployersApi : WebApplicationFactory<Program>
{
    private readonly TestDatabase database = TestDatabase.Sqlite();

    private ITestHarness Harness => Services.GetTestHarness();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:Database", database.ConnectionString);
        builder.ConfigureTestServices(services => services.AddMassTransitTestHarness());
    }

    public Task<HttpResponseMessage> PostAsync(string path, JsonNode body) =>
        CreateClient().PostAsync(path, new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));

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
        await using var connection = await database.Db.OpenAsync();
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

    /// <summary>The answer of a GET as JSON, with every field, known to this test's build or not.</summary>
    public async Task<JsonObject> GetJsonAsync(string path) =>
        (await CreateClient().GetFromJsonAsync<JsonObject>(path))!;

    public async Task<JsonArray> GetJsonArrayAsync(string path) =>
        (await CreateClient().GetFromJsonAsync<JsonArray>(path))!;

    /// <summary>The events in the outbox that mention <paramref name="id"/>, sent or not.</summary>
    public async Task<long> CountEventsAboutAsync(Guid id)
    {
        await using var connection = await database.Db.OpenAsync();
        var bodies = await connection.QueryAsync<string>("select body from outbox_messages");
        return bodies.Count(body => body.Contains(id.ToString(), StringComparison.Ordinal));
    }

    private async Task<long> CountUnsentAsync()
    {
        await using var connection = await database.Db.OpenAsync();
        return await connection.ExecuteScalarAsync<long>("select count(*) from outbox_messages where sent_at is null");
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) database.Dispose();
    }
}

using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using MassTransit;
using MassTransit.Testing;
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
    /// The relay runs apart from the request, so this polls for up to 5 s: the harness's own waiting ends at bus inactivity.
    /// </summary>
    public async Task<IReadOnlyList<T>> PublishedAsync<T>() where T : class
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (await CountUnsentAsync() > 0)
        {
            if (DateTime.UtcNow > deadline) Assert.Fail("The outbox relay did not publish the events within 5 s");
            await Task.Delay(50);
        }

        return Harness.Published.Select<T>().Select(published => published.Context.Message).ToList();
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

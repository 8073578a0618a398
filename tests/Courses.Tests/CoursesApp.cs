using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Courses.Api.Courses;
using Dapper;
using Matching.Hosting.Messaging;
using Matching.Testing;
using MassTransit;
using MassTransit.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Courses.Tests;

/// <summary>The Courses service in memory, on a SQLite database of its own, with MassTransit's in-memory test harness as the bus.</summary>
public sealed class CoursesApp : WebApplicationFactory<Program>
{
    private static readonly TimeSpan EventDeadline = TimeSpan.FromSeconds(5);

    public TestDatabase Database { get; } = TestDatabase.Sqlite();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:Database", Database.ConnectionString);
        builder.ConfigureTestServices(services => services.AddMassTransitTestHarness());
    }

    /// <summary>The example course of the design, as a provider would send it.</summary>
    public static JsonObject ExampleCourse(string providerId = "vhs-duisburg") => JsonNode.Parse($$"""
        { "providerId": "{{providerId}}", "title": "Integrationskurs (vormittags)",
          "kind": "integration", "levelFrom": "none", "levelTo": "B1",
          "location": { "place": "Hochfeld" }, "online": false,
          "startsOn": "2027-01-11", "endsOn": "2027-06-30", "hoursPerWeek": 25,
          "schedule": "morning", "childcare": true, "seatsTotal": 20, "seatsFree": 6 }
        """)!.AsObject();

    public async Task<CourseResponse> PublishAsync(JsonObject course)
    {
        var response = await CreateClient().PostAsJsonAsync("/courses", course);
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<CourseResponse>(MessageJson.Options))!;
    }

    /// <summary>
    /// The event of type <typeparamref name="T"/> that the outbox relay published and that matches, waiting up to five
    /// seconds. It polls: the harness's own wait stops waiting once the bus has been idle for a few seconds.
    /// </summary>
    public async Task<T> PublishedAsync<T>(Func<T, bool> match) where T : class
    {
        var harness = Services.GetTestHarness();
        using var publishedSoFar = new CancellationTokenSource();
        publishedSoFar.Cancel();
        var deadline = DateTime.UtcNow + EventDeadline;
        while (true)
        {
            var found = harness.Published.Select<T>(publishedSoFar.Token).Select(published => published.Context.Message).FirstOrDefault(match);
            if (found is not null) return found;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"No matching {typeof(T).Name} was published within {EventDeadline.TotalSeconds} s");
            await Task.Delay(50);
        }
    }

    public async Task<long> CountRowsAsync(string table)
    {
        await using var connection = await Database.Db.OpenAsync();
        return await connection.ExecuteScalarAsync<long>($"select count(*) from {table}");
    }

    public static async Task<JsonElement> ReadErrorsAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        return problem.GetProperty("errors");
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Database.Dispose();
    }
}

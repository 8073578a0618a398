using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Courses.Api.Courses;
using Dapper;
using Matching.Contracts;
using Matching.Hosting.Messaging;
using Matching.Testing;
using MassTransit;
using MassTransit.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Courses.Tests;

/// <summary>
/// The Courses service in memory, on a SQLite database of its own, with MassTransit's in-memory test harness as the bus.
/// It trusts the test run's tokens (<see cref="Tokens"/>); a test signs in as whoever it acts as.
/// </summary>
public sealed class CoursesApp : WebApplicationFactory<Program>
{
    /// <summary>The provider of the example course.</summary>
    public const string ExampleProvider = "vhs-duisburg";

    private static readonly TimeSpan EventDeadline = TimeSpan.FromSeconds(30); // only fails a hung test

    public TestDatabase Database { get; } = TestDatabase.Sqlite();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:Database", Database.ConnectionString);
        foreach (var (key, value) in Tokens.Settings) builder.UseSetting(key, value);
        builder.ConfigureTestServices(services => services.AddMassTransitTestHarness());
    }

    /// <summary>A client signed in as the course provider <paramref name="providerId"/>.</summary>
    public HttpClient AsProvider(string providerId = ExampleProvider) => CreateClient().SignedIn(Tokens.Provider(providerId));

    /// <summary>The example course of the design, as a provider would send it.</summary>
    public static JsonObject ExampleCourse(string providerId = ExampleProvider) => JsonNode.Parse($$"""
        { "providerId": "{{providerId}}", "title": "Integrationskurs (vormittags)",
          "kind": "integration", "levelFrom": "none", "levelTo": "B1",
          "location": { "place": "Hochfeld" }, "online": false,
          "startsOn": "2027-01-11", "endsOn": "2027-06-30", "hoursPerWeek": 25,
          "schedule": "morning", "childcare": true, "seatsTotal": 20, "seatsFree": 6 }
        """)!.AsObject();

    /// <summary>Publishes the course as the provider it names, or as <paramref name="providerId"/> when the body spells it otherwise.</summary>
    public async Task<CourseResponse> PublishAsync(JsonObject course, string? providerId = null)
    {
        var response = await AsProvider(providerId ?? (string)course["providerId"]!).PostAsJsonAsync("/courses", course);
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<CourseResponse>(MessageJson.Options))!;
    }

    /// <summary>
    /// The event of type <typeparamref name="T"/> that the outbox relay published and that matches, waiting up to
    /// 30 seconds (for a hung test). It polls: the harness's own wait stops waiting once the bus has been idle for a few seconds.
    /// </summary>
    public async Task<T> PublishedAsync<T>(Func<T, bool> match) where T : class
    {
        var deadline = DateTime.UtcNow + EventDeadline;
        while (true)
        {
            var found = PublishedSoFar<T>().FirstOrDefault(match);
            if (found is not null) return found;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"No matching {typeof(T).Name} was published within {EventDeadline.TotalSeconds} s");
            await Task.Delay(50);
        }
    }

    /// <summary>
    /// Asks for a seat over the bus, as the Matching service does for a placement, and waits for the answer:
    /// why the seat was refused, or null when the placement holds it.
    /// </summary>
    public async Task<string?> ReserveSeatAsync(Guid courseId, Guid placementId)
    {
        await Services.GetTestHarness().Bus.Publish(new ReserveSeat(placementId, courseId));
        var deadline = DateTime.UtcNow + EventDeadline;
        while (true)
        {
            if (PublishedSoFar<SeatReserved>().Any(reserved => reserved.PlacementId == placementId)) return null;
            if (PublishedSoFar<SeatRefused>().FirstOrDefault(refused => refused.PlacementId == placementId) is { } refusal) return refusal.Reason;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"ReserveSeat for placement {placementId} was not answered within {EventDeadline.TotalSeconds} s");
            await Task.Delay(50);
        }
    }

    /// <summary>Gives the placement's seat back over the bus and waits for the answer.</summary>
    public async Task ReleaseSeatAsync(Guid courseId, Guid placementId)
    {
        await Services.GetTestHarness().Bus.Publish(new ReleaseSeat(placementId, courseId));
        await PublishedAsync<SeatReleased>(released => released.PlacementId == placementId);
    }

    /// <summary>The course as the API shows it now (to anyone), with every field, known to this test's build or not.</summary>
    public async Task<JsonObject> GetCourseAsync(Guid courseId) =>
        (await CreateClient().GetFromJsonAsync<JsonObject>($"/courses/{courseId}"))!;

    /// <summary>The events in the outbox that carry the course, sent or not.</summary>
    public async Task<long> CountEventsAboutAsync(Guid courseId)
    {
        await using var connection = await Database.Db.OpenAsync();
        var bodies = await connection.QueryAsync<string>("select body from outbox_messages");
        return bodies.Count(body => body.Contains(courseId.ToString(), StringComparison.Ordinal));
    }

    private IEnumerable<T> PublishedSoFar<T>() where T : class
    {
        // A cancelled token: what has been published so far, without waiting for more.
        using var publishedSoFar = new CancellationTokenSource();
        publishedSoFar.Cancel();
        return Services.GetTestHarness().Published.Select<T>(publishedSoFar.Token).Select(published => published.Context.Message).ToList();
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

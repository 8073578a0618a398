using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Matching.Contracts;
using Matching.Engine;
using Matching.Testing;
using MassTransit;
using MassTransit.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Matching.Api.Tests.Placements;

/// <summary>A course, an opening and an agreement of the opening's employer, as the catalog holds them.</summary>
public sealed record Offer(CourseState Course, OpeningState Opening, AgreementState Agreement);

/// <summary>
/// The Matching service in memory for placement tests: a database of its own (SQLite unless a subclass says otherwise),
/// MassTransit's in-memory test harness as the bus, and the real clock. The test plays Courses and Employers: it publishes
/// their events and answers, and reads the commands the service sent them from the harness. It trusts the test run's
/// tokens (<see cref="Tokens"/>); the helpers act as a caseworker, whose placements these are.
/// </summary>
public class PlacementsApp : WebApplicationFactory<Program>
{
    // Generous: it only fails a hung test.
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private readonly IReadOnlyDictionary<string, string> settings;

    public PlacementsApp() : this(TestDatabase.Sqlite(), new Dictionary<string, string>())
    {
    }

    /// <param name="settings">Settings beside the usual ones, e.g. a short request timeout.</param>
    protected PlacementsApp(TestDatabase database, IReadOnlyDictionary<string, string> settings)
    {
        Database = database;
        this.settings = settings;
    }

    public TestDatabase Database { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Database:Provider", Database.Provider.ToString());
        builder.UseSetting("ConnectionStrings:Database", Database.ConnectionString);
        foreach (var (key, value) in Tokens.Settings) builder.UseSetting(key, value);
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
        builder.ConfigureTestServices(services => services.AddMassTransitTestHarness());
    }

    private ITestHarness Harness => Services.GetTestHarness();

    /// <summary>A client signed in as a caseworker, who requests, reads, confirms and cancels placements.</summary>
    public HttpClient AsCaseworker() => CreateClient().SignedIn(Tokens.Caseworker());

    private Catalog Catalog => Services.GetRequiredService<Catalog>();

    /// <summary>Publishes a course, an opening and an agreement of its employer (see <see cref="Given"/>), at a spot of their own, and waits until the catalog holds them.</summary>
    public async Task<Offer> OfferAsync(Func<AgreementState, AgreementState>? agreement = null)
    {
        var spot = Given.SpotOfItsOwn();
        var opening = Given.Opening(spot);
        var offer = new Offer(Given.Course(spot), opening, (agreement ?? (same => same))(Given.Agreement(opening)));
        await Harness.Bus.Publish(new CoursePublished(offer.Course));
        await Harness.Bus.Publish(new OpeningPosted(offer.Opening));
        await Harness.Bus.Publish(new AgreementSigned(offer.Agreement));
        await EventuallyAsync(() => Catalog.FindCourse(offer.Course.Id) is not null && Catalog.FindOpening(offer.Opening.Id) is not null
            && Catalog.FindAgreement(offer.Agreement.Id) is not null, "the catalog holds the offer");
        return offer;
    }

    public async Task WithdrawAsync(CourseState course)
    {
        await Harness.Bus.Publish(new CourseWithdrawn(course with { Version = course.Version + 1, Withdrawn = true }));
        await EventuallyAsync(() => Catalog.FindCourse(course.Id) is { Withdrawn: true }, "the catalog holds the course as withdrawn");
    }

    public async Task CloseAsync(OpeningState opening)
    {
        await Harness.Bus.Publish(new OpeningClosed(opening with { Version = opening.Version + 1, Closed = true }));
        await EventuallyAsync(() => Catalog.FindOpening(opening.Id) is { Closed: true }, "the catalog holds the opening as closed");
    }

    /// <summary><c>POST /placements</c> with the body and, if given, an <c>Idempotency-Key</c>.</summary>
    public Task<HttpResponseMessage> RequestAsync(object body, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/placements")
        {
            Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"),
        };
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        return AsCaseworker().SendAsync(request);
    }

    /// <summary>Requests a placement, which must be accepted; its id.</summary>
    public async Task<Guid> PlaceAsync(object body, string? idempotencyKey = null)
    {
        using var response = await RequestAsync(body, idempotencyKey);
        return await AcceptedAsync(response);
    }

    /// <summary>The id of the placement a 202 answer names, checked against its Location.</summary>
    public static async Task<Guid> AcceptedAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"POST /placements answered {(int)response.StatusCode}: {text}");
        var id = (Guid)JsonNode.Parse(text)!["id"]!;
        Assert.Equal($"/placements/{id}", response.Headers.Location?.OriginalString);
        return id;
    }

    public async Task<JsonObject> PlacementAsync(Guid id) =>
        (await AsCaseworker().GetFromJsonAsync<JsonObject>($"/placements/{id}"))!;

    public async Task<JsonArray> PlacementsAsync(string reference) =>
        (await AsCaseworker().GetFromJsonAsync<JsonArray>($"/placements?reference={Uri.EscapeDataString(reference)}"))!;

    public Task<HttpResponseMessage> ConfirmAsync(Guid id) => AsCaseworker().PostAsync($"/placements/{id}/confirm", null);

    public Task<HttpResponseMessage> CancelAsync(Guid id) => AsCaseworker().PostAsync($"/placements/{id}/cancel", null);

    /// <summary>Waits until the placement is in <paramref name="state"/>; the placement then.</summary>
    public async Task<JsonObject> WaitForAsync(Guid id, string state, double seconds = 60)
    {
        JsonObject placement = [];
        await Poll.UntilAsync(async () => State(placement = await PlacementAsync(id)) == state, TimeSpan.FromSeconds(seconds),
            () => $"placement {id} should be {state}, is {placement.ToJsonString()}");
        return placement;
    }

    /// <summary>Answers as Courses or Employers would.</summary>
    public Task AnswerAsync<T>(T answer) where T : class => Harness.Bus.Publish(answer);

    /// <summary>How many commands (or any messages) that match the service has put on the bus so far.</summary>
    public int Sent<T>(Func<T, bool> match) where T : class
    {
        using var soFar = new CancellationTokenSource();
        soFar.Cancel(); // a snapshot: the harness's own wait ends only when the bus has been idle a while
        return Harness.Published.Select<T>(soFar.Token).Count(sent => match(sent.Context.Message));
    }

    /// <summary>Waits until the service has put a message that matches on the bus.</summary>
    public Task SentAsync<T>(Func<T, bool> match) where T : class =>
        EventuallyAsync(() => Sent(match) > 0, $"a {typeof(T).Name} is sent");

    /// <summary>Waits until the service has consumed a message that matches; whether that ended in an exception.</summary>
    public async Task<Exception?> ConsumedAsync<T>(Func<T, bool> match) where T : class
    {
        IReceivedMessage<T>? consumed = null;
        await EventuallyAsync(() =>
        {
            using var soFar = new CancellationTokenSource();
            soFar.Cancel();
            consumed = Harness.Consumed.Select<T>(soFar.Token).FirstOrDefault(received => match(received.Context.Message));
            return consumed is not null;
        }, $"a {typeof(T).Name} is consumed");
        return consumed!.Exception;
    }

    public static string? State(JsonObject placement) => (string?)placement["state"];

    public static string? Reason(JsonObject placement) => (string?)placement["reason"];

    /// <summary>The states of the placement's history, in order.</summary>
    public static string[] History(JsonObject placement) =>
        placement["history"]!.AsArray().Select(change => (string)change!["state"]!).ToArray();

    /// <summary>The problem-details answer, which must have <paramref name="status"/>.</summary>
    public static async Task<JsonObject> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonNode.Parse(text)!.AsObject();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Database.Dispose();
    }

    private static Task EventuallyAsync(Func<bool> condition, string what) =>
        Poll.UntilAsync(() => Task.FromResult(condition()), Deadline, () => what);
}

/// <summary>The same on PostgreSQL, where requests at once really run side by side.</summary>
public sealed class PostgresPlacementsApp() : PlacementsApp(TestDatabase.Postgres(), new Dictionary<string, string>());

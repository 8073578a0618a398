using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Load;

/// <summary>Where the running system answers and how the tool signs in to it, as whom it may act.</summary>
/// <param name="Token">An access token for a role (and organisation, for providers and employers).</param>
/// <param name="ProviderIds">The course providers the identity service has a client for.</param>
/// <param name="EmployerIds">The employers the identity service has a client for.</param>
/// <param name="RestartMatching">Kills the Matching service and starts it again on its database; answers where it now
/// listens. Null when the tool may not (then cold start is skipped).</param>
/// <param name="RabbitMq">The broker the raw baseline publishes to (a connection URI).</param>
public sealed record SystemAddress(
    Uri Courses, Uri Employers, Uri Matching,
    Func<string, string?, Task<string>> Token,
    IReadOnlyList<string> ProviderIds, IReadOnlyList<string> EmployerIds,
    Func<Task<Uri>>? RestartMatching,
    Uri RabbitMq);

/// <summary>
/// The running system, spoken to only over HTTP as its users do: a client per service and role with a pool of as many
/// connections as the scenario needs, the bodies the APIs take, and the few reads the scenarios poll.
/// </summary>
public sealed class RunningSystem(SystemAddress address) : IDisposable
{
    private readonly Dictionary<string, HttpClient> clients = [];
    private readonly SemaphoreSlim signingIn = new(1);

    public SystemAddress Address => address;

    public Uri MatchingUri { get; private set; } = address.Matching;

    /// <summary>A client of the service signed in as the role, over at most <paramref name="connections"/> connections.</summary>
    public async Task<HttpClient> AsAsync(Uri service, string role, string? organisation = null, int connections = 64)
    {
        var key = $"{service}|{role}|{organisation}|{connections}";
        await signingIn.WaitAsync();
        try
        {
            if (clients.TryGetValue(key, out var client)) return client;
            var handler = new SocketsHttpHandler
            {
                MaxConnectionsPerServer = connections,
                PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
                UseCookies = false,
            };
            client = new HttpClient(handler) { BaseAddress = service, Timeout = TimeSpan.FromSeconds(100) };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await address.Token(role, organisation));
            clients[key] = client;
            return client;
        }
        finally
        {
            signingIn.Release();
        }
    }

    public Task<HttpClient> CaseworkersAsync(int connections = 64) => AsAsync(MatchingUri, "caseworker", connections: connections);

    /// <summary>Publishes a course as its provider; answers its id.</summary>
    public async Task<Guid> PublishCourseAsync(object course, string providerId, int connections = 64)
    {
        var client = await AsAsync(address.Courses, "provider", providerId, connections);
        return await CreatedIdAsync(await client.PostAsJsonAsync("/courses", course, Bodies.Json));
    }

    public async Task<HttpStatusCode> ChangeSeatsAsync(Guid courseId, string providerId, int seatsFree, int connections = 64)
    {
        var client = await AsAsync(address.Courses, "provider", providerId, connections);
        using var response = await client.PutAsJsonAsync($"/courses/{courseId}/seats", new { seatsFree }, Bodies.Json);
        return response.StatusCode;
    }

    /// <summary>Withdraws a course as its provider; a course already withdrawn stays so.</summary>
    public async Task<HttpStatusCode> WithdrawCourseAsync(Guid courseId, string providerId, int connections = 64)
    {
        var client = await AsAsync(address.Courses, "provider", providerId, connections);
        using var response = await client.DeleteAsync($"/courses/{courseId}");
        return response.StatusCode;
    }

    /// <summary>The ids of the provider's courses that are not withdrawn and carry <paramref name="title"/>, every page of them.</summary>
    public async Task<IReadOnlyList<Guid>> OfferedCoursesAsync(string providerId, string title)
    {
        var client = await AsAsync(address.Courses, "provider", providerId);
        var found = new List<Guid>();
        for (var page = 1; ; page++)
        {
            var courses = await client.GetFromJsonAsync<JsonArray>(
                $"/courses?providerId={Uri.EscapeDataString(providerId)}&page={page}&pageSize=100") ?? [];
            found.AddRange(courses.Where(course => (string?)course?["title"] == title).Select(course => (Guid)course!["id"]!));
            if (courses.Count < 100) return found;
        }
    }

    public async Task<Guid> PostOpeningAsync(object opening, string employerId, int connections = 64)
    {
        var client = await AsAsync(address.Employers, "employer", employerId, connections);
        return await CreatedIdAsync(await client.PostAsJsonAsync("/openings", opening, Bodies.Json));
    }

    public async Task<Guid> SignAgreementAsync(object agreement, int connections = 64)
    {
        var client = await AsAsync(address.Employers, "coordinator", connections: connections);
        return await CreatedIdAsync(await client.PostAsJsonAsync("/agreements", agreement, Bodies.Json));
    }

    /// <summary>The suggestions of <c>POST /matches</c>.</summary>
    public async Task<JsonArray> MatchAsync(object request, HttpClient? caseworkers = null)
    {
        caseworkers ??= await CaseworkersAsync();
        using var response = await caseworkers.PostAsJsonAsync("/matches", request, Bodies.Json);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new HttpRequestException($"/matches answered {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!["suggestions"]!.AsArray();
    }

    /// <summary>Whether Matching's catalog holds the course or opening: <c>/matches/why-not</c> answers 404 for one it does not.</summary>
    public async Task<JsonNode?> WhyNotAsync(object person, Guid? courseId = null, Guid? openingId = null)
    {
        var caseworkers = await CaseworkersAsync();
        using var response = await caseworkers.PostAsJsonAsync("/matches/why-not", new { person, courseId, openingId }, Bodies.Json);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new HttpRequestException($"/matches/why-not answered {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body);
    }

    /// <summary>Requests a placement; answers its id, or null with the status when it was refused at once.</summary>
    public async Task<(Guid? Id, HttpStatusCode Status)> RequestPlacementAsync(object placement, HttpClient caseworkers)
    {
        using var response = await caseworkers.PostAsJsonAsync("/placements", placement, Bodies.Json);
        if (response.StatusCode != HttpStatusCode.Accepted) return (null, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        return (body!["id"]!.GetValue<Guid>(), response.StatusCode);
    }

    public async Task<JsonObject> PlacementAsync(Guid id, HttpClient caseworkers) =>
        (await caseworkers.GetFromJsonAsync<JsonObject>($"/placements/{id}"))!;

    /// <summary>Whether the service answers its readiness probe.</summary>
    public static async Task<bool> ReadyAsync(HttpClient anonymous, Uri service)
    {
        try
        {
            using var response = await anonymous.GetAsync(new Uri(service, "/health/ready"));
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    /// <summary>Kills Matching and starts it again (see <see cref="SystemAddress.RestartMatching"/>); later clients go to where it now listens.</summary>
    public async Task RestartMatchingAsync()
    {
        MatchingUri = await address.RestartMatching!();
        await signingIn.WaitAsync();
        try
        {
            foreach (var key in clients.Keys.Where(key => !key.StartsWith(address.Courses.ToString(), StringComparison.Ordinal)
                                                         && !key.StartsWith(address.Employers.ToString(), StringComparison.Ordinal)).ToList())
            {
                clients[key].Dispose();
                clients.Remove(key);
            }
        }
        finally
        {
            signingIn.Release();
        }
    }

    public void Dispose()
    {
        foreach (var client in clients.Values) client.Dispose();
        signingIn.Dispose();
    }

    private static async Task<Guid> CreatedIdAsync(HttpResponseMessage response)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.Created)
                throw new HttpRequestException($"{response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {body}");
            return JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid();
        }
    }
}

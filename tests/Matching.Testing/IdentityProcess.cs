using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Serialization;

namespace Matching.Testing;

/// <summary>
/// The real identity service as a process, with one machine client per role and organisation the tests sign in as
/// (client id <c>role</c> or <c>role-organisation</c>). Services started beside it trust it through
/// <see cref="ServiceSettings"/>; tests sign in with <see cref="TokenAsync"/>, as a provider's booking system would.
/// </summary>
public sealed class IdentityProcess : IAsyncDisposable
{
    private readonly TestDatabase database = TestDatabase.Sqlite();
    private readonly string keys = Directory.CreateTempSubdirectory("identity-keys-").FullName;
    private readonly ConcurrentDictionary<string, string> tokens = new();

    /// <param name="organisations">Role and organisation of every provider and employer client the tests need; caseworker,
    /// coordinator and admin clients are always there.</param>
    public IdentityProcess(IEnumerable<(string Role, string Organisation)> organisations)
    {
        var settings = new Dictionary<string, string>
        {
            ["Database:Provider"] = database.Provider.ToString(),
            ["ConnectionStrings:Database"] = database.ConnectionString,
            ["Identity:KeysPath"] = keys,
        };
        var clients = new List<(string Role, string? Organisation)> { ("caseworker", null), ("coordinator", null), ("admin", null) };
        clients.AddRange(organisations.Select(o => (o.Role, (string?)o.Organisation)));
        for (var i = 0; i < clients.Count; i++)
        {
            var (role, organisation) = clients[i];
            settings[$"Identity:Seed:Clients:{i}:ClientId"] = ClientId(role, organisation);
            settings[$"Identity:Seed:Clients:{i}:Secret"] = Secret(role, organisation);
            settings[$"Identity:Seed:Clients:{i}:Role"] = role;
            if (organisation is not null) settings[$"Identity:Seed:Clients:{i}:Organisation"] = organisation;
        }

        Process = new ServiceProcess("services/Identity/Identity.Api", settings);
    }

    public ServiceProcess Process { get; }

    /// <summary>What a service needs to trust this identity service's tokens.</summary>
    public IReadOnlyDictionary<string, string> ServiceSettings => new Dictionary<string, string>
    {
        ["Authentication:Authority"] = Process.Client.BaseAddress!.ToString(),
    };

    public Task StartAsync() => Process.StartAsync();

    /// <summary>An access token of the role's client (client credentials), fetched once and reused.</summary>
    public async Task<string> TokenAsync(string role, string? organisation = null)
    {
        var clientId = ClientId(role, organisation);
        if (tokens.TryGetValue(clientId, out var known)) return known;

        using var request = new HttpRequestMessage(HttpMethod.Post, "/connect/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials" }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{clientId}:{Secret(role, organisation)}")));
        using var response = await Process.Client.SendAsync(request);
        var answer = await response.Content.ReadFromJsonAsync<TokenAnswer>();
        if (!response.IsSuccessStatusCode || answer?.AccessToken is null)
            throw new InvalidOperationException($"No token for {clientId}: {(int)response.StatusCode}");
        return tokens[clientId] = answer.AccessToken;
    }

    /// <summary>A client of <paramref name="service"/> that signs every request in as the role.</summary>
    public async Task<HttpClient> SignedInAsync(ServiceProcess service, string role, string? organisation = null)
    {
        var client = new HttpClient { BaseAddress = service.Client.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(role, organisation));
        return client;
    }

    private static string ClientId(string role, string? organisation) => organisation is null ? role : $"{role}-{organisation}";

    private static string Secret(string role, string? organisation) => "secret-of-" + ClientId(role, organisation);

    public async ValueTask DisposeAsync()
    {
        await Process.DisposeAsync();
        database.Dispose();
        try { Directory.Delete(keys, recursive: true); } catch (IOException) { }
    }

    private sealed record TokenAnswer([property: JsonPropertyName("access_token")] string? AccessToken);
}

using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.IdentityModel.Tokens;

namespace Matching.Testing;

/// <summary>
/// The real identity service as a process, with one machine client per role and organisation the tests sign in as
/// (client id <c>role</c> or <c>role-organisation</c>). Services started beside it trust it through
/// <see cref="ServiceSettings"/>; tests sign in with <see cref="TokenAsync"/>, as a provider's booking system would.
/// It signs with a key of this test run (<c>Identity:SigningKey</c>, as a deployment gives it), so a test can also make
/// a token the identity service never issued: one that has expired, or names another audience (<see cref="AlteredTokenAsync"/>).
/// </summary>
public sealed class IdentityProcess : IAsyncDisposable
{
    private readonly TestDatabase database = TestDatabase.Sqlite();
    private readonly string keys = Directory.CreateTempSubdirectory("identity-keys-").FullName;
    private readonly RSA signingKey = RSA.Create(2048);
    private readonly RSA otherKey = RSA.Create(2048);
    private readonly ConcurrentDictionary<string, string> tokens = new();
    // One connection pool for every signed-in client: a client is cheap, and disposing it leaves the pool alone.
    private readonly SocketsHttpHandler connections = new();

    /// <param name="organisations">Role and organisation of every provider and employer client the tests need; caseworker,
    /// coordinator and admin clients are always there.</param>
    public IdentityProcess(IEnumerable<(string Role, string Organisation)> organisations)
    {
        var settings = new Dictionary<string, string>
        {
            ["Database:Provider"] = database.Provider.ToString(),
            ["ConnectionStrings:Database"] = database.ConnectionString,
            ["Identity:KeysPath"] = keys,
            ["Identity:SigningKey"] = signingKey.ExportPkcs8PrivateKeyPem(),
            // Thousands of token checks by the services, and no request log of its own worth reading.
            ["Serilog:MinimumLevel:Default"] = "Warning",
        };
        var clientList = new List<(string Role, string? Organisation)> { ("caseworker", null), ("coordinator", null), ("admin", null) };
        clientList.AddRange(organisations.Distinct().Select(o => (o.Role, (string?)o.Organisation)));
        for (var i = 0; i < clientList.Count; i++)
        {
            var (role, organisation) = clientList[i];
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
        var text = await response.Content.ReadAsStringAsync();
        var answer = response.IsSuccessStatusCode ? System.Text.Json.JsonSerializer.Deserialize<TokenAnswer>(text) : null;
        if (answer?.AccessToken is null)
            throw new InvalidOperationException($"No token for {clientId}: {(int)response.StatusCode} {text}\n--- identity log ---\n{Process.Log}");
        return tokens[clientId] = answer.AccessToken;
    }

    /// <summary>
    /// A client of <paramref name="service"/> that signs every request in as the role. Clients share one connection
    /// pool, so asking for one per request costs nothing, and disposing one (or not) is up to the caller.
    /// </summary>
    public async Task<HttpClient> SignedInAsync(ServiceProcess service, string role, string? organisation = null)
    {
        var client = new HttpClient(connections, disposeHandler: false) { BaseAddress = service.Client.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(role, organisation));
        return client;
    }

    /// <summary>
    /// A token the identity service never issued: the claims of a real token of the role, changed by
    /// <paramref name="change"/> (e.g. an <c>exp</c> in the past, another <c>aud</c>), signed with the identity
    /// service's own key — or, with <paramref name="signedByAnotherKey"/>, with a key it never had, under its key id.
    /// </summary>
    public async Task<string> AlteredTokenAsync(string role, string? organisation, Action<JsonObject> change, bool signedByAnotherKey = false)
    {
        var parts = (await TokenAsync(role, organisation)).Split('.');
        var header = JsonNode.Parse(Base64UrlEncoder.Decode(parts[0]))!.AsObject();
        if ((string?)header["alg"] != SecurityAlgorithms.RsaSha256)
            throw new InvalidOperationException($"The identity service signs with {header["alg"]}; only RS256 tokens can be remade here");
        var claims = JsonNode.Parse(Base64UrlEncoder.Decode(parts[1]))!.AsObject();
        change(claims);

        var signed = $"{parts[0]}.{Base64UrlEncoder.Encode(claims.ToJsonString())}";
        var signature = (signedByAnotherKey ? otherKey : signingKey)
            .SignData(Encoding.ASCII.GetBytes(signed), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return $"{signed}.{Base64UrlEncoder.Encode(signature)}";
    }

    private static string ClientId(string role, string? organisation) => organisation is null ? role : $"{role}-{organisation}";

    private static string Secret(string role, string? organisation) => "secret-of-" + ClientId(role, organisation);

    public async ValueTask DisposeAsync()
    {
        connections.Dispose();
        await Process.DisposeAsync();
        database.Dispose();
        signingKey.Dispose();
        otherKey.Dispose();
        try { Directory.Delete(keys, recursive: true); } catch (IOException) { }
    }

    private sealed record TokenAnswer([property: JsonPropertyName("access_token")] string? AccessToken);
}

using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Identity.Tests;

/// <summary>Asking for tokens, and checking them the way an API would: against the keys the discovery document points to.</summary>
public static class Tokens
{
    public const string Audience = "matching-api";

    public static Task<HttpResponseMessage> ClientCredentialsAsync(HttpClient client, string clientId, string? secret, string? scope = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/connect/token")
        {
            Content = Form(("grant_type", "client_credentials"), ("scope", scope)),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Uri.EscapeDataString(clientId)}:{Uri.EscapeDataString(secret ?? "")}")));
        return client.SendAsync(request);
    }

    public static async Task<string> AccessTokenForAsync(HttpClient client, Machine machine)
    {
        var response = await ClientCredentialsAsync(client, machine.ClientId, machine.Secret);
        return (await ReadTokensAsync(response)).AccessToken;
    }

    /// <summary>The token endpoint's answer, which must be a success.</summary>
    public static async Task<TokenResponse> ReadTokensAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"The token endpoint answered {(int)response.StatusCode}: {body}");
        return JsonSerializer.Deserialize<TokenResponse>(body)!;
    }

    /// <summary>The OAuth error of a refused token request: never a 500, always the error JSON of RFC 6749, 5.2.</summary>
    public static async Task<string> ReadErrorAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized,
            $"A refused token request got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(body).RootElement.GetProperty("error").GetString()!;
    }

    /// <summary>Validates <paramref name="token"/> as an API would, with the issuer and keys the service publishes now.</summary>
    public static async Task<JsonWebToken> VerifyAsync(HttpClient client, string token, string audience = Audience)
    {
        var discovery = OpenIdConnectConfiguration.Create(await client.GetStringAsync("/.well-known/openid-configuration"));
        var keys = new JsonWebKeySet(await client.GetStringAsync(discovery.JwksUri));
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = discovery.Issuer,
            ValidAudience = audience,
            IssuerSigningKeys = keys.GetSigningKeys(),
        });
        Assert.True(result.IsValid, $"The token does not verify: {result.Exception?.Message}");
        return (JsonWebToken)result.SecurityToken;
    }

    public static string? Claim(this JsonWebToken token, string type) =>
        token.TryGetPayloadValue<string>(type, out var value) ? value : null;

    public static FormUrlEncodedContent Form(params (string Name, string? Value)[] fields) =>
        new(fields.Where(field => field.Value is not null).Select(field => KeyValuePair.Create(field.Name, field.Value!)));

    public static Task<HttpResponseMessage> PostTokenAsync(HttpClient client, params (string Name, string? Value)[] fields) =>
        client.PostAsync("/connect/token", Form(fields));
}

public sealed record TokenResponse
{
    [System.Text.Json.Serialization.JsonPropertyName("access_token")] public string AccessToken { get; init; } = "";
    [System.Text.Json.Serialization.JsonPropertyName("id_token")] public string? IdToken { get; init; }
    [System.Text.Json.Serialization.JsonPropertyName("refresh_token")] public string? RefreshToken { get; init; }
    [System.Text.Json.Serialization.JsonPropertyName("expires_in")] public int ExpiresIn { get; init; }
    [System.Text.Json.Serialization.JsonPropertyName("token_type")] public string TokenType { get; init; } = "";
}

/// <summary>A PKCE verifier and its S256 challenge (RFC 7636).</summary>
public sealed record Pkce(string Verifier, string Challenge)
{
    public static Pkce Create()
    {
        var verifier = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        return new Pkce(verifier, Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))));
    }
}

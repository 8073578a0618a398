using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Matching.Testing;

/// <summary>
/// Access tokens for tests that run a service in-process: signed with a key of this test run, which the service is
/// given as its signing key (<c>Authentication:SigningKeys</c>, as a deployment may do for a provider it cannot
/// reach). The service checks them exactly as it checks the identity provider's. System tests sign in at the real
/// identity service instead (<see cref="IdentityProcess"/>).
/// </summary>
public static class Tokens
{
    public const string Issuer = "https://identity.tests.matching/";
    public const string Audience = "matching-api";

    private static readonly RSA Key = RSA.Create(2048);
    private static readonly RSA OtherKey = RSA.Create(2048);

    /// <summary>What a service needs to trust these tokens.</summary>
    public static IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["Authentication:Issuer"] = Issuer,
        ["Authentication:Audience"] = Audience,
        ["Authentication:SigningKeys:0"] = Key.ExportSubjectPublicKeyInfoPem(),
    };

    public static string Caseworker() => For("caseworker");

    public static string Coordinator() => For("coordinator");

    public static string Admin() => For("admin");

    public static string Provider(string providerId) => For("provider", providerId);

    public static string Employer(string employerId) => For("employer", employerId);

    /// <summary>A token for <paramref name="role"/>; <paramref name="organisation"/> becomes provider_id or employer_id.</summary>
    /// <param name="lifetime">Negative for a token that has expired.</param>
    /// <param name="audience">Another audience for a token meant for another system.</param>
    /// <param name="otherKey">Signed by a key the service does not know, with the very same claims.</param>
    public static string For(string role, string? organisation = null, TimeSpan? lifetime = null, string audience = Audience, bool otherKey = false)
    {
        var claims = new Dictionary<string, object> { ["sub"] = $"test-{role}-{organisation ?? "account"}", ["role"] = role };
        if (organisation is not null) claims[role == "employer" ? "employer_id" : "provider_id"] = organisation;

        var now = DateTime.UtcNow;
        var expires = now + (lifetime ?? TimeSpan.FromHours(1));
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = audience,
            Claims = claims,
            IssuedAt = expires < now ? expires.AddMinutes(-5) : now,
            NotBefore = expires < now ? expires.AddMinutes(-5) : now,
            Expires = expires,
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(otherKey ? OtherKey : Key), SecurityAlgorithms.RsaSha256),
        });
    }

    /// <summary>An <c>Authorization</c> header value.</summary>
    public static string Bearer(string token) => "Bearer " + token;

    /// <summary>A client that sends <paramref name="token"/> with every request.</summary>
    public static HttpClient SignedIn(this HttpClient client, string token)
    {
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}

namespace Matching.Hosting.Security;

/// <summary>
/// Section <c>Authentication</c>: where tokens come from and which claims say who the caller is. The claim names are
/// settings so that a city can point the services at its own OpenID Connect provider (Keycloak, Entra ID) by
/// configuration alone.
/// </summary>
public sealed class AuthenticationSettings
{
    /// <summary>The OpenID Connect provider: its discovery document gives the issuer and the signing keys.</summary>
    public string Authority { get; set; } = "http://localhost:5100/";

    /// <summary>The audience every token must name.</summary>
    public string Audience { get; set; } = "matching-api";

    /// <summary>Off for a provider on plain http inside a deployment's own network.</summary>
    public bool RequireHttpsMetadata { get; set; }

    /// <summary>
    /// Signing keys given directly (PEM, public RSA keys) instead of fetched from <see cref="Authority"/>; then
    /// <see cref="Issuer"/> is required. For a provider the services cannot reach, and for tests.
    /// </summary>
    public string[] SigningKeys { get; set; } = [];

    /// <summary>The issuer tokens must name when <see cref="SigningKeys"/> are given.</summary>
    public string? Issuer { get; set; }

    public ClaimNames Claims { get; set; } = new();

    public sealed class ClaimNames
    {
        public string Subject { get; set; } = "sub";
        public string Role { get; set; } = "role";
        public string ProviderId { get; set; } = "provider_id";
        public string EmployerId { get; set; } = "employer_id";
    }
}

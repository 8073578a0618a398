namespace Identity.Api.Clients;

/// <summary>
/// An application that asks for tokens: one row of <c>clients</c>. A machine client (a provider's booking
/// system, a caseworker's script) has a secret and a role and gets tokens with client credentials; the portal
/// has redirect URIs and signs people in with the authorization code flow; a client may do both.
/// </summary>
public sealed record Client
{
    public string ClientId { get; init; } = "";

    /// <summary>Null for a public client (a native app that cannot keep a secret): code flow with PKCE only.</summary>
    public string? SecretHash { get; init; }

    /// <summary>The role of the client's own tokens; null for a client that only signs people in.</summary>
    public string? Role { get; init; }

    public string? Organisation { get; init; }

    /// <summary>Absolute URIs separated by spaces.</summary>
    public string RedirectUris { get; init; } = "";

    public bool IsConfidential => SecretHash is not null;

    /// <summary>Client credentials: only a confidential client with a role of its own.</summary>
    public bool MayUseClientCredentials => IsConfidential && Role is not null;

    /// <summary>The authorization code flow (and its refresh tokens): only a client people are sent back to.</summary>
    public bool MaySignPeopleIn => RedirectUriList.Count > 0;

    public IReadOnlyList<string> RedirectUriList => RedirectUris.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Exactly as registered: no prefix, no case folding, no wildcard (RFC 9700, 4.1.3).</summary>
    public bool HasRedirectUri(string uri) => RedirectUriList.Contains(uri, StringComparer.Ordinal);
}

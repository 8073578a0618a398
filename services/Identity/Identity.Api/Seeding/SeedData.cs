namespace Identity.Api.Seeding;

/// <summary>
/// Accounts and clients to create or update at start: the section <c>Identity:Seed</c>, or a JSON file of the
/// same shape named by <c>Identity:SeedFile</c>, e.g.
/// <c>{ "Accounts": [ { "UserName": "caseworker", "Password": "…", "Role": "caseworker" } ],
///      "Clients": [ { "ClientId": "provider-vhs-duisburg", "Secret": "…", "Role": "provider", "Organisation": "vhs-duisburg" } ] }</c>.
/// </summary>
public sealed class SeedData
{
    public List<SeedAccount> Accounts { get; set; } = [];

    public List<SeedClient> Clients { get; set; } = [];
}

public sealed class SeedAccount
{
    public string? UserName { get; set; }
    public string? Password { get; set; }
    public string? Role { get; set; }
    public string? Organisation { get; set; }
}

public sealed class SeedClient
{
    public string? ClientId { get; set; }

    /// <summary>Leave out for a public client (code flow with PKCE only).</summary>
    public string? Secret { get; set; }

    /// <summary>Leave out for a client that only signs people in (the portal): it gets no token of its own.</summary>
    public string? Role { get; set; }

    public string? Organisation { get; set; }

    /// <summary>Where people are sent back after signing in; empty for a machine client.</summary>
    public List<string> RedirectUris { get; set; } = [];
}

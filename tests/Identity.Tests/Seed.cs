namespace Identity.Tests;

/// <summary>The accounts and clients every test service starts with (its seed file), and their passwords and secrets.</summary>
public static class Seed
{
    public const string PortalRedirect = "https://portal.test/signin-oidc";
    public const string NativeRedirect = "http://127.0.0.1:7890/callback";

    public static readonly Person Caseworker = new("caseworker", "caseworker-password", "caseworker", null);
    public static readonly Person Provider = new("anna.vhs", "anna-password", "provider", "vhs-duisburg");
    public static readonly Person Employer = new("emre.rhein", "emre-password", "employer", "rhein-logistik");

    /// <summary>One account per lockout test, since a lock would spoil any other test that signs in with it.</summary>
    public static readonly Person GuessedAt = new("guessed-at", "guessed-at-password", "coordinator", null);
    public static readonly Person WaitsOut = new("waits-out", "waits-out-password", "coordinator", null);
    public static readonly Person Recovers = new("recovers", "recovers-password", "admin", null);

    public static readonly Machine Portal = new("portal", "portal-secret", null, null, [PortalRedirect]);
    public static readonly Machine Native = new("native-app", null, null, null, [NativeRedirect]);
    public static readonly Machine ProviderSystem = new("provider-vhs-duisburg", "vhs-secret", "provider", "vhs-duisburg", []);
    public static readonly Machine EmployerSystem = new("employer-rhein-logistik", "rhein-secret", "employer", "rhein-logistik", []);
    public static readonly Machine CaseworkerCli = new("caseworker-cli", "cli-secret", "caseworker", null, []);

    /// <summary>In the shape of <c>Identity:Seed</c>.</summary>
    public static object Standard => new
    {
        Accounts = new[] { Caseworker, Provider, Employer, GuessedAt, WaitsOut, Recovers }
            .Select(p => new { p.UserName, p.Password, p.Role, p.Organisation }),
        Clients = new[] { Portal, Native, ProviderSystem, EmployerSystem, CaseworkerCli }
            .Select(m => new { m.ClientId, m.Secret, m.Role, m.Organisation, m.RedirectUris }),
    };
}

public sealed record Person(string UserName, string Password, string Role, string? Organisation);

public sealed record Machine(string ClientId, string? Secret, string? Role, string? Organisation, string[] RedirectUris);

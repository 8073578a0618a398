using System.Text.RegularExpressions;
using Identity.Api.Accounts;
using Identity.Api.Clients;

namespace Identity.Api.Seeding;

/// <summary>
/// Creates or updates the seeded accounts and clients. Idempotent: a password or secret that still matches keeps
/// its hash (a new hash would differ by its salt), an account keeps its id, failed sign-ins and lock, and nothing
/// not in the seed is touched. A seed that does not make sense stops the start with every problem named.
/// </summary>
public sealed partial class Seeder(AccountStore accounts, ClientStore clients, ILogger<Seeder> logger)
{
    /// <summary>The section <c>Identity:Seed</c>, then the file named by <c>Identity:SeedFile</c>, if any.</summary>
    public static SeedData Read(IConfiguration configuration)
    {
        var seed = configuration.GetSection($"{IdentitySettings.Section}:Seed").Get<SeedData>() ?? new SeedData();
        var file = configuration[$"{IdentitySettings.Section}:SeedFile"];
        if (string.IsNullOrWhiteSpace(file)) return seed;
        if (!File.Exists(file)) throw new FileNotFoundException($"Identity:SeedFile names {Path.GetFullPath(file)}, which does not exist", file);

        // Read by the configuration binder, so the file binds exactly like the section.
        var fromFile = new ConfigurationBuilder().AddJsonFile(Path.GetFullPath(file), optional: false, reloadOnChange: false).Build().Get<SeedData>() ?? new SeedData();
        seed.Accounts.AddRange(fromFile.Accounts);
        seed.Clients.AddRange(fromFile.Clients);
        return seed;
    }

    public async Task SeedAsync(SeedData seed, CancellationToken cancellationToken = default)
    {
        var problems = Problems(seed);
        if (problems.Count > 0) throw new InvalidOperationException("The identity seed is not valid:\n" + string.Join('\n', problems));

        foreach (var given in seed.Accounts)
        {
            var existing = await accounts.FindByUserNameAsync(given.UserName!, cancellationToken);
            await accounts.UpsertAsync(new Account
            {
                Id = existing?.Id ?? Guid.CreateVersion7(),
                UserName = Account.NormalizeUserName(given.UserName!),
                PasswordHash = KeptOrNewHash(existing?.PasswordHash, given.Password!),
                Role = given.Role!,
                Organisation = NullIfEmpty(given.Organisation),
            }, cancellationToken);
        }

        foreach (var given in seed.Clients)
        {
            var existing = await clients.FindAsync(given.ClientId!, cancellationToken);
            await clients.UpsertAsync(new Client
            {
                ClientId = given.ClientId!,
                SecretHash = string.IsNullOrEmpty(given.Secret) ? null : KeptOrNewHash(existing?.SecretHash, given.Secret),
                Role = NullIfEmpty(given.Role),
                Organisation = NullIfEmpty(given.Organisation),
                RedirectUris = string.Join(' ', given.RedirectUris),
            }, cancellationToken);
        }

        logger.LogInformation("Seeded {Accounts} accounts and {Clients} clients", seed.Accounts.Count, seed.Clients.Count);
    }

    private static string KeptOrNewHash(string? hash, string secret) => hash is not null && Secrets.Verify(hash, secret) ? hash : Secrets.Hash(secret);

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static List<string> Problems(SeedData seed)
    {
        var problems = new List<string>();
        foreach (var (account, index) in seed.Accounts.Select((account, index) => (account, index)))
        {
            var at = $"Identity:Seed:Accounts:{index}";
            if (string.IsNullOrWhiteSpace(account.UserName) || account.UserName.Length > 100) problems.Add($"{at}: UserName is required, at most 100 characters");
            if (string.IsNullOrEmpty(account.Password)) problems.Add($"{at}: Password is required");
            if (Roles.Problem(account.Role, account.Organisation) is { } problem) problems.Add($"{at}: {problem}");
        }

        foreach (var name in seed.Accounts.Where(a => !string.IsNullOrWhiteSpace(a.UserName)).GroupBy(a => Account.NormalizeUserName(a.UserName!)).Where(g => g.Count() > 1))
            problems.Add($"Identity:Seed: the account {name.Key} is given more than once");

        foreach (var (client, index) in seed.Clients.Select((client, index) => (client, index)))
        {
            var at = $"Identity:Seed:Clients:{index}";
            var role = NullIfEmpty(client.Role);
            if (client.ClientId is null || !ClientId().IsMatch(client.ClientId)) problems.Add($"{at}: ClientId is required: 1 to 100 letters, digits, '.', '_', '-' or '~'");
            if (role is not null && Roles.Problem(role, client.Organisation) is { } problem) problems.Add($"{at}: {problem}");
            if (role is null && !string.IsNullOrEmpty(client.Organisation)) problems.Add($"{at}: a client without a role has no organisation");
            if (role is not null && string.IsNullOrEmpty(client.Secret)) problems.Add($"{at}: a client with a role needs a Secret (for client credentials)");
            if (role is null && client.RedirectUris.Count == 0) problems.Add($"{at}: a client needs a Role, RedirectUris, or both");
            foreach (var uri in client.RedirectUris)
                if (!Uri.TryCreate(uri, UriKind.Absolute, out var parsed) || !string.IsNullOrEmpty(parsed.Fragment) || uri.Any(char.IsWhiteSpace))
                    problems.Add($"{at}: redirect URI '{uri}' must be absolute, without fragment or spaces");
        }

        foreach (var id in seed.Clients.Where(c => c.ClientId is not null).GroupBy(c => c.ClientId).Where(g => g.Count() > 1))
            problems.Add($"Identity:Seed: the client {id.Key} is given more than once");
        return problems;
    }

    [GeneratedRegex("^[A-Za-z0-9._~-]{1,100}$")]
    private static partial Regex ClientId();
}

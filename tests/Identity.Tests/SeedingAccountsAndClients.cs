using Identity.Api.Accounts;
using Identity.Api.Clients;
using Identity.Api.Seeding;
using Matching.Hosting.Data;
using Matching.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Identity.Tests;

/// <summary>Accounts and clients come from the configuration or a seed file, upserted at every start.</summary>
public sealed class SeedingAccountsAndClients
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Seeding_twice_should_change_nothing(DatabaseProvider provider)
    {
        using var storage = Storage.Create(provider);
        (IReadOnlyList<Account> Accounts, IReadOnlyList<Client> Clients) first;
        await using (var app = IdentityApp.On(storage))
        {
            first = await StoredAsync(app);
            var seeder = app.Services.GetRequiredService<Seeder>();
            await seeder.SeedAsync(Seeder.Read(app.Services.GetRequiredService<IConfiguration>()));
            Assert.Equal(first, await StoredAsync(app), Same);
        }

        await using var restarted = IdentityApp.On(storage);
        Assert.Equal(first, await StoredAsync(restarted), Same);
        Assert.Equal(6, first.Accounts.Count);
        Assert.Equal(5, first.Clients.Count);
    }

    [Fact]
    public async Task The_configuration_section_should_seed_too_and_a_changed_password_take_effect()
    {
        using var storage = Storage.Create();
        var settings = new Dictionary<string, string?>
        {
            ["Identity:Seed:Accounts:0:UserName"] = "Coordinator.Duisburg",
            ["Identity:Seed:Accounts:0:Password"] = "first-password",
            ["Identity:Seed:Accounts:0:Role"] = "coordinator",
            ["Identity:Seed:Clients:0:ClientId"] = "employer-hafen-umschlag",
            ["Identity:Seed:Clients:0:Secret"] = "hafen-secret",
            ["Identity:Seed:Clients:0:Role"] = "employer",
            ["Identity:Seed:Clients:0:Organisation"] = "hafen-umschlag",
        };
        Guid id;
        await using (var app = IdentityApp.On(storage, settings))
        {
            var account = await app.Services.GetRequiredService<AccountStore>().FindByUserNameAsync("coordinator.duisburg");
            id = account!.Id;
            var token = await Tokens.VerifyAsync(app.CreateClient(), await Tokens.AccessTokenForAsync(app.CreateClient(),
                new Machine("employer-hafen-umschlag", "hafen-secret", null, null, [])));
            Assert.Equal("hafen-umschlag", token.Claim("employer_id"));
        }

        settings["Identity:Seed:Accounts:0:Password"] = "second-password";
        await using var changed = IdentityApp.On(storage, settings);
        var browser = new Browser(changed.CreateBrowser());

        Assert.Contains("Sie sind angemeldet", await (await browser.SignInDirectlyAsync("coordinator.duisburg", "second-password")).Content.ReadAsStringAsync());
        Assert.Equal(id, (await changed.Services.GetRequiredService<AccountStore>().FindByUserNameAsync("coordinator.duisburg"))!.Id);
    }

    [Fact]
    public async Task A_seed_that_makes_no_sense_should_stop_the_start_and_say_why()
    {
        await using var app = IdentityApp.On(Storage.Create(), new Dictionary<string, string?>
        {
            ["Identity:Seed:Accounts:0:UserName"] = "someone",
            ["Identity:Seed:Accounts:0:Password"] = "password",
            ["Identity:Seed:Accounts:0:Role"] = "provider",
            ["Identity:Seed:Clients:0:ClientId"] = "a client",
            ["Identity:Seed:Clients:0:Secret"] = "secret",
            ["Identity:Seed:Clients:0:Role"] = "superuser",
        }, ownsStorage: true);

        var refused = Assert.Throws<InvalidOperationException>(() => app.CreateClient());

        Assert.Contains("Identity:Seed:Accounts:0: a provider needs its organisation", refused.Message);
        Assert.Contains("Identity:Seed:Clients:0: ClientId is required", refused.Message);
        Assert.Contains("Identity:Seed:Clients:0: role must be one of", refused.Message);
    }

    [Fact]
    public async Task The_demo_seed_file_should_give_every_role_a_way_in()
    {
        await using var app = IdentityApp.On(Storage.Create(), new Dictionary<string, string?>
        {
            ["Identity:SeedFile"] = Path.Combine(Repository.Root, "demo", "identity.json"),
        }, ownsStorage: true);
        var client = app.CreateClient();

        var provider = await Tokens.VerifyAsync(client, await Tokens.AccessTokenForAsync(client, new Machine("provider-vhs-duisburg", "demo-provider-vhs-duisburg", null, null, [])));
        var clients = await app.Services.GetRequiredService<ClientStore>().ListAsync();
        var accounts = await app.Services.GetRequiredService<AccountStore>().ListAsync();

        Assert.Equal("vhs-duisburg", provider.Claim("provider_id"));
        Assert.Equal(["admin", "caseworker", "coordinator", "employer", "provider"], accounts.Select(a => a.Role).Distinct().Order());
        Assert.Equal(["admin", "caseworker", "coordinator", "employer", "provider"], clients.Where(c => c.Role is not null).Select(c => c.Role!).Distinct().Order());
        Assert.Contains(clients, c => c.ClientId == "portal" && c.HasRedirectUri("http://localhost:5080/signin-oidc") && c.IsConfidential);
    }

    private static async Task<(IReadOnlyList<Account>, IReadOnlyList<Client>)> StoredAsync(IdentityApp app) =>
        (await app.Services.GetRequiredService<AccountStore>().ListAsync(), await app.Services.GetRequiredService<ClientStore>().ListAsync());

    private static readonly IEqualityComparer<(IReadOnlyList<Account> Accounts, IReadOnlyList<Client> Clients)> Same =
        EqualityComparer<(IReadOnlyList<Account> Accounts, IReadOnlyList<Client> Clients)>.Create(
            (a, b) => a.Accounts.SequenceEqual(b.Accounts) && a.Clients.SequenceEqual(b.Clients), _ => 0);
}

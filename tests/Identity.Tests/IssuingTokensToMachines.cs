using System.Net;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Identity.Tests;

/// <summary>Client credentials: a course provider's booking system or a caseworker's script gets a token of its own.</summary>
public sealed class IssuingTokensToMachines(IdentityApp app) : IClassFixture<IdentityApp>
{
    private readonly HttpClient client = app.CreateClient();

    [Fact]
    public async Task A_provider_system_should_get_a_JWT_that_verifies_against_the_published_keys_and_names_its_provider()
    {
        var token = await Tokens.AccessTokenForAsync(client, Seed.ProviderSystem);

        var verified = await Tokens.VerifyAsync(client, token);
        Assert.Equal("http://localhost/", verified.Issuer);
        Assert.Equal([Tokens.Audience], verified.Audiences);
        Assert.Equal("provider-vhs-duisburg", verified.Subject);
        Assert.Equal("provider", verified.Claim("role"));
        Assert.Equal("vhs-duisburg", verified.Claim("provider_id"));
        Assert.Null(verified.Claim("employer_id"));
        Assert.Equal("RS256", verified.Alg);
    }

    [Fact]
    public async Task An_employer_system_should_get_its_employer_id_and_a_caseworker_script_no_organisation()
    {
        var employer = await Tokens.VerifyAsync(client, await Tokens.AccessTokenForAsync(client, Seed.EmployerSystem));
        var caseworker = await Tokens.VerifyAsync(client, await Tokens.AccessTokenForAsync(client, Seed.CaseworkerCli));

        Assert.Equal(("employer", "rhein-logistik"), (employer.Claim("role"), employer.Claim("employer_id")));
        Assert.Null(employer.Claim("provider_id"));
        Assert.Equal("caseworker", caseworker.Claim("role"));
        Assert.Null(caseworker.Claim("provider_id"));
        Assert.Null(caseworker.Claim("employer_id"));
    }

    [Fact]
    public async Task The_access_token_should_live_one_hour()
    {
        var response = await Tokens.ReadTokensAsync(await Tokens.ClientCredentialsAsync(client, Seed.CaseworkerCli.ClientId, Seed.CaseworkerCli.Secret));
        var token = new JsonWebToken(response.AccessToken);

        Assert.Equal(TimeSpan.FromHours(1), token.ValidTo - token.IssuedAt);
        Assert.InRange(response.ExpiresIn, 3500, 3600);
        Assert.Equal("Bearer", response.TokenType);
        Assert.Null(response.RefreshToken);
    }

    [Fact]
    public async Task A_wrong_secret_and_an_unknown_client_should_be_refused_alike()
    {
        var wrongSecret = await Tokens.ClientCredentialsAsync(client, Seed.ProviderSystem.ClientId, "not-the-secret");
        var unknown = await Tokens.ClientCredentialsAsync(client, "provider-nowhere", "whatever");
        var noSecret = await Tokens.ClientCredentialsAsync(client, Seed.ProviderSystem.ClientId, null);

        Assert.Equal(HttpStatusCode.Unauthorized, wrongSecret.StatusCode);
        Assert.Equal("invalid_client", await Tokens.ReadErrorAsync(wrongSecret));
        Assert.Equal(await wrongSecret.Content.ReadAsStringAsync(), await unknown.Content.ReadAsStringAsync());
        Assert.Equal(wrongSecret.StatusCode, unknown.StatusCode);
        // OpenIddict itself asks for the missing secret (invalid_request) before our check runs.
        Assert.Equal("invalid_request", await Tokens.ReadErrorAsync(noSecret));
    }

    [Fact]
    public async Task The_secret_posted_in_the_form_should_be_accepted_too()
    {
        var response = await Tokens.PostTokenAsync(client, ("grant_type", "client_credentials"),
            ("client_id", Seed.EmployerSystem.ClientId), ("client_secret", Seed.EmployerSystem.Secret));

        var verified = await Tokens.VerifyAsync(client, (await Tokens.ReadTokensAsync(response)).AccessToken);
        Assert.Equal("employer-rhein-logistik", verified.Subject);
    }

    [Fact]
    public async Task A_client_that_only_signs_people_in_should_get_no_token_of_its_own()
    {
        var portal = await Tokens.ClientCredentialsAsync(client, Seed.Portal.ClientId, Seed.Portal.Secret);
        var publicClient = await Tokens.PostTokenAsync(client, ("grant_type", "client_credentials"), ("client_id", Seed.Native.ClientId));

        Assert.Equal("unauthorized_client", await Tokens.ReadErrorAsync(portal));
        Assert.Equal("invalid_request", await Tokens.ReadErrorAsync(publicClient));
    }

    [Fact]
    public async Task A_configured_issuer_should_be_the_one_in_the_discovery_document_and_in_every_token()
    {
        await using var configured = IdentityApp.On(app.Storage, new Dictionary<string, string?> { ["Identity:Issuer"] = "https://id.matching.test/" });
        var http = configured.CreateClient();

        var verified = await Tokens.VerifyAsync(http, await Tokens.AccessTokenForAsync(http, Seed.CaseworkerCli));

        Assert.Equal("https://id.matching.test/", verified.Issuer);
    }
}

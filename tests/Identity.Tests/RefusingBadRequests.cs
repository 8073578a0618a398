using System.Net;
using System.Text;

namespace Identity.Tests;

/// <summary>Whatever a client sends, the answer is an OAuth error, never a 500, and never a redirect to somewhere unregistered.</summary>
public sealed class RefusingBadRequests(IdentityApp app) : IClassFixture<IdentityApp>
{
    public static TheoryData<string, string> MalformedTokenRequests => new()
    {
        { "no grant type", "client_id=caseworker-cli&client_secret=cli-secret" },
        { "an unknown grant type", "grant_type=magic&client_id=caseworker-cli&client_secret=cli-secret" },
        { "the password grant", "grant_type=password&username=caseworker&password=caseworker-password&client_id=caseworker-cli&client_secret=cli-secret" },
        { "no client", "grant_type=client_credentials" },
        { "a garbage code", "grant_type=authorization_code&code=garbage&redirect_uri=https%3A%2F%2Fportal.test%2Fsignin-oidc&code_verifier=x&client_id=portal&client_secret=portal-secret" },
        { "a code without verifier", "grant_type=authorization_code&code=garbage&redirect_uri=https%3A%2F%2Fportal.test%2Fsignin-oidc&client_id=portal&client_secret=portal-secret" },
        { "a garbage refresh token", "grant_type=refresh_token&refresh_token=eyJhbGciOiJub25lIn0.e30.&client_id=portal&client_secret=portal-secret" },
        { "a code for a machine client", "grant_type=authorization_code&code=x&redirect_uri=https%3A%2F%2Fportal.test%2Fsignin-oidc&code_verifier=y&client_id=caseworker-cli&client_secret=cli-secret" },
        { "an unregistered scope", "grant_type=client_credentials&client_id=caseworker-cli&client_secret=cli-secret&scope=everything" },
        { "a client assertion", "grant_type=client_credentials&client_id=caseworker-cli&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer&client_assertion=x.y.z" },
        { "a parameter twice", "grant_type=client_credentials&grant_type=refresh_token&client_id=caseworker-cli&client_secret=cli-secret" },
        { "control characters", "grant_type=client_credentials&client_id=%00%01&client_secret=%00" },
    };

    [Theory]
    [MemberData(nameof(MalformedTokenRequests))]
    public async Task A_malformed_token_request_should_get_an_OAuth_error(string what, string body)
    {
        var response = await app.CreateClient().PostAsync("/connect/token", new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded"));

        var error = await Tokens.ReadErrorAsync(response);
        Assert.False(string.IsNullOrEmpty(error), what);
    }

    [Fact]
    public async Task A_token_request_that_is_not_a_form_post_should_get_an_OAuth_error()
    {
        var client = app.CreateClient();

        var get = await client.GetAsync("/connect/token?grant_type=client_credentials");
        var json = await client.PostAsync("/connect/token", new StringContent("""{"grant_type":"client_credentials"}""", Encoding.UTF8, "application/json"));

        Assert.Equal("invalid_request", await Tokens.ReadErrorAsync(get));
        Assert.Equal("invalid_request", await Tokens.ReadErrorAsync(json));
    }

    [Fact]
    public async Task An_unregistered_redirect_uri_should_be_refused_without_redirecting()
    {
        var response = await app.CreateClient(new() { AllowAutoRedirect = false })
            .GetAsync(Browser.AuthorizeUrl(Seed.Portal, Pkce.Create(), redirectUri: "https://evil.test/steal"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    public static TheoryData<string, string> BadAuthorizationRequests => new()
    {
        { "an unknown client", Browser.AuthorizeUrl(Seed.Portal with { ClientId = "nobody" }, Pkce.Create()) },
        { "a machine client", Browser.AuthorizeUrl(Seed.CaseworkerCli with { RedirectUris = [Seed.PortalRedirect] }, Pkce.Create()) },
        { "no PKCE", Browser.AuthorizeUrl(Seed.Portal, pkce: null) },
        { "plain PKCE", Browser.AuthorizeUrl(Seed.Portal, Pkce.Create(), method: "plain") },
        { "no parameters", "/connect/authorize" },
        { "a NUL in a parameter", "/connect/authorize?client_id=portal%00&response_type=code" },
        { "the implicit flow", Browser.AuthorizeUrl(Seed.Portal, Pkce.Create()).Replace("response_type=code", "response_type=token") },
    };

    [Theory]
    [MemberData(nameof(BadAuthorizationRequests))]
    public async Task A_bad_authorization_request_should_be_refused_and_send_no_one_away(string what, string url)
    {
        var response = await app.CreateClient(new() { AllowAutoRedirect = false }).GetAsync(url);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{what}: {(int)response.StatusCode}");
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task The_health_endpoints_should_answer()
    {
        var client = app.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
    }
}

using System.Net;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Identity.Tests;

/// <summary>The authorization code flow with PKCE: a person signs in on the identity service and the portal gets their token.</summary>
public sealed class SigningInPeople(IdentityApp app) : IClassFixture<IdentityApp>
{
    [Fact]
    public async Task Signing_in_with_the_right_password_should_give_a_token_with_the_role()
    {
        var browser = new Browser(app.CreateBrowser());
        var pkce = Pkce.Create();

        var code = await browser.SignInForCodeAsync(Seed.Portal, Seed.Provider, pkce);
        var tokens = await Tokens.ReadTokensAsync(await RedeemAsync(code, pkce.Verifier));

        var access = await Tokens.VerifyAsync(browser.Http, tokens.AccessToken);
        Assert.Equal(("provider", "vhs-duisburg"), (access.Claim("role"), access.Claim("provider_id")));
        Assert.True(Guid.TryParse(access.Subject, out _), $"The subject {access.Subject} is not the account's id");
        Assert.Null(access.Claim("name"));
        var identity = await Tokens.VerifyAsync(browser.Http, tokens.IdToken!, audience: Seed.Portal.ClientId);
        Assert.Equal(access.Subject, identity.Subject);
        Assert.Equal("provider", identity.Claim("role"));
        Assert.Null(tokens.RefreshToken);
    }

    [Fact]
    public async Task A_caseworker_should_get_a_caseworker_token_without_organisation()
    {
        var browser = new Browser(app.CreateBrowser());
        var pkce = Pkce.Create();

        var code = await browser.SignInForCodeAsync(Seed.Portal, Seed.Caseworker, pkce);
        var access = await Tokens.VerifyAsync(browser.Http, (await Tokens.ReadTokensAsync(await RedeemAsync(code, pkce.Verifier))).AccessToken);

        Assert.Equal("caseworker", access.Claim("role"));
        Assert.Null(access.Claim("provider_id"));
        Assert.Null(access.Claim("employer_id"));
    }

    [Fact]
    public async Task A_wrong_code_verifier_should_be_refused()
    {
        var browser = new Browser(app.CreateBrowser());
        var pkce = Pkce.Create();
        var code = await browser.SignInForCodeAsync(Seed.Portal, Seed.Employer, pkce);

        var response = await RedeemAsync(code, Pkce.Create().Verifier);

        Assert.Equal("invalid_grant", await Tokens.ReadErrorAsync(response));
    }

    [Fact]
    public async Task A_code_should_be_good_only_once()
    {
        var browser = new Browser(app.CreateBrowser());
        var pkce = Pkce.Create();
        var code = await browser.SignInForCodeAsync(Seed.Portal, Seed.Caseworker, pkce);
        await Tokens.ReadTokensAsync(await RedeemAsync(code, pkce.Verifier));

        var again = await RedeemAsync(code, pkce.Verifier);

        Assert.Equal("invalid_grant", await Tokens.ReadErrorAsync(again));
    }

    [Fact]
    public async Task A_code_should_be_good_only_for_its_own_client()
    {
        var browser = new Browser(app.CreateBrowser());
        var pkce = Pkce.Create();
        var code = await browser.SignInForCodeAsync(Seed.Portal, Seed.Employer, pkce);

        var byAnotherClient = await Tokens.PostTokenAsync(browser.Http, ("grant_type", "authorization_code"), ("code", code),
            ("redirect_uri", Seed.NativeRedirect), ("code_verifier", pkce.Verifier), ("client_id", Seed.Native.ClientId));

        Assert.Equal("invalid_grant", await Tokens.ReadErrorAsync(byAnotherClient));
    }

    [Fact]
    public async Task A_public_client_should_sign_people_in_with_PKCE_alone()
    {
        var browser = new Browser(app.CreateBrowser());
        var pkce = Pkce.Create();
        var code = await browser.SignInForCodeAsync(Seed.Native, Seed.Caseworker, pkce);

        var response = await Tokens.PostTokenAsync(browser.Http, ("grant_type", "authorization_code"), ("code", code),
            ("redirect_uri", Seed.NativeRedirect), ("code_verifier", pkce.Verifier), ("client_id", Seed.Native.ClientId));

        var access = await Tokens.VerifyAsync(browser.Http, (await Tokens.ReadTokensAsync(response)).AccessToken);
        Assert.Equal("caseworker", access.Claim("role"));
    }

    [Fact]
    public async Task A_person_signed_in_already_should_not_be_asked_again()
    {
        var browser = new Browser(app.CreateBrowser());
        await browser.SignInForCodeAsync(Seed.Portal, Seed.Caseworker, Pkce.Create());
        var pkce = Pkce.Create();

        var code = await browser.FollowToCodeAsync(Browser.AuthorizeUrl(Seed.Portal, pkce), Seed.Portal);

        Assert.Equal(HttpStatusCode.OK, (await RedeemAsync(code, pkce.Verifier)).StatusCode);
    }

    [Theory]
    [InlineData("login", null)]
    [InlineData(null, 0)]
    public async Task Prompt_login_or_max_age_0_should_ask_a_signed_in_person_once_more_and_then_give_a_code(string? prompt, int? maxAge)
    {
        var browser = new Browser(app.CreateBrowser());
        await browser.SignInForCodeAsync(Seed.Portal, Seed.Caseworker, Pkce.Create());
        var pkce = Pkce.Create();

        var toSignIn = await browser.Http.GetAsync(Browser.AuthorizeUrl(Seed.Portal, pkce, prompt: prompt, maxAge: maxAge));
        Assert.Equal(HttpStatusCode.Redirect, toSignIn.StatusCode);
        var form = await browser.OpenSignInPageAsync(toSignIn.Headers.Location!.PathAndQuery);
        var signedIn = await browser.PostSignInAsync(form, Seed.Caseworker.UserName, Seed.Caseworker.Password);
        var code = await browser.FollowToCodeAsync(signedIn.Headers.Location!.OriginalString, Seed.Portal);

        Assert.Equal(HttpStatusCode.OK, (await RedeemAsync(code, pkce.Verifier)).StatusCode);
    }

    [Fact]
    public async Task Prompt_none_without_a_session_should_send_login_required_back_to_the_client()
    {
        var browser = new Browser(app.CreateBrowser());

        var response = await browser.Http.GetAsync(Browser.AuthorizeUrl(Seed.Portal, Pkce.Create(), prompt: "none"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith(Seed.PortalRedirect, response.Headers.Location!.ToString());
        Assert.Equal("login_required", QueryHelpers.ParseQuery(response.Headers.Location.Query)["error"].ToString());
    }

    [Fact]
    public async Task A_refresh_token_should_give_a_new_access_token_with_the_role_read_afresh()
    {
        var browser = new Browser(app.CreateBrowser());
        var pkce = Pkce.Create();
        var code = await browser.SignInForCodeAsync(Seed.Portal, Seed.Employer, pkce, scope: "openid roles offline_access");
        var first = await Tokens.ReadTokensAsync(await RedeemAsync(code, pkce.Verifier));
        Assert.NotNull(first.RefreshToken);

        var refreshed = await Tokens.ReadTokensAsync(await Tokens.PostTokenAsync(browser.Http, ("grant_type", "refresh_token"),
            ("refresh_token", first.RefreshToken), ("client_id", Seed.Portal.ClientId), ("client_secret", Seed.Portal.Secret)));

        var access = await Tokens.VerifyAsync(browser.Http, refreshed.AccessToken);
        Assert.Equal(("employer", "rhein-logistik"), (access.Claim("role"), access.Claim("employer_id")));
        Assert.Equal(new JsonWebToken(first.AccessToken).Subject, access.Subject);
    }

    [Fact]
    public async Task The_userinfo_endpoint_should_tell_who_the_token_is_for()
    {
        var browser = new Browser(app.CreateBrowser());
        var pkce = Pkce.Create();
        var code = await browser.SignInForCodeAsync(Seed.Portal, Seed.Provider, pkce, scope: "openid profile roles");
        var tokens = await Tokens.ReadTokensAsync(await RedeemAsync(code, pkce.Verifier));

        using var request = new HttpRequestMessage(HttpMethod.Get, "/connect/userinfo");
        request.Headers.Authorization = new("Bearer", tokens.AccessToken);
        var userInfo = await (await browser.Http.SendAsync(request)).Content.ReadAsStringAsync();

        Assert.Contains("\"role\":\"provider\"", userInfo);
        Assert.Contains("\"provider_id\":\"vhs-duisburg\"", userInfo);
        Assert.Contains($"\"name\":\"{Seed.Provider.UserName}\"", userInfo);
    }

    [Fact]
    public async Task A_wrong_password_and_an_unknown_user_should_get_the_same_answer()
    {
        var browser = new Browser(app.CreateBrowser());

        var wrongPassword = await browser.SignInDirectlyAsync(Seed.Caseworker.UserName, "not-the-password");
        var unknownUser = await browser.SignInDirectlyAsync("nobody-here", "not-the-password");

        Assert.Equal(HttpStatusCode.OK, wrongPassword.StatusCode);
        Assert.Equal(wrongPassword.StatusCode, unknownUser.StatusCode);
        var wrongPage = SignInForm.WithoutToken(await wrongPassword.Content.ReadAsStringAsync());
        var unknownPage = SignInForm.WithoutToken(await unknownUser.Content.ReadAsStringAsync());
        Assert.Contains("role=\"alert\"", wrongPage);
        Assert.Equal(wrongPage.Replace(Seed.Caseworker.UserName, "nobody-here"), unknownPage);
    }

    [Fact]
    public async Task The_sign_in_form_should_be_refused_without_its_antiforgery_token()
    {
        var browser = new Browser(app.CreateBrowser());
        var form = await browser.OpenSignInPageAsync("/account/sign-in");

        var response = await browser.PostSignInAsync(form, Seed.Caseworker.UserName, Seed.Caseworker.Password, withAntiforgery: false);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task The_sign_in_page_should_label_its_fields_and_send_back_only_within_the_service()
    {
        var browser = new Browser(app.CreateBrowser());

        var page = await (await browser.Http.GetAsync("/account/sign-in?returnUrl=https://evil.test/")).Content.ReadAsStringAsync();

        Assert.Contains("<label for=\"userName\">", page);
        Assert.Contains("<label for=\"password\">", page);
        Assert.Equal("", SignInForm.Read(page).ReturnUrl);
    }

    private Task<HttpResponseMessage> RedeemAsync(string code, string verifier) =>
        Tokens.PostTokenAsync(app.CreateClient(), ("grant_type", "authorization_code"), ("code", code), ("redirect_uri", Seed.PortalRedirect),
            ("code_verifier", verifier), ("client_id", Seed.Portal.ClientId), ("client_secret", Seed.Portal.Secret));
}

using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;

namespace Identity.Tests;

/// <summary>
/// A person's browser in the authorization code flow, driven step by step: the client sends it to the
/// authorization endpoint, the service sends it to the sign-in page, the person posts the form, and the
/// service sends it back to the client's redirect URI with a code.
/// </summary>
public sealed class Browser(HttpClient http)
{
    public HttpClient Http { get; } = http;

    public static string AuthorizeUrl(Machine client, Pkce? pkce, string scope = "openid roles", string? redirectUri = null,
        string state = "state-4711", string? method = "S256", string? prompt = null, int? maxAge = null)
    {
        var parameters = new Dictionary<string, string?>
        {
            ["client_id"] = client.ClientId,
            ["response_type"] = "code",
            ["redirect_uri"] = redirectUri ?? client.RedirectUris[0],
            ["scope"] = scope,
            ["state"] = state,
            ["code_challenge"] = pkce?.Challenge,
            ["code_challenge_method"] = pkce is null ? null : method,
            ["prompt"] = prompt,
            ["max_age"] = maxAge?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        return QueryHelpers.AddQueryString("/connect/authorize", parameters.Where(p => p.Value is not null)!);
    }

    /// <summary>The whole flow for <paramref name="person"/>: returns the code the client gets back.</summary>
    public async Task<string> SignInForCodeAsync(Machine client, Person person, Pkce pkce, string scope = "openid roles")
    {
        var toSignIn = await Http.GetAsync(AuthorizeUrl(client, pkce, scope));
        Assert.Equal(HttpStatusCode.Redirect, toSignIn.StatusCode);
        Assert.StartsWith("/account/sign-in", toSignIn.Headers.Location!.AbsolutePath);

        var form = await OpenSignInPageAsync(toSignIn.Headers.Location.PathAndQuery);
        var signedIn = await PostSignInAsync(form, person.UserName, person.Password);
        Assert.True(signedIn.StatusCode == HttpStatusCode.Redirect, $"Signing in answered {(int)signedIn.StatusCode}: {await signedIn.Content.ReadAsStringAsync()}");
        Assert.StartsWith("/connect/authorize", signedIn.Headers.Location!.OriginalString);

        return await FollowToCodeAsync(signedIn.Headers.Location.OriginalString, client);
    }

    /// <summary>Asks the authorization endpoint and reads the code from the redirect back to the client.</summary>
    public async Task<string> FollowToCodeAsync(string authorizeUrl, Machine client)
    {
        var back = await Http.GetAsync(authorizeUrl);
        Assert.True(back.StatusCode == HttpStatusCode.Redirect, $"The authorization endpoint answered {(int)back.StatusCode}: {await back.Content.ReadAsStringAsync()}");
        var location = back.Headers.Location!;
        Assert.StartsWith(client.RedirectUris[0], location.GetLeftPart(UriPartial.Path));
        var query = QueryHelpers.ParseQuery(location.Query);
        Assert.Equal("state-4711", query["state"].ToString());
        Assert.True(query.ContainsKey("code"), $"No code in {location}");
        return query["code"].ToString();
    }

    public async Task<SignInForm> OpenSignInPageAsync(string url)
    {
        var page = await Http.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        return SignInForm.Read(await page.Content.ReadAsStringAsync());
    }

    public Task<HttpResponseMessage> PostSignInAsync(SignInForm form, string userName, string password, bool withAntiforgery = true) =>
        Http.PostAsync("/account/sign-in", Tokens.Form(
            ("__RequestVerificationToken", withAntiforgery ? form.AntiforgeryToken : null),
            ("returnUrl", form.ReturnUrl),
            ("userName", userName),
            ("password", password)));

    /// <summary>Signs in on the page itself, without an authorization request, and returns the page the service answers with.</summary>
    public async Task<HttpResponseMessage> SignInDirectlyAsync(string userName, string password) =>
        await PostSignInAsync(await OpenSignInPageAsync("/account/sign-in"), userName, password);
}

/// <summary>The hidden fields of the sign-in page's form.</summary>
public sealed partial record SignInForm(string AntiforgeryToken, string ReturnUrl)
{
    public static SignInForm Read(string html) => new(Hidden(html, "__RequestVerificationToken"), Hidden(html, "returnUrl"));

    /// <summary>The page without its antiforgery token, which differs on every answer.</summary>
    public static string WithoutToken(string html) => AntiforgeryField().Replace(html, "");

    private static string Hidden(string html, string name)
    {
        var match = Regex.Match(html, $"""<input type="hidden" name="{Regex.Escape(name)}" value="([^"]*)">""");
        Assert.True(match.Success, $"The sign-in page has no hidden field {name}");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    [GeneratedRegex("""<input type="hidden" name="__RequestVerificationToken" value="[^"]*">""")]
    private static partial Regex AntiforgeryField();
}

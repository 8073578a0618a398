using Identity.Api.Accounts;
using Identity.Api.Clients;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Identity.Api.Connect;

/// <summary>
/// The endpoints OpenIddict passes through after it has validated the request: here we decide who the token is
/// for. Discovery (<c>/.well-known/openid-configuration</c>) and the JWKS (<c>/.well-known/jwks</c>) are OpenIddict's own.
/// </summary>
public static class ConnectApi
{
    private const string ServerScheme = OpenIddictServerAspNetCoreDefaults.AuthenticationScheme;

    public static IEndpointRouteBuilder MapConnect(this IEndpointRouteBuilder app)
    {
        app.MapMethods(OpenIdServer.AuthorizePath, [HttpMethods.Get, HttpMethods.Post], AuthorizeAsync).ExcludeFromDescription();
        app.MapPost(OpenIdServer.TokenPath, TokenAsync).ExcludeFromDescription();
        app.MapMethods(OpenIdServer.UserInfoPath, [HttpMethods.Get, HttpMethods.Post], UserInfoAsync).ExcludeFromDescription();
        return app;
    }

    /// <summary>A person who is signed in here gets a code for the client; anyone else goes to the sign-in page first.</summary>
    private static async Task<IResult> AuthorizeAsync(HttpContext http, AccountStore accounts, IOptions<IdentitySettings> settings, TimeProvider clock)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("OpenIddict passed on no authorization request");
        var session = await http.AuthenticateAsync(SignInPage.SessionScheme);
        var signedInAt = session.Properties?.IssuedUtc;
        var tooLongAgo = request.MaxAge is { } maxAge && signedInAt is { } at && clock.GetUtcNow() - at > TimeSpan.FromSeconds(maxAge);
        var account = session.Succeeded && Guid.TryParse(session.Principal.GetClaim(Claims.Subject), out var id)
            ? await accounts.FindAsync(id, http.RequestAborted)
            : null;

        if (account is null || tooLongAgo || request.HasPromptValue(PromptValues.Login))
        {
            if (request.HasPromptValue(PromptValues.None)) return Refuse(Errors.LoginRequired, "The person is not signed in.");
            // Back here after signing in, without prompt=login and max_age, or the person would be asked again and again.
            var parameters = (http.Request.HasFormContentType ? (await http.Request.ReadFormAsync()).ToList() : http.Request.Query.ToList())
                .Where(parameter => parameter.Key is not (Parameters.Prompt or Parameters.MaxAge));
            var returnUrl = http.Request.PathBase + http.Request.Path + QueryString.Create(parameters);
            return Results.Challenge(new AuthenticationProperties { RedirectUri = returnUrl }, [SignInPage.SessionScheme]);
        }

        return Results.SignIn(Principals.ForAccount(account, request.GetScopes(), settings.Value.Audience, signedInAt), authenticationScheme: ServerScheme);
    }

    private static async Task<IResult> TokenAsync(HttpContext http, ClientStore clients, AccountStore accounts, IOptions<IdentitySettings> settings)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("OpenIddict passed on no token request");
        var audience = settings.Value.Audience;

        if (request.IsClientCredentialsGrantType())
        {
            // TokenRequestValidation has authenticated the client and found it may use client credentials.
            var client = await clients.FindAsync(request.ClientId!, http.RequestAborted);
            if (client is not { MayUseClientCredentials: true }) return Refuse(Errors.InvalidClient, "The client is unknown, or its credentials are wrong.");
            return Results.SignIn(Principals.ForClient(client, request.GetScopes(), audience), authenticationScheme: ServerScheme);
        }

        // A code or refresh token, already checked by OpenIddict (signature, expiry, client, redirect URI, PKCE verifier).
        // The person's role is read afresh, so a changed role or a removed account shows at the next refresh.
        var grant = await http.AuthenticateAsync(ServerScheme);
        var account = Guid.TryParse(grant.Principal?.GetClaim(Claims.Subject), out var id) ? await accounts.FindAsync(id, http.RequestAborted) : null;
        if (account is null) return Refuse(Errors.InvalidGrant, "The account no longer exists.");
        return Results.SignIn(Principals.ForAccount(account, grant.Principal!.GetScopes(), audience, Principals.SignedInAt(grant.Principal!)),
            authenticationScheme: ServerScheme);
    }

    /// <summary>The claims of the access token's subject, as OpenID Connect's userinfo endpoint gives them.</summary>
    private static async Task<IResult> UserInfoAsync(HttpContext http, AccountStore accounts)
    {
        var principal = (await http.AuthenticateAsync(ServerScheme)).Principal
            ?? throw new InvalidOperationException("OpenIddict passed on a userinfo request without a valid access token");
        var claims = new Dictionary<string, string?>(StringComparer.Ordinal) { [Claims.Subject] = principal.GetClaim(Claims.Subject) };
        foreach (var type in new[] { Claims.Role, "provider_id", "employer_id" })
            if (principal.GetClaim(type) is { } value) claims[type] = value;
        if (principal.HasScope(Scopes.Profile) && Guid.TryParse(claims[Claims.Subject], out var id) &&
            await accounts.FindAsync(id, http.RequestAborted) is { } account)
            claims[Claims.Name] = account.UserName;
        return Results.Json(claims);
    }

    /// <summary>An OAuth error answer written by OpenIddict (JSON at the token endpoint, a redirect to the client at the authorization endpoint).</summary>
    private static IResult Refuse(string error, string description) => Results.Forbid(
        new AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
        }),
        [ServerScheme]);
}

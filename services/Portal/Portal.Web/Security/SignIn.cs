using System.IdentityModel.Tokens.Jwt;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Portal.Web.Security;

/// <summary>
/// People sign in at the identity provider (authorization code + PKCE); the browser then holds only the portal's
/// cookie (HttpOnly, SameSite=Lax, Secure over https), and the portal keeps the person's access token inside it to
/// call the APIs as that person. The portal adds no rights of its own: the APIs decide, the pages only mirror them.
/// </summary>
public static class SignIn
{
    public const string ProviderPolicy = "provider";
    public const string CaseworkerPolicy = "caseworker";
    public const string EmployerPolicy = "employer";
    public const string CoordinatorPolicy = "coordinator";

    public const string RoleClaim = "role";
    public const string ProviderClaim = "provider_id";
    public const string EmployerClaim = "employer_id";

    public static IServiceCollection AddSignIn(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = configuration.GetSection("Portal").Get<PortalSettings>() ?? new PortalSettings();
        services.AddSingleton(settings);
        services.AddAuthentication(authentication =>
            {
                authentication.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                authentication.DefaultChallengeScheme = OpenIdConnectDefaults.AuthenticationScheme;
            })
            .AddCookie(cookie =>
            {
                cookie.Cookie.Name = "matching-portal";
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Lax;
                cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                cookie.AccessDeniedPath = "/forbidden";
                cookie.SlidingExpiration = false;
            })
            .AddOpenIdConnect(oidc =>
            {
                oidc.Authority = settings.Authority;
                oidc.RequireHttpsMetadata = settings.Authority.StartsWith("https:", StringComparison.OrdinalIgnoreCase);
                oidc.ClientId = settings.ClientId;
                oidc.ClientSecret = settings.ClientSecret;
                oidc.ResponseType = OpenIdConnectResponseType.Code;
                // The code comes back in the query of a top-level GET, so the correlation and nonce cookies can stay SameSite=Lax.
                oidc.ResponseMode = OpenIdConnectResponseMode.Query;
                oidc.UsePkce = true;
                oidc.SaveTokens = true;
                oidc.MapInboundClaims = false;
                oidc.GetClaimsFromUserInfoEndpoint = false;
                oidc.Scope.Clear();
                foreach (var scope in new[] { "openid", "profile", "roles" }) oidc.Scope.Add(scope);
                oidc.TokenValidationParameters.NameClaimType = "name";
                oidc.TokenValidationParameters.RoleClaimType = RoleClaim;
                oidc.CorrelationCookie.SameSite = SameSiteMode.Lax;
                oidc.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                oidc.NonceCookie.SameSite = SameSiteMode.Lax;
                oidc.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                oidc.Events.OnTokenValidated = context =>
                {
                    // The session lasts as long as the access token: afterwards the person signs in again (usually
                    // without typing anything, while the identity provider's own session lasts) and comes back here.
                    if (context.TokenEndpointResponse?.AccessToken is { } accessToken)
                        context.Properties!.ExpiresUtc = new JwtSecurityTokenHandler().ReadJwtToken(accessToken).ValidTo;
                    return Task.CompletedTask;
                };
            });

        services.AddAuthorizationBuilder()
            .AddPolicy(ProviderPolicy, policy => policy.RequireRole("provider").RequireClaim(ProviderClaim))
            .AddPolicy(CaseworkerPolicy, policy => policy.RequireRole("caseworker"))
            .AddPolicy(EmployerPolicy, policy => policy.RequireRole("employer").RequireClaim(EmployerClaim))
            .AddPolicy(CoordinatorPolicy, policy => policy.RequireRole("coordinator"));
        return services;
    }

    public static IEndpointRouteBuilder MapSignIn(this IEndpointRouteBuilder app)
    {
        app.MapGet("/signin", (string? returnUrl) => Results.Challenge(
            new AuthenticationProperties { RedirectUri = LocalOrHome(returnUrl) }, [OpenIdConnectDefaults.AuthenticationScheme]));
        app.MapPost("/signout", async (HttpContext http, IAntiforgery antiforgery) =>
        {
            await antiforgery.ValidateRequestAsync(http);
            await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.LocalRedirect("/");
        });
        return app;
    }

    /// <summary>
    /// The person's access token ran out while the cookie still held it (an API answered 401): sign in again and come
    /// back to the page — for a form, the page it was on; nothing of the post is kept.
    /// </summary>
    public static IApplicationBuilder UseSessionRenewal(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        try
        {
            await next(http);
        }
        catch (SessionExpiredException) when (!http.Response.HasStarted)
        {
            http.Response.Clear();
            await http.ChallengeAsync(OpenIdConnectDefaults.AuthenticationScheme,
                new AuthenticationProperties { RedirectUri = http.Request.Path + (HttpMethods.IsGet(http.Request.Method) ? http.Request.QueryString : default) });
        }
    });

    /// <summary>Only a path on the portal: anything else would make sign-in an open redirector.</summary>
    public static string LocalOrHome(string? url) =>
        url is ['/', ..] && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal) ? url : "/";
}

public sealed class PortalSettings
{
    public string Authority { get; set; } = "http://localhost:5100/";
    public string ClientId { get; set; } = "portal";
    public string? ClientSecret { get; set; }
}

/// <summary>An API said 401 to the person's token: the session must be renewed at the identity provider.</summary>
public sealed class SessionExpiredException() : Exception("The access token is no longer accepted.");

using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Threading.RateLimiting;
using Matching.Hosting.Http;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Identity.Api.Accounts;

/// <summary>
/// The page where a person signs in during the authorization code flow: a plain HTML form with an antiforgery
/// token. Signing in starts the identity service's own cookie session and goes back to where the person came
/// from (the authorization endpoint). Attempts are rate-limited per client address.
/// </summary>
public static class SignInPage
{
    public const string Path = "/account/sign-in";

    /// <summary>The identity service's own session: who is signed in here, not a token for the APIs.</summary>
    public const string SessionScheme = "identity-session";

    private const string RateLimitPolicy = "sign-in";

    public static IServiceCollection AddSignIn(this IServiceCollection services, IdentitySettings settings)
    {
        services.AddSingleton<AccountStore>();
        services.AddScoped<PasswordCheck>();
        services.AddAuthentication(SessionScheme).AddCookie(SessionScheme, cookie =>
        {
            cookie.Cookie.Name = "matching-identity";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.ExpireTimeSpan = settings.SessionLifetime;
            cookie.SlidingExpiration = false;
            cookie.LoginPath = Path;
            cookie.ReturnUrlParameter = "returnUrl";
        });
        services.AddAntiforgery(antiforgery => antiforgery.Cookie.Name = "matching-identity-antiforgery");
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = (rejected, _) =>
            {
                var wait = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1);
                rejected.HttpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                return ValueTask.CompletedTask;
            };
            limiter.AddPolicy(RateLimitPolicy, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = settings.SignInAttemptsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        });
        return services;
    }

    public static IEndpointRouteBuilder MapSignIn(this IEndpointRouteBuilder app)
    {
        var page = app.MapGroup(Path).WithTag("Sign-in", "The page where people sign in; tokens come from the OpenID Connect endpoints under /connect").AllowAnonymous();
        page.MapGet("", (HttpContext http, IAntiforgery antiforgery, string? returnUrl) =>
                Page(http, antiforgery, LocalOrNull(returnUrl), userName: null, failed: false))
            .WithName("ShowSignIn")
            .WithSummary("The sign-in page of people (HTML), on the way of an authorization request");
        page.MapPost("", SignInAsync).RequireRateLimiting(RateLimitPolicy)
            .WithName("SignIn")
            .WithSummary("Sign in with user name and password (the page's form, with its antiforgery token)")
            .Produces<string>(StatusCodes.Status200OK, "text/html")
            .Produces(StatusCodes.Status302Found)
            .Produces(StatusCodes.Status400BadRequest)
            .Produces(StatusCodes.Status429TooManyRequests);
        return app;
    }

    /// <summary>The form's fields, bound by name: <c>userName</c>, <c>password</c>, <c>returnUrl</c>.</summary>
    public sealed record SignInForm(string? UserName, string? Password, string? ReturnUrl);

    // The antiforgery token is checked before this runs (a form-bound endpoint behind UseAntiforgery): a post without it is a 400.
    private static async Task<IResult> SignInAsync([FromForm] SignInForm form, HttpContext http, IAntiforgery antiforgery, PasswordCheck passwords)
    {
        var returnUrl = LocalOrNull(form.ReturnUrl);
        var account = form is { UserName.Length: > 0 and <= 100, Password.Length: > 0 and <= 500 }
            ? await passwords.SignInAsync(form.UserName, form.Password, http.RequestAborted)
            : null;
        if (account is null) return Page(http, antiforgery, returnUrl, form.UserName, failed: true);

        var session = new ClaimsIdentity(SessionScheme, Claims.Name, Claims.Role);
        session.AddClaim(new Claim(Claims.Subject, account.Id.ToString()));
        session.AddClaim(new Claim(Claims.Name, account.UserName));
        await http.SignInAsync(SessionScheme, new ClaimsPrincipal(session));
        return returnUrl is null ? SignedIn() : Results.LocalRedirect(returnUrl);
    }

    /// <summary>Only a path on this service: a return URL elsewhere would make the page an open redirector.</summary>
    private static string? LocalOrNull(string? url) =>
        url is ['/', ..] && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal) ? url : null;

    private static IResult Page(HttpContext http, IAntiforgery antiforgery, string? returnUrl, string? userName, bool failed)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        var html = HtmlEncoder.Default;
        var error = failed
            ? """
              <p id="error" role="alert">Benutzername oder Passwort ist falsch, oder das Konto ist vorübergehend gesperrt.
              <span lang="en">Wrong user name or password, or the account is locked for a while.</span></p>
              """
            : "";
        var describedBy = failed ? """ aria-describedby="error" aria-invalid="true" """ : " ";
        var body = $"""
            <h1>Anmelden <span lang="en">· Sign in</span></h1>
            {error}
            <form method="post" action="{Path}">
              <input type="hidden" name="{html.Encode(tokens.FormFieldName)}" value="{html.Encode(tokens.RequestToken ?? "")}">
              <input type="hidden" name="returnUrl" value="{html.Encode(returnUrl ?? "")}">
              <label for="userName">Benutzername <span lang="en">(user name)</span></label>
              <input id="userName" name="userName" autocomplete="username" required maxlength="100" value="{html.Encode(userName ?? "")}"{describedBy}autofocus>
              <label for="password">Passwort <span lang="en">(password)</span></label>
              <input id="password" name="password" type="password" autocomplete="current-password" required maxlength="500"{describedBy}>
              <button type="submit">Anmelden <span lang="en">· Sign in</span></button>
            </form>
            """;
        return Document("Anmelden · Sign in", body);
    }

    private static IResult SignedIn() => Document("Angemeldet · Signed in",
        """<h1>Sie sind angemeldet. <span lang="en">You are signed in.</span></h1>""");

    private static IResult Document(string title, string body) => new HtmlPage($$"""
        <!doctype html>
        <html lang="de">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{title}} – Matching</title>
        <style>
          body { font-family: system-ui, sans-serif; max-width: 24rem; margin: 3rem auto; padding: 0 1rem; line-height: 1.5; }
          label, input, button { display: block; width: 100%; box-sizing: border-box; font-size: 1rem; }
          input { margin: .25rem 0 1rem; padding: .5rem; border: 1px solid #555; border-radius: .25rem; }
          button { padding: .6rem; background: #0b5394; color: #fff; border: 0; border-radius: .25rem; cursor: pointer; }
          :focus-visible { outline: 3px solid #f1a208; outline-offset: 2px; }
          [role=alert] { color: #a00000; border-left: 4px solid #a00000; padding-left: .75rem; }
        </style>
        </head>
        <body>
        <main>
        {{body}}
        </main>
        </body>
        </html>
        """);

    /// <summary>
    /// An HTML answer that no other site may frame (clickjacking) and no browser may cache. No <c>form-action</c>:
    /// browsers apply it to the redirects after the post too, and those end at the client's redirect URI.
    /// </summary>
    private sealed class HtmlPage(string html) : IResult
    {
        public Task ExecuteAsync(HttpContext http)
        {
            var headers = http.Response.Headers;
            headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'";
            headers.XFrameOptions = "DENY";
            headers.CacheControl = "no-store";
            http.Response.ContentType = "text/html; charset=utf-8";
            return http.Response.WriteAsync(html, http.RequestAborted);
        }
    }
}

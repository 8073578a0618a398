using System.Net;
using System.Security.Cryptography;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;

namespace Matching.Hosting.Security;

/// <summary>
/// Every request knows who is asking: OAuth 2.0 bearer tokens (JWT) checked against an OpenID Connect provider
/// (issuer, audience, lifetime, signature), roles required per endpoint, and anything not marked otherwise closed
/// to anonymous callers. There is no switch that turns it off.
/// </summary>
public static class Access
{
    /// <summary>The rate-limiting policy of what anonymous callers may do.</summary>
    public const string AnonymousPolicy = "anonymous";

    public static IServiceCollection AddAccess(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = configuration.GetSection("Authentication").Get<AuthenticationSettings>() ?? new AuthenticationSettings();
        services.AddSingleton(settings);

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(bearer =>
        {
            bearer.MapInboundClaims = false;
            bearer.Audience = settings.Audience;
            bearer.RequireHttpsMetadata = settings.RequireHttpsMetadata;
            bearer.TokenValidationParameters = new TokenValidationParameters
            {
                ValidateIssuer = true,
                ValidateAudience = true,
                ValidAudience = settings.Audience,
                ValidateLifetime = true,
                RequireExpirationTime = true,
                RequireSignedTokens = true,
                ValidateIssuerSigningKey = true,
                ClockSkew = TimeSpan.FromSeconds(30),
                NameClaimType = settings.Claims.Subject,
                RoleClaimType = settings.Claims.Role,
            };
            if (settings.SigningKeys.Length > 0)
            {
                bearer.TokenValidationParameters.ValidIssuer = settings.Issuer
                    ?? throw new InvalidOperationException("Authentication:Issuer is required with Authentication:SigningKeys");
                bearer.TokenValidationParameters.IssuerSigningKeys = settings.SigningKeys.Select(PublicKey).ToList();
            }
            else
            {
                bearer.Authority = settings.Authority;
            }
        });

        services.Configure<OpenApiOptions>("v1", openApi =>
        {
            openApi.AddDocumentTransformer<OpenApiSecurity>();
            openApi.AddOperationTransformer<OpenApiSecurity>();
        });

        services.AddAuthorizationBuilder().SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());

        // An anonymous caller is known by address: their own, or — behind a proxy the operator names (the portal, the reverse
        // proxy) — the one that proxy forwards in X-Forwarded-For. No proxy is trusted unless named: the header is anyone's to write.
        var proxies = configuration.GetSection("RateLimits:TrustedProxies").Get<string[]>() ?? [];
        services.Configure<ForwardedHeadersOptions>(forwarded =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor;
            forwarded.ForwardLimit = null;
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var proxy in proxies) forwarded.KnownIPNetworks.Add(TrustedNetwork(proxy));
        });

        var perMinute = configuration.GetValue("RateLimits:AnonymousPerMinute", 600);
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = (context, _) =>
            {
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                    context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString();
                return ValueTask.CompletedTask;
            };
            limiter.AddPolicy(AnonymousPolicy, context => context.User.Identity?.IsAuthenticated == true
                ? RateLimitPartition.GetNoLimiter("signed-in")
                : RateLimitPartition.GetFixedWindowLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1) }));
        });
        return services;
    }

    /// <summary>An address (<c>10.0.0.7</c>) or a network (<c>10.0.0.0/8</c>) of a proxy whose X-Forwarded-For is believed.</summary>
    private static System.Net.IPNetwork TrustedNetwork(string proxy)
    {
        if (System.Net.IPNetwork.TryParse(proxy, out var network)) return network;
        if (IPAddress.TryParse(proxy, out var address)) return new System.Net.IPNetwork(address, address.GetAddressBytes().Length * 8);
        throw new InvalidOperationException($"RateLimits:TrustedProxies: '{proxy}' is neither an address (10.0.0.7) nor a network (10.0.0.0/8).");
    }

    /// <summary>The caller's address as a trusted proxy forwards it, then authentication, then authorization, then the rate
    /// limits (which look at who is signed in and from where).</summary>
    public static WebApplication UseAccess(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        return app;
    }

    /// <summary>Only callers with one of <paramref name="roles"/>; anyone else gets 401 (no valid token) or 403.</summary>
    public static TBuilder RequireRoles<TBuilder>(this TBuilder builder, params string[] roles) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(policy => policy.RequireAuthenticatedUser().RequireRole(roles));

    /// <summary>Open to anyone, signed in or not; anonymous callers are rate-limited.</summary>
    public static TBuilder AllowAnyone<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AllowAnonymous().RequireRateLimiting(AnonymousPolicy);

    /// <summary>A 403 that says why: the caller's role may do this, but not to this resource.</summary>
    public static ProblemHttpResult Denied(string title) =>
        TypedResults.Problem(title: title, statusCode: StatusCodes.Status403Forbidden);

    private static SecurityKey PublicKey(string pem)
    {
        var rsa = RSA.Create();
        rsa.ImportFromPem(pem);
        return new RsaSecurityKey(rsa);
    }
}

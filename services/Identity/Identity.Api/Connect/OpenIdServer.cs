using Identity.Api.Clients;
using Identity.Api.Keys;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Identity.Api.Connect;

/// <summary>
/// OpenIddict's server in degraded mode: no Entity Framework stores and no token table. Clients and accounts
/// live in our own tables (checked by <see cref="AuthorizationRequestValidation"/> and
/// <see cref="TokenRequestValidation"/>); codes and refresh tokens are self-contained, encrypted JWTs (a code's
/// single use is kept by <see cref="SingleUseCodes"/>); access tokens are signed, unencrypted JWTs any API can
/// verify against the JWKS.
/// </summary>
public static class OpenIdServer
{
    public const string AuthorizePath = "/connect/authorize";
    public const string TokenPath = "/connect/token";
    public const string UserInfoPath = "/connect/userinfo";

    public static IServiceCollection AddOpenIdServer(this IServiceCollection services, IdentitySettings settings)
    {
        services.AddSingleton<ClientStore>();
        var keys = ServerKeys.Load(settings);
        services.AddOpenIddict().AddServer(server =>
        {
            server.SetAuthorizationEndpointUris(AuthorizePath.TrimStart('/'))
                .SetTokenEndpointUris(TokenPath.TrimStart('/'))
                .SetUserInfoEndpointUris(UserInfoPath.TrimStart('/'));

            server.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange()
                .AllowClientCredentialsFlow()
                .AllowRefreshTokenFlow();
            server.RegisterScopes(Scopes.OpenId, Scopes.Profile, Scopes.Roles, Scopes.OfflineAccess);
            server.RegisterClaims(Claims.Subject, Claims.Name, Claims.Role, "provider_id", "employer_id", Claims.AuthenticationTime);

            if (settings.Issuer is not null) server.SetIssuer(settings.Issuer);
            server.SetAccessTokenLifetime(settings.AccessTokenLifetime)
                .SetRefreshTokenLifetime(settings.RefreshTokenLifetime);
            server.AddSigningKey(keys.Signing)
                .AddEncryptionKey(keys.Encryption)
                .DisableAccessTokenEncryption();

            server.EnableDegradedMode()
                .DisableTokenStorage()
                .AddEventHandler(AuthorizationRequestValidation.Descriptor)
                .AddEventHandler(TokenRequestValidation.Descriptor)
                .AddEventHandler(SingleUseCodes.Descriptor);

            server.Configure(options =>
            {
                // PKCE with S256 only: "plain" would show the verifier to anyone who sees the authorization request.
                options.CodeChallengeMethods.Clear();
                options.CodeChallengeMethods.Add(CodeChallengeMethods.Sha256);
                // Secrets only: client assertions and certificates would need keys per client, which we do not keep.
                options.ClientAuthenticationMethods.Clear();
                options.ClientAuthenticationMethods.UnionWith([ClientAuthenticationMethods.ClientSecretBasic, ClientAuthenticationMethods.ClientSecretPost, ClientAuthenticationMethods.None]);
                options.ClientAssertionTypes.Clear();
            });

            var aspNetCore = server.UseAspNetCore()
                .EnableAuthorizationEndpointPassthrough()
                .EnableTokenEndpointPassthrough()
                .EnableUserInfoEndpointPassthrough();
            if (!settings.RequireHttps) aspNetCore.DisableTransportSecurityRequirement();
        });
        return services;
    }
}

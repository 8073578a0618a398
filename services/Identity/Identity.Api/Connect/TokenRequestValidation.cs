using Identity.Api.Clients;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Identity.Api.Connect;

/// <summary>
/// Client authentication at the token endpoint. The degraded mode turns OpenIddict's own checks off (they need
/// its application store), so this does what they would: the client must be known, a confidential client must
/// prove its secret and a public one must send none, and each client may use only the grants it is meant for.
/// It runs before the code or refresh token is looked at, so an unauthenticated client learns nothing about it.
/// </summary>
public sealed class TokenRequestValidation(ClientStore clients) : IOpenIddictServerHandler<ValidateTokenRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateTokenRequestContext>()
            .UseScopedHandler<TokenRequestValidation>()
            .SetOrder(OpenIddictServerHandlers.Exchange.ValidateAuthentication.Descriptor.Order - 500)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(ValidateTokenRequestContext context)
    {
        var client = string.IsNullOrEmpty(context.ClientId) ? null : await clients.FindAsync(context.ClientId, context.CancellationToken);
        var secret = context.ClientSecret ?? "";
        // A hash is checked whoever asks (against a decoy when there is no secret), so no answer comes faster for an unknown client.
        var secretMatches = Secrets.Verify(client?.SecretHash, secret);
        var authenticated = client switch
        {
            null => false,
            { IsConfidential: true } => secretMatches,
            _ => secret.Length == 0,
        };
        if (client is null || !authenticated)
        {
            // One answer for an unknown client and a wrong secret.
            context.Reject(Errors.InvalidClient, "The client is unknown, or its credentials are wrong.");
            return;
        }

        var allowed = context.Request.GrantType switch
        {
            GrantTypes.ClientCredentials => client.MayUseClientCredentials,
            GrantTypes.AuthorizationCode or GrantTypes.RefreshToken => client.MaySignPeopleIn,
            _ => false,
        };
        if (!allowed) context.Reject(Errors.UnauthorizedClient, $"The client may not use the grant type {context.Request.GrantType}.");
    }
}

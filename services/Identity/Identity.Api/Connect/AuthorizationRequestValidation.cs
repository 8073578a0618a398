using Identity.Api.Clients;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Identity.Api.Connect;

/// <summary>
/// The checks of an authorization request that the degraded mode leaves to us: the client must be known and
/// meant to sign people in, and the redirect URI must be one registered for it, exactly. Until this passes,
/// OpenIddict shows errors on its own page instead of redirecting, so no one can bounce a person elsewhere.
/// </summary>
public sealed class AuthorizationRequestValidation(ClientStore clients) : IOpenIddictServerHandler<ValidateAuthorizationRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateAuthorizationRequestContext>()
            .UseScopedHandler<AuthorizationRequestValidation>()
            .SetOrder(OpenIddictServerHandlers.Authentication.ValidateClientRedirectUri.Descriptor.Order)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(ValidateAuthorizationRequestContext context)
    {
        var client = string.IsNullOrEmpty(context.ClientId) ? null : await clients.FindAsync(context.ClientId, context.CancellationToken);
        if (client is null)
        {
            context.Reject(Errors.InvalidRequest, "The client is unknown.");
            return;
        }

        if (!client.MaySignPeopleIn)
        {
            context.Reject(Errors.UnauthorizedClient, "The client may not sign people in.");
            return;
        }

        if (string.IsNullOrEmpty(context.RedirectUri))
        {
            // OAuth 2.0 lets a client with one registered redirect URI leave it out.
            if (client.RedirectUriList is [var only]) context.SetRedirectUri(only);
            else context.Reject(Errors.InvalidRequest, "The redirect_uri parameter is required for this client.");
            return;
        }

        if (!client.HasRedirectUri(context.RedirectUri))
            context.Reject(Errors.InvalidRequest, "The redirect_uri is not registered for this client.");
    }
}

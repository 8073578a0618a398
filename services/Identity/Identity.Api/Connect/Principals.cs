using System.Globalization;
using System.Security.Claims;
using Identity.Api.Accounts;
using Identity.Api.Clients;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Identity.Api.Connect;

/// <summary>
/// What a token says about whom: <c>sub</c> (the account id, or the client id of a machine), <c>role</c>, and for a
/// provider or employer its organisation (<c>provider_id</c>, <c>employer_id</c>). The access token always carries
/// the role; the identity token carries it with the scope <c>roles</c>, and the user name with <c>profile</c>.
/// </summary>
public static class Principals
{
    public static ClaimsPrincipal ForAccount(Account account, IEnumerable<string> scopes, string audience, DateTimeOffset? signedInAt)
    {
        var identity = Identity(account.Id.ToString(), account.Role, account.Organisation, scopes, audience);
        identity.SetClaim(Claims.Name, account.UserName);
        if (signedInAt is { } at)
            identity.AddClaim(new Claim(Claims.AuthenticationTime, at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), ClaimValueTypes.Integer64));
        return WithDestinations(identity);
    }

    public static ClaimsPrincipal ForClient(Client client, IEnumerable<string> scopes, string audience) =>
        WithDestinations(Identity(client.ClientId, client.Role!, client.Organisation, scopes, audience));

    /// <summary>When the person signed in, as the <c>auth_time</c> a token issued earlier carries.</summary>
    public static DateTimeOffset? SignedInAt(ClaimsPrincipal principal) =>
        long.TryParse(principal.GetClaim(Claims.AuthenticationTime), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;

    private static ClaimsIdentity Identity(string subject, string role, string? organisation, IEnumerable<string> scopes, string audience)
    {
        var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, subject);
        identity.SetClaim(Claims.Role, role);
        if (Roles.OrganisationClaim(role) is { } claim) identity.SetClaim(claim, organisation);
        identity.SetScopes(scopes);
        identity.SetAudiences(audience);
        return identity;
    }

    private static ClaimsPrincipal WithDestinations(ClaimsIdentity identity)
    {
        var roles = identity.HasScope(Scopes.Roles);
        var profile = identity.HasScope(Scopes.Profile);
        identity.SetDestinations(claim => claim.Type switch
        {
            Claims.Subject => [Destinations.AccessToken, Destinations.IdentityToken],
            Claims.Name => profile ? [Destinations.IdentityToken] : [],
            Claims.AuthenticationTime => [Destinations.IdentityToken],
            _ => roles ? [Destinations.AccessToken, Destinations.IdentityToken] : [Destinations.AccessToken],
        });
        return new ClaimsPrincipal(identity);
    }
}

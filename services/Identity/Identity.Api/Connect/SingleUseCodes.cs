using System.Security.Cryptography;
using System.Text;
using Dapper;
using Matching.Hosting.Data;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Identity.Api.Connect;

/// <summary>
/// An authorization code is good once (RFC 6749, 4.1.2). OpenIddict keeps that promise through its token store,
/// which the degraded mode turns off; so a hash of every exchanged code is kept in <c>redeemed_codes</c> until the
/// code expires, and a second exchange is refused. It runs after every other check, so a request with a stolen
/// code but the wrong PKCE verifier cannot use the code up.
/// </summary>
public sealed class SingleUseCodes(Db db, TimeProvider clock) : IOpenIddictServerHandler<ValidateTokenRequestContext>
{
    private const string ForgetExpired = "delete from redeemed_codes where expires_at < @Now";

    private const string Redeem = """
        insert into redeemed_codes (code_id, expires_at) values (@CodeId, @ExpiresAt)
        on conflict (code_id) do nothing
        """;

    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateTokenRequestContext>()
            .UseScopedHandler<SingleUseCodes>()
            .SetOrder(OpenIddictServerHandlers.Exchange.ValidateGrantedScopes.Descriptor.Order + 1_000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(ValidateTokenRequestContext context)
    {
        if (!context.Request.IsAuthorizationCodeGrantType() || context.AuthorizationCodePrincipal is not { } code) return;

        // The code carries no id of its own without token storage; each one is a distinct ciphertext, so its hash is one.
        var codeId = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(context.Request.Code!)));
        var now = clock.GetUtcNow();
        await using var connection = await db.OpenAsync(context.CancellationToken);
        await connection.ExecuteAsync(ForgetExpired, new { Now = now });
        var first = await connection.ExecuteAsync(Redeem, new { CodeId = codeId, ExpiresAt = code.GetExpirationDate() ?? now.AddHours(1) }) == 1;
        if (!first) context.Reject(Errors.InvalidGrant, "The authorization code has been used already.");
    }
}

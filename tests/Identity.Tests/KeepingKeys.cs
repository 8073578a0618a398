using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Identity.Tests;

/// <summary>The keys are made once and kept: what was issued before a restart is still good after it.</summary>
public sealed class KeepingKeys
{
    [Fact]
    public async Task A_token_issued_before_a_restart_should_still_verify_after_it_and_a_refresh_token_still_redeem()
    {
        using var storage = Storage.Create();
        string accessToken, refreshToken;
        await using (var before = IdentityApp.On(storage))
        {
            accessToken = await Tokens.AccessTokenForAsync(before.CreateClient(), Seed.ProviderSystem);
            var browser = new Browser(before.CreateBrowser());
            var pkce = Pkce.Create();
            var code = await browser.SignInForCodeAsync(Seed.Portal, Seed.Caseworker, pkce, scope: "openid offline_access");
            refreshToken = (await Tokens.ReadTokensAsync(await Tokens.PostTokenAsync(browser.Http, ("grant_type", "authorization_code"), ("code", code),
                ("redirect_uri", Seed.PortalRedirect), ("code_verifier", pkce.Verifier), ("client_id", Seed.Portal.ClientId),
                ("client_secret", Seed.Portal.Secret)))).RefreshToken!;
        }

        await using var after = IdentityApp.On(storage);
        var client = after.CreateClient();

        var verified = await Tokens.VerifyAsync(client, accessToken);
        Assert.Equal("provider-vhs-duisburg", verified.Subject);
        var refreshed = await Tokens.ReadTokensAsync(await Tokens.PostTokenAsync(client, ("grant_type", "refresh_token"), ("refresh_token", refreshToken),
            ("client_id", Seed.Portal.ClientId), ("client_secret", Seed.Portal.Secret)));
        Assert.Equal("caseworker", (await Tokens.VerifyAsync(client, refreshed.AccessToken)).Claim("role"));
    }

    [Fact]
    public async Task Keys_given_by_configuration_should_sign_instead_of_kept_ones()
    {
        using var signing = RSA.Create(2048);
        using var encryption = RSA.Create(2048);
        await using var app = IdentityApp.On(Storage.Create(), new Dictionary<string, string?>
        {
            ["Identity:SigningKey"] = signing.ExportPkcs8PrivateKeyPem(),
            ["Identity:EncryptionKey"] = encryption.ExportRSAPrivateKeyPem(),
        }, ownsStorage: true);
        var client = app.CreateClient();

        var token = new JsonWebToken(await Tokens.AccessTokenForAsync(client, Seed.CaseworkerCli));

        await Tokens.VerifyAsync(client, token.EncodedToken);
        var expectedKeyId = Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(
            new Microsoft.IdentityModel.Tokens.RsaSecurityKey(signing.ExportParameters(false)).ComputeJwkThumbprint());
        Assert.Equal(expectedKeyId, token.Kid);
        Assert.False(File.Exists(Path.Combine(app.Storage.KeysPath, "signing.pem")));
    }
}

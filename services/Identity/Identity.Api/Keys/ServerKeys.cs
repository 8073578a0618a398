using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace Identity.Api.Keys;

/// <summary>
/// The RSA keys that sign tokens (published in the JWKS) and encrypt authorization codes and refresh tokens.
/// Given by configuration (PEM) in production; otherwise made on first start and kept as PEM files under
/// <c>Identity:KeysPath</c>, so tokens stay valid across restarts and every replica sharing the folder signs alike.
/// </summary>
public sealed record ServerKeys(RsaSecurityKey Signing, RsaSecurityKey Encryption)
{
    public static ServerKeys Load(IdentitySettings settings) => new(
        Key(settings.SigningKey, Path.Combine(settings.KeysPath, "signing.pem")),
        Key(settings.EncryptionKey, Path.Combine(settings.KeysPath, "encryption.pem")));

    private static RsaSecurityKey Key(string? pem, string file)
    {
        var rsa = RSA.Create();
        rsa.ImportFromPem(string.IsNullOrWhiteSpace(pem) ? ReadOrCreate(file) : pem);
        var key = new RsaSecurityKey(rsa);
        // The same key always has the same id, so a resource server's cached JWKS still finds it after a restart.
        key.KeyId = Base64UrlEncoder.Encode(key.ComputeJwkThumbprint());
        return key;
    }

    private static string ReadOrCreate(string file)
    {
        if (File.Exists(file)) return File.ReadAllText(file);

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
        using var rsa = RSA.Create(2048);
        var pem = rsa.ExportPkcs8PrivateKeyPem();
        // Written aside and moved into place without overwriting: of two replicas starting at once, one key wins and both use it.
        var draft = $"{file}.{Guid.NewGuid():N}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var writer = new StreamWriter(draft, options)) writer.Write(pem);
        try
        {
            File.Move(draft, file, overwrite: false);
            return pem;
        }
        catch (IOException) when (File.Exists(file))
        {
            File.Delete(draft);
            return File.ReadAllText(file);
        }
    }
}

using Microsoft.AspNetCore.Identity;

namespace Identity.Api;

/// <summary>Passwords and client secrets, hashed with ASP.NET Core's <see cref="PasswordHasher{TUser}"/> (PBKDF2, salted).</summary>
public static class Secrets
{
    private static readonly PasswordHasher<object> Hasher = new();
    private static readonly object Owner = new();

    // Checked when there is no hash to check against, so an unknown name takes as long as a wrong secret.
    private static readonly string Decoy = Hasher.HashPassword(Owner, Guid.NewGuid().ToString());

    public static string Hash(string secret) => Hasher.HashPassword(Owner, secret);

    /// <summary>Whether <paramref name="secret"/> is the one <paramref name="hash"/> was made from; false for a null hash, in the same time.</summary>
    public static bool Verify(string? hash, string secret)
    {
        var result = Hasher.VerifyHashedPassword(Owner, hash ?? Decoy, secret);
        return hash is not null && result != PasswordVerificationResult.Failed;
    }
}

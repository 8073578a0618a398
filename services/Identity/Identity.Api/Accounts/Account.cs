namespace Identity.Api.Accounts;

/// <summary>
/// A person who signs in: one row of <c>accounts</c>. Settable properties rather than a positional
/// record, so Dapper can read SQLite's integers into <c>int</c>.
/// </summary>
public sealed record Account
{
    /// <summary>The subject (<c>sub</c>) of the person's tokens.</summary>
    public Guid Id { get; init; }

    /// <summary>Lower-case: user names are compared without regard to case.</summary>
    public string UserName { get; init; } = "";
    public string PasswordHash { get; init; } = "";
    public string Role { get; init; } = "";
    public string? Organisation { get; init; }
    public int FailedSignIns { get; init; }
    public DateTimeOffset? LockedUntil { get; init; }

    public bool IsLockedAt(DateTimeOffset now) => LockedUntil > now;

    public static string NormalizeUserName(string userName) => userName.Trim().ToLowerInvariant();
}

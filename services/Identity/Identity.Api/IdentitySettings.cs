namespace Identity.Api;

/// <summary>The section <c>Identity</c> of the configuration.</summary>
public sealed class IdentitySettings
{
    public const string Section = "Identity";

    public static IdentitySettings From(IConfiguration configuration) =>
        configuration.GetSection(Section).Get<IdentitySettings>() ?? new IdentitySettings();

    /// <summary>The issuer (<c>iss</c>) of every token: the service's own URL. Unset, it is the URL the request came to.</summary>
    public Uri? Issuer { get; set; }

    /// <summary>The audience (<c>aud</c>) of every access token: the APIs that accept it.</summary>
    public string Audience { get; set; } = "matching-api";

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromHours(1);

    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>How long a person stays signed in to the identity service itself (its cookie).</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>Where keys made on first start are kept: the token keys, and ASP.NET Core's data-protection keys for cookies.</summary>
    public string KeysPath { get; set; } = Path.Combine("data", "identity-keys");

    /// <summary>An RSA private key in PEM that signs the tokens; made and kept under <see cref="KeysPath"/> when not given.</summary>
    public string? SigningKey { get; set; }

    /// <summary>An RSA private key in PEM that encrypts codes and refresh tokens; made and kept under <see cref="KeysPath"/> when not given.</summary>
    public string? EncryptionKey { get; set; }

    /// <summary>Refuse plain HTTP. Off by default: the reference deployment ends TLS in front of the service.</summary>
    public bool RequireHttps { get; set; }

    /// <summary>Sign-in attempts (right or wrong) one client address may make per minute before it gets 429.</summary>
    public int SignInAttemptsPerMinute { get; set; } = 30;

    public LockoutSettings Lockout { get; set; } = new();

    /// <summary>A JSON file of accounts and clients to upsert at start, shaped like the section <c>Identity:Seed</c>.</summary>
    public string? SeedFile { get; set; }
}

public sealed class LockoutSettings
{
    /// <summary>Wrong passwords in a row that lock an account.</summary>
    public int MaxFailures { get; set; } = 5;

    public TimeSpan Duration { get; set; } = TimeSpan.FromMinutes(5);
}

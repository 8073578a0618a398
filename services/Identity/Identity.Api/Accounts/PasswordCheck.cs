using Microsoft.Extensions.Options;

namespace Identity.Api.Accounts;

/// <summary>
/// Checks a person's user name and password. Wrong passwords in a row lock the account for a while; a locked
/// account refuses even the right password. An unknown user, a wrong password and a locked account all
/// look the same from outside (null, in about the same time), so the answer tells no one which names exist.
/// </summary>
public sealed class PasswordCheck(AccountStore accounts, IOptions<IdentitySettings> settings, TimeProvider clock, ILogger<PasswordCheck> logger)
{
    public async Task<Account?> SignInAsync(string userName, string password, CancellationToken cancellationToken)
    {
        var account = await accounts.FindByUserNameAsync(userName, cancellationToken);
        var now = clock.GetUtcNow();
        if (account is null || account.IsLockedAt(now))
        {
            Secrets.Verify(null, password);
            return null;
        }

        if (!Secrets.Verify(account.PasswordHash, password))
        {
            var lockout = settings.Value.Lockout;
            var counted = await accounts.CountFailureAsync(account.Id, lockout.MaxFailures, now + lockout.Duration, cancellationToken);
            if (counted?.IsLockedAt(now) == true)
                logger.LogWarning("Account {AccountId} locked until {LockedUntil} after {MaxFailures} wrong passwords", account.Id, counted.LockedUntil, lockout.MaxFailures);
            return null;
        }

        await accounts.ClearFailuresAsync(account.Id, cancellationToken);
        return account;
    }
}

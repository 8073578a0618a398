using Dapper;
using Matching.Hosting.Data;

namespace Identity.Api.Accounts;

/// <summary>The <c>accounts</c> table. Each call opens its own connection: every change is one statement.</summary>
public sealed class AccountStore(Db db)
{
    private const string Columns = """
        id as Id, user_name as UserName, password_hash as PasswordHash, role as Role, organisation as Organisation,
        failed_sign_ins as FailedSignIns, locked_until as LockedUntil
        """;

    private const string SelectById = $"select {Columns} from accounts where id = @Id";

    private const string SelectByUserName = $"select {Columns} from accounts where user_name = @UserName";

    private const string SelectAll = $"select {Columns} from accounts order by user_name";

    // The counter and the lock change in one statement (the right-hand sides read the row as it was), so two
    // wrong passwords at the same moment are both counted. Reaching the limit locks and starts counting anew.
    private const string CountFailure = $"""
        update accounts
        set failed_sign_ins = case when failed_sign_ins + 1 >= @MaxFailures then 0 else failed_sign_ins + 1 end,
            locked_until = case when failed_sign_ins + 1 >= @MaxFailures then @LockUntil else locked_until end
        where id = @Id
        returning {Columns}
        """;

    private const string ClearFailures = """
        update accounts set failed_sign_ins = 0, locked_until = null
        where id = @Id and (failed_sign_ins <> 0 or locked_until is not null)
        """;

    // Seeding: the id of an existing account stays (it is the subject of tokens already issued), and so do its
    // failed sign-ins and lock: a restart must not unlock an account someone is guessing at.
    private const string Upsert = """
        insert into accounts (id, user_name, password_hash, role, organisation, failed_sign_ins, locked_until)
        values (@Id, @UserName, @PasswordHash, @Role, @Organisation, 0, null)
        on conflict (user_name) do update
        set password_hash = excluded.password_hash, role = excluded.role, organisation = excluded.organisation
        """;

    public async Task<Account?> FindAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<Account>(SelectById, new { Id = id });
    }

    public async Task<Account?> FindByUserNameAsync(string userName, CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<Account>(SelectByUserName, new { UserName = Account.NormalizeUserName(userName) });
    }

    public async Task<IReadOnlyList<Account>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<Account>(SelectAll)).AsList();
    }

    /// <summary>Counts a wrong password; returns the account as it is now (locked when that was one too many).</summary>
    public async Task<Account?> CountFailureAsync(Guid id, int maxFailures, DateTimeOffset lockUntil, CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<Account>(CountFailure, new { Id = id, MaxFailures = maxFailures, LockUntil = lockUntil });
    }

    public async Task ClearFailuresAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(ClearFailures, new { Id = id });
    }

    public async Task UpsertAsync(Account account, CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(Upsert, account);
    }
}

using System.Data.Common;
using Dapper;
using Matching.Hosting.Http;
using Matching.Hosting.Data;

namespace Employers.Api.Agreements;

/// <summary>
/// The <c>agreements</c> table. Reads open their own connection; changes run in the caller's
/// <see cref="UnitOfWork"/>, so the events they raise commit with them.
/// </summary>
public sealed class AgreementRepository(Db db)
{
    // Occupations are one comma-separated column, and the last one: Dapper splits each row there.
    private const string Columns = """
        id as Id, version as Version, employer_id as EmployerId, min_level as MinLevel, quota as Quota,
        quota_left as QuotaLeft, valid_from as ValidFrom, valid_to as ValidTo, language_support as LanguageSupport,
        signed_by as SignedBy, occupations
        """;

    private const string SelectById = $"select {Columns} from agreements where id = @Id";

    private const string SelectOfEmployer = $"""
        select {Columns} from agreements
        where employer_id = @EmployerId
        order by valid_from, id
        limit @Limit offset @Offset
        """;

    private const string CountOfEmployer = "select count(*) from agreements where employer_id = @EmployerId";

    private const string Insert = """
        insert into agreements (id, version, employer_id, min_level, quota, quota_left,
            valid_from, valid_to, language_support, signed_by, occupations)
        values (@Id, @Version, @EmployerId, @MinLevel, @Quota, @QuotaLeft,
            @ValidFrom, @ValidTo, @LanguageSupport, @SignedBy, @Occupations)
        """;

    // One conditional statement, as for positions; only an agreement of the opening's employer gives quota.
    private const string TakeQuota = $"""
        update agreements
        set quota_left = quota_left - 1, version = version + 1
        where id = @Id and employer_id = @EmployerId and quota_left > 0
        returning {Columns}
        """;

    private const string GiveQuotaBack = $"""
        update agreements
        set quota_left = quota_left + 1, version = version + 1
        where id = @Id and quota_left < quota
        returning {Columns}
        """;

    public async Task<Agreement?> FindAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return (await QueryAsync(connection, null, SelectById, new { Id = id })).SingleOrDefault();
    }

    /// <summary>One page of the employer's agreements, earliest valid first (the first page when none is given).</summary>
    public async Task<IReadOnlyList<Agreement>> ListAsync(string employerId, Paging? paging = null, CancellationToken cancellationToken = default)
    {
        paging ??= Paging.First;
        await using var connection = await db.OpenAsync(cancellationToken);
        return await QueryAsync(connection, null, SelectOfEmployer, new { EmployerId = employerId, Limit = paging.PageSize, paging.Offset });
    }

    /// <summary>How many agreements the employer signed: the pages of <see cref="ListAsync"/> together.</summary>
    public async Task<long> CountAsync(string employerId, CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(CountOfEmployer, new { EmployerId = employerId });
    }

    public async Task<Agreement?> FindAsync(UnitOfWork work, Guid id) =>
        (await QueryAsync(work.Connection, work.Transaction, SelectById, new { Id = id })).SingleOrDefault();

    public Task InsertAsync(UnitOfWork work, Agreement agreement) =>
        work.ExecuteAsync(Insert, new
        {
            agreement.Id, agreement.Version, agreement.EmployerId,
            MinLevel = agreement.MinLevel.ToString(),
            agreement.Quota, agreement.QuotaLeft, agreement.ValidFrom, agreement.ValidTo, agreement.LanguageSupport, agreement.SignedBy,
            Occupations = string.Join(',', agreement.Occupations),
        });

    /// <summary>Takes one unit of quota for an opening of <paramref name="employerId"/>; the agreement as it now is, or null when none was taken.</summary>
    public async Task<Agreement?> TakeQuotaAsync(UnitOfWork work, Guid id, string employerId) =>
        (await QueryAsync(work.Connection, work.Transaction, TakeQuota, new { Id = id, EmployerId = employerId })).SingleOrDefault();

    /// <summary>Gives one unit of quota back, never above the quota; the agreement as it now is, or null when nothing changed.</summary>
    public async Task<Agreement?> GiveQuotaBackAsync(UnitOfWork work, Guid id) =>
        (await QueryAsync(work.Connection, work.Transaction, GiveQuotaBack, new { Id = id })).SingleOrDefault();

    // UnitOfWork.QueryAsync maps one type per row; the occupations need Dapper's split, so this goes to the connection.
    private static async Task<IReadOnlyList<Agreement>> QueryAsync(DbConnection connection, DbTransaction? transaction,
        string sql, object parameters)
    {
        var agreements = await connection.QueryAsync<Agreement, string, Agreement>(sql,
            (agreement, occupations) => agreement with { Occupations = occupations.Split(',', StringSplitOptions.RemoveEmptyEntries) },
            parameters, transaction, splitOn: "occupations");
        return agreements.AsList();
    }
}

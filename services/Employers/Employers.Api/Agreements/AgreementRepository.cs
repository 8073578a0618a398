using System.Data.Common;
using Dapper;
using Matching.Contracts;
using Matching.Hosting.Data;

namespace Employers.Api.Agreements;

/// <summary>Stores agreements; every change is written together with its event, in one transaction.</summary>
public sealed class AgreementRepository(Db db)
{
    // Occupations are one comma-separated column, and the last one: Dapper splits each row there.
    private const string Columns = """
        id, version, employer_id as EmployerId, min_level as MinLevel, quota, quota_left as QuotaLeft,
        valid_from as ValidFrom, valid_to as ValidTo, language_support as LanguageSupport,
        occupations
        """;

    private const string Insert = """
        insert into agreements (id, version, employer_id, min_level, quota, quota_left,
                                valid_from, valid_to, language_support, occupations)
        values (@Id, @Version, @EmployerId, @MinLevel, @Quota, @QuotaLeft,
                @ValidFrom, @ValidTo, @LanguageSupport, @Occupations)
        """;

    private const string SelectById = $"""
        select {Columns}
        from agreements
        where id = @Id
        """;

    private const string SelectOfEmployer = $"""
        select {Columns}
        from agreements
        where employer_id = @EmployerId
        order by valid_from, id
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

    public async Task SignAsync(Agreement agreement)
    {
        await using var work = await db.BeginAsync();
        await work.ExecuteAsync(Insert, new
        {
            agreement.Id, agreement.Version, agreement.EmployerId,
            MinLevel = agreement.MinLevel.ToString(),
            agreement.Quota, agreement.QuotaLeft, agreement.ValidFrom, agreement.ValidTo, agreement.LanguageSupport,
            Occupations = string.Join(',', agreement.Occupations),
        });
        await work.PublishAsync(new AgreementSigned(agreement.ToState()));
        await work.CommitAsync();
    }

    public async Task<Agreement?> FindAsync(Guid id)
    {
        await using var connection = await db.OpenAsync();
        return (await QueryAsync(connection, SelectById, new { Id = id })).SingleOrDefault();
    }

    public async Task<IReadOnlyList<Agreement>> ListAsync(string employerId)
    {
        await using var connection = await db.OpenAsync();
        return await QueryAsync(connection, SelectOfEmployer, new { EmployerId = employerId });
    }

    public async Task<Agreement?> FindAsync(UnitOfWork work, Guid id) =>
        (await QueryAsync(work.Connection, SelectById, new { Id = id }, work.Transaction)).SingleOrDefault();

    /// <summary>Takes one unit of quota for an opening of <paramref name="employerId"/>; the agreement as it now is, or null when none was taken.</summary>
    public async Task<Agreement?> TakeQuotaAsync(UnitOfWork work, Guid id, string employerId) =>
        (await QueryAsync(work.Connection, TakeQuota, new { Id = id, EmployerId = employerId }, work.Transaction)).SingleOrDefault();

    /// <summary>Gives one unit of quota back, never above the quota; the agreement as it now is, or null when nothing changed.</summary>
    public async Task<Agreement?> GiveQuotaBackAsync(UnitOfWork work, Guid id) =>
        (await QueryAsync(work.Connection, GiveQuotaBack, new { Id = id }, work.Transaction)).SingleOrDefault();

    private static async Task<IReadOnlyList<Agreement>> QueryAsync(DbConnection connection, string sql, object parameters,
        DbTransaction? transaction = null)
    {
        var agreements = await connection.QueryAsync<Agreement, string, Agreement>(sql,
            (agreement, occupations) => agreement with { Occupations = occupations.Split(',', StringSplitOptions.RemoveEmptyEntries) },
            parameters, transaction, splitOn: "occupations");
        return agreements.AsList();
    }
}

using Dapper;
using Matching.Hosting.Data;

namespace Employers.Api.Openings;

/// <summary>
/// The <c>openings</c> table. Reads open their own connection; changes run in the caller's
/// <see cref="UnitOfWork"/>, so the events they raise commit with them.
/// </summary>
public sealed class OpeningRepository(Db db)
{
    private const string Columns = """
        id as Id, version as Version, employer_id as EmployerId, title as Title, occupation as Occupation,
        lat as Lat, lon as Lon, place as Place, postal_code as PostalCode, address as Address,
        min_level as MinLevel, positions as Positions, positions_left as PositionsLeft, starts_on as StartsOn,
        hours_per_week as HoursPerWeek, language_support as LanguageSupport, closed as Closed
        """;

    private const string SelectById = $"select {Columns} from openings where id = @Id";

    private const string SelectOpenOfEmployer = $"""
        select {Columns} from openings
        where employer_id = @EmployerId and not closed
        order by starts_on, id
        """;

    private const string Insert = """
        insert into openings (id, version, employer_id, title, occupation, min_level,
            positions, positions_left, starts_on, hours_per_week,
            language_support, closed, lat, lon, place, postal_code, address)
        values (@Id, @Version, @EmployerId, @Title, @Occupation, @MinLevel,
            @Positions, @PositionsLeft, @StartsOn, @HoursPerWeek,
            @LanguageSupport, @Closed, @Lat, @Lon, @Place, @PostalCode, @Address)
        """;

    // "and not closed" makes closing atomic: of two concurrent closes, only one changes the row.
    private const string Close = $"""
        update openings
        set closed = true, version = version + 1
        where id = @Id and not closed
        returning {Columns}
        """;

    // One conditional statement: of two placements racing for the last position, only one takes it.
    private const string TakePosition = $"""
        update openings
        set positions_left = positions_left - 1, version = version + 1
        where id = @Id and positions_left > 0 and not closed
        returning {Columns}
        """;

    private const string GivePositionBack = $"""
        update openings
        set positions_left = positions_left + 1, version = version + 1
        where id = @Id and positions_left < positions
        returning {Columns}
        """;

    public async Task<Opening?> FindAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<Opening>(SelectById, new { Id = id });
    }

    /// <summary>The employer's openings that are not closed, soonest start first.</summary>
    public async Task<IReadOnlyList<Opening>> ListOpenAsync(string employerId, CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<Opening>(SelectOpenOfEmployer, new { EmployerId = employerId })).AsList();
    }

    public Task<Opening?> FindAsync(UnitOfWork work, Guid id) =>
        work.QuerySingleOrDefaultAsync<Opening>(SelectById, new { Id = id });

    public Task InsertAsync(UnitOfWork work, Opening opening) =>
        work.ExecuteAsync(Insert, new
        {
            opening.Id, opening.Version, opening.EmployerId, opening.Title, opening.Occupation,
            MinLevel = opening.MinLevel.ToString(),
            opening.Positions, opening.PositionsLeft, opening.StartsOn, opening.HoursPerWeek,
            opening.LanguageSupport, opening.Closed,
            opening.Lat, opening.Lon, opening.Place, opening.PostalCode, opening.Address,
        });

    /// <summary>Closes the opening; the opening as it now is, or null when nothing changed (it was closed already, or is unknown).</summary>
    public Task<Opening?> CloseAsync(UnitOfWork work, Guid id) =>
        work.QuerySingleOrDefaultAsync<Opening>(Close, new { Id = id });

    /// <summary>Takes one position; the opening as it now is, or null when none was left (or it is closed or unknown).</summary>
    public Task<Opening?> TakePositionAsync(UnitOfWork work, Guid id) =>
        work.QuerySingleOrDefaultAsync<Opening>(TakePosition, new { Id = id });

    /// <summary>Gives one position back, never above the opening's positions; the opening as it now is, or null when nothing changed.</summary>
    public Task<Opening?> GivePositionBackAsync(UnitOfWork work, Guid id) =>
        work.QuerySingleOrDefaultAsync<Opening>(GivePositionBack, new { Id = id });
}

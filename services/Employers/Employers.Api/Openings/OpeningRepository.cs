using Dapper;
using Matching.Hosting.Http;
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
        min_level as MinLevel, positions as Positions, positions_taken_outside as PositionsTakenOutside,
        positions_reserved as PositionsReserved, starts_on as StartsOn,
        hours_per_week as HoursPerWeek, language_support as LanguageSupport, closed as Closed
        """;

    private const string SelectById = $"select {Columns} from openings where id = @Id";

    private const string SelectOpenOfEmployer = $"""
        select {Columns} from openings
        where employer_id = @EmployerId and not closed
        order by starts_on, id
        limit @Limit offset @Offset
        """;

    private const string CountOpenOfEmployer = """
        select count(*) from openings
        where employer_id = @EmployerId and not closed
        """;

    private const string Insert = """
        insert into openings (id, version, employer_id, title, occupation, min_level,
            positions, positions_taken_outside, positions_reserved, starts_on, hours_per_week,
            language_support, closed, lat, lon, place, postal_code, address)
        values (@Id, @Version, @EmployerId, @Title, @Occupation, @MinLevel,
            @Positions, @PositionsTakenOutside, @PositionsReserved, @StartsOn, @HoursPerWeek,
            @LanguageSupport, @Closed, @Lat, @Lon, @Place, @PostalCode, @Address)
        """;

    // Only the version the caller read may be closed: of two concurrent closes, or a close and a reservation, one
    // changes the row and the other changes nothing.
    private const string Close = $"""
        update openings
        set closed = true, version = version + 1
        where id = @Id and version = @Version and not closed
        returning {Columns}
        """;

    // Optimistic concurrency, as for closing. What the employer knows (the positions, those it filled itself); the
    // positions reserved belong to the reservations alone.
    private const string UpdatePositions = """
        update openings
        set positions = @Positions, positions_taken_outside = @PositionsTakenOutside, version = @Version
        where id = @Id and version = @Version - 1
        """;

    // One conditional statement: of two placements racing for the last position, only one takes it, and the check
    // constraint would refuse more positions taken than the opening has anyway.
    private const string ReservePosition = $"""
        update openings
        set positions_reserved = positions_reserved + 1, version = version + 1
        where id = @Id and positions_taken_outside + positions_reserved < positions and not closed
        returning {Columns}
        """;

    // A released reservation gives back the one position it held, and nothing the employer counts.
    private const string ReleasePosition = $"""
        update openings
        set positions_reserved = positions_reserved - 1, version = version + 1
        where id = @Id and positions_reserved > 0
        returning {Columns}
        """;

    public async Task<Opening?> FindAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<Opening>(SelectById, new { Id = id });
    }

    /// <summary>One page of the employer's openings that are not closed, soonest start first (the first page when none is given).</summary>
    public async Task<IReadOnlyList<Opening>> ListOpenAsync(string employerId, Paging? paging = null, CancellationToken cancellationToken = default)
    {
        paging ??= Paging.First;
        await using var connection = await db.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<Opening>(SelectOpenOfEmployer,
            new { EmployerId = employerId, Limit = paging.PageSize, paging.Offset })).AsList();
    }

    /// <summary>How many openings of the employer are open: the pages of <see cref="ListOpenAsync"/> together.</summary>
    public async Task<long> CountOpenAsync(string employerId, CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(CountOpenOfEmployer, new { EmployerId = employerId });
    }

    public Task<Opening?> FindAsync(UnitOfWork work, Guid id) =>
        work.QuerySingleOrDefaultAsync<Opening>(SelectById, new { Id = id });

    public Task InsertAsync(UnitOfWork work, Opening opening) =>
        work.ExecuteAsync(Insert, new
        {
            opening.Id, opening.Version, opening.EmployerId, opening.Title, opening.Occupation,
            MinLevel = opening.MinLevel.ToString(),
            opening.Positions, opening.PositionsTakenOutside, opening.PositionsReserved, opening.StartsOn, opening.HoursPerWeek,
            opening.LanguageSupport, opening.Closed,
            opening.Lat, opening.Lon, opening.Place, opening.PostalCode, opening.Address,
        });

    /// <summary>
    /// Closes the opening if it is still at <paramref name="version"/>; the opening as it now is, or null when nothing
    /// changed (it was closed already or changed meanwhile, or is unknown).
    /// </summary>
    public Task<Opening?> CloseAsync(UnitOfWork work, Guid id, long version) =>
        work.QuerySingleOrDefaultAsync<Opening>(Close, new { Id = id, Version = version });

    /// <summary>
    /// Stores the positions, the positions taken outside and the version of <paramref name="opening"/>, whose version is one
    /// above the stored one; false when someone else (another request, a reservation) changed the opening meanwhile.
    /// </summary>
    public async Task<bool> UpdatePositionsAsync(UnitOfWork work, Opening opening) =>
        await work.ExecuteAsync(UpdatePositions, new { opening.Id, opening.Positions, opening.PositionsTakenOutside, opening.Version }) == 1;

    /// <summary>Reserves one position left; the opening as it now is, or null when none was left (or it is closed or unknown).</summary>
    public Task<Opening?> ReservePositionAsync(UnitOfWork work, Guid id) =>
        work.QuerySingleOrDefaultAsync<Opening>(ReservePosition, new { Id = id });

    /// <summary>Lets one reserved position go; the opening as it now is, or null when none was reserved.</summary>
    public Task<Opening?> ReleasePositionAsync(UnitOfWork work, Guid id) =>
        work.QuerySingleOrDefaultAsync<Opening>(ReleasePosition, new { Id = id });
}

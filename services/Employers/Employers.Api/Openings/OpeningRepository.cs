using System.Data.Common;
using Dapper;
using Matching.Contracts;
using Matching.Hosting.Data;

namespace Employers.Api.Openings;

/// <summary>Stores openings; every change is written together with its event, in one transaction.</summary>
public sealed class OpeningRepository(Db db)
{
    // The location columns come last: Dapper splits each row at "lat" into the opening and its location.
    private const string Columns = """
        id, version, employer_id as EmployerId, title, occupation, min_level as MinLevel,
        positions, positions_left as PositionsLeft, starts_on as StartsOn, hours_per_week as HoursPerWeek,
        language_support as LanguageSupport, closed,
        lat, lon, place, postal_code as PostalCode, address
        """;

    private const string Insert = """
        insert into openings (id, version, employer_id, title, occupation, min_level,
                              positions, positions_left, starts_on, hours_per_week,
                              language_support, closed, lat, lon, place, postal_code, address)
        values (@Id, @Version, @EmployerId, @Title, @Occupation, @MinLevel,
                @Positions, @PositionsLeft, @StartsOn, @HoursPerWeek,
                @LanguageSupport, @Closed, @Lat, @Lon, @Place, @PostalCode, @Address)
        """;

    private const string SelectById = $"""
        select {Columns}
        from openings
        where id = @Id
        """;

    private const string SelectOpenOfEmployer = $"""
        select {Columns}
        from openings
        where employer_id = @EmployerId and not closed
        order by starts_on, id
        """;

    // "and not closed" makes closing atomic: of two concurrent closes, only one changes the row.
    private const string Close = """
        update openings
        set closed = true, version = version + 1
        where id = @Id and not closed
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

    public async Task PostAsync(Opening opening)
    {
        await using var work = await db.BeginAsync();
        await work.ExecuteAsync(Insert, new
        {
            opening.Id, opening.Version, opening.EmployerId, opening.Title, opening.Occupation,
            MinLevel = opening.MinLevel.ToString(),
            opening.Positions, opening.PositionsLeft, opening.StartsOn, opening.HoursPerWeek,
            opening.LanguageSupport, opening.Closed,
            opening.Location.Lat, opening.Location.Lon, opening.Location.Place, opening.Location.PostalCode, opening.Location.Address,
        });
        await work.PublishAsync(new OpeningPosted(opening.ToState()));
        await work.CommitAsync();
    }

    public async Task<Opening?> FindAsync(Guid id)
    {
        await using var connection = await db.OpenAsync();
        return (await QueryAsync(connection, SelectById, new { Id = id })).SingleOrDefault();
    }

    public async Task<IReadOnlyList<Opening>> ListOpenAsync(string employerId)
    {
        await using var connection = await db.OpenAsync();
        return await QueryAsync(connection, SelectOpenOfEmployer, new { EmployerId = employerId });
    }

    /// <summary>Closes the opening and returns it as it now is (null: unknown). Closing a closed opening changes nothing.</summary>
    public async Task<Opening?> CloseAsync(Guid id)
    {
        await using var work = await db.BeginAsync();
        var changed = await work.ExecuteAsync(Close, new { Id = id });
        var opening = (await QueryAsync(work.Connection, SelectById, new { Id = id }, work.Transaction)).SingleOrDefault();
        if (changed == 0) return opening;

        await work.PublishAsync(new OpeningClosed(opening!.ToState()));
        await work.CommitAsync();
        return opening;
    }

    public async Task<Opening?> FindAsync(UnitOfWork work, Guid id) =>
        (await QueryAsync(work.Connection, SelectById, new { Id = id }, work.Transaction)).SingleOrDefault();

    /// <summary>Takes one position; the opening as it now is, or null when none was left (or it is closed or unknown).</summary>
    public async Task<Opening?> TakePositionAsync(UnitOfWork work, Guid id) =>
        (await QueryAsync(work.Connection, TakePosition, new { Id = id }, work.Transaction)).SingleOrDefault();

    /// <summary>Gives one position back, never above the opening's positions; the opening as it now is, or null when nothing changed.</summary>
    public async Task<Opening?> GivePositionBackAsync(UnitOfWork work, Guid id) =>
        (await QueryAsync(work.Connection, GivePositionBack, new { Id = id }, work.Transaction)).SingleOrDefault();

    private static async Task<IReadOnlyList<Opening>> QueryAsync(DbConnection connection, string sql, object parameters,
        DbTransaction? transaction = null)
    {
        var openings = await connection.QueryAsync<Opening, Location, Opening>(sql,
            (opening, location) => opening with { Location = location }, parameters, transaction, splitOn: "lat");
        return openings.AsList();
    }
}

using Dapper;
using Matching.Hosting.Http;
using Matching.Hosting.Data;
using Matching.Vocabulary;

namespace Courses.Api.Courses;

/// <summary>
/// The <c>courses</c> table. Reads open their own connection; changes run in the caller's
/// <see cref="UnitOfWork"/>, so the events they raise commit with them.
/// </summary>
public sealed class CourseRepository(Db db)
{
    private const string Columns = """
        id as Id, version as Version, provider_id as ProviderId, title as Title, kind as Kind,
        level_from as LevelFrom, level_to as LevelTo, lat as Lat, lon as Lon, place as Place,
        postal_code as PostalCode, address as Address, online as Online, starts_on as StartsOn,
        ends_on as EndsOn, hours_per_week as HoursPerWeek, schedule as Schedule, childcare as Childcare,
        seats_total as SeatsTotal, seats_taken_outside as SeatsTakenOutside, seats_reserved as SeatsReserved,
        withdrawn as Withdrawn, contact_phone as ContactPhone, contact_email as ContactEmail, contact_url as ContactUrl
        """;

    private const string SelectById = $"select {Columns} from courses where id = @Id";

    private const string SelectOfferedByProvider = $"""
        select {Columns} from courses
        where provider_id = @ProviderId and not withdrawn
        order by starts_on, id
        limit @Limit offset @Offset
        """;

    private const string CountOfferedByProvider = """
        select count(*) from courses
        where provider_id = @ProviderId and not withdrawn
        """;

    private const string Insert = """
        insert into courses (id, version, provider_id, title, kind, level_from, level_to, lat, lon, place,
            postal_code, address, online, starts_on, ends_on, hours_per_week, schedule, childcare,
            seats_total, seats_taken_outside, seats_reserved, withdrawn, contact_phone, contact_email, contact_url)
        values (@Id, @Version, @ProviderId, @Title, @Kind, @LevelFrom, @LevelTo, @Lat, @Lon, @Place,
            @PostalCode, @Address, @Online, @StartsOn, @EndsOn, @HoursPerWeek, @Schedule, @Childcare,
            @SeatsTotal, @SeatsTakenOutside, @SeatsReserved, @Withdrawn, @ContactPhone, @ContactEmail, @ContactUrl)
        """;

    // Optimistic concurrency: only the version this change was made from may be replaced. What the provider knows
    // (the total, the seats it filled itself) and the withdrawal; the seats reserved belong to the reservations alone.
    private const string Update = """
        update courses
        set seats_total = @SeatsTotal, seats_taken_outside = @SeatsTakenOutside, withdrawn = @Withdrawn, version = @Version
        where id = @Id and version = @Version - 1
        """;

    // One conditional statement: of two placements racing for the last seat, the database lets only one
    // take it, and the check constraint would refuse more seats taken than the course has anyway.
    private const string ReserveSeat = $"""
        update courses
        set seats_reserved = seats_reserved + 1, version = version + 1
        where id = @Id and seats_taken_outside + seats_reserved < seats_total and not withdrawn
        returning {Columns}
        """;

    // A released reservation gives back the one seat it held, and nothing the provider counts.
    private const string ReleaseSeat = $"""
        update courses
        set seats_reserved = seats_reserved - 1, version = version + 1
        where id = @Id and seats_reserved > 0
        returning {Columns}
        """;

    public async Task<Course?> FindAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<Course>(SelectById, new { Id = id });
    }

    /// <summary>One page of the provider's courses that are not withdrawn, soonest first (the first page when none is given).</summary>
    public async Task<IReadOnlyList<Course>> ListOfferedAsync(string providerId, Paging? paging = null, CancellationToken cancellationToken = default)
    {
        paging ??= Paging.First;
        await using var connection = await db.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<Course>(SelectOfferedByProvider,
            new { ProviderId = providerId, Limit = paging.PageSize, paging.Offset })).AsList();
    }

    /// <summary>How many courses the provider offers: the pages of <see cref="ListOfferedAsync"/> together.</summary>
    public async Task<long> CountOfferedAsync(string providerId, CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(CountOfferedByProvider, new { ProviderId = providerId });
    }

    public Task<Course?> FindAsync(UnitOfWork work, Guid id) =>
        work.QuerySingleOrDefaultAsync<Course>(SelectById, new { Id = id });

    public Task InsertAsync(UnitOfWork work, Course course) =>
        work.ExecuteAsync(Insert, new
        {
            course.Id, course.Version, course.ProviderId, course.Title,
            Kind = course.Kind.ToString(), LevelFrom = course.LevelFrom.ToString(), LevelTo = course.LevelTo.ToString(),
            course.Lat, course.Lon, course.Place, course.PostalCode, course.Address, course.Online,
            course.StartsOn, course.EndsOn, course.HoursPerWeek, Schedule = course.Schedule.ToString(), course.Childcare,
            course.SeatsTotal, course.SeatsTakenOutside, course.SeatsReserved, course.Withdrawn,
            course.ContactPhone, course.ContactEmail, course.ContactUrl,
        });

    /// <summary>Reserves one free seat; the course as it now is, or null when none was free (or the course is withdrawn or unknown).</summary>
    public Task<Course?> ReserveSeatAsync(UnitOfWork work, Guid id) =>
        work.QuerySingleOrDefaultAsync<Course>(ReserveSeat, new { Id = id });

    /// <summary>Lets one reserved seat go; the course as it now is, or null when none was reserved.</summary>
    public Task<Course?> ReleaseSeatAsync(UnitOfWork work, Guid id) =>
        work.QuerySingleOrDefaultAsync<Course>(ReleaseSeat, new { Id = id });

    /// <summary>
    /// Stores the total, the seats taken outside, the withdrawal and the version of <paramref name="course"/>, whose version
    /// is one above the stored one; false when someone else (another request, a reservation) changed the course meanwhile.
    /// </summary>
    public async Task<bool> UpdateAsync(UnitOfWork work, Course course) =>
        await work.ExecuteAsync(Update, new { course.Id, course.SeatsTotal, course.SeatsTakenOutside, course.Withdrawn, course.Version }) == 1;
}

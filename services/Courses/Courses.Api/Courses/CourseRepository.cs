using Dapper;
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
        seats_total as SeatsTotal, seats_free as SeatsFree, withdrawn as Withdrawn
        """;

    private const string SelectById = $"select {Columns} from courses where id = @Id";

    private const string SelectOfferedByProvider = $"""
        select {Columns} from courses
        where provider_id = @ProviderId and not withdrawn
        order by starts_on, id
        """;

    private const string Insert = """
        insert into courses (id, version, provider_id, title, kind, level_from, level_to, lat, lon, place,
            postal_code, address, online, starts_on, ends_on, hours_per_week, schedule, childcare,
            seats_total, seats_free, withdrawn)
        values (@Id, @Version, @ProviderId, @Title, @Kind, @LevelFrom, @LevelTo, @Lat, @Lon, @Place,
            @PostalCode, @Address, @Online, @StartsOn, @EndsOn, @HoursPerWeek, @Schedule, @Childcare,
            @SeatsTotal, @SeatsFree, @Withdrawn)
        """;

    // Optimistic concurrency: only the version this change was made from may be replaced.
    private const string Update = """
        update courses
        set seats_free = @SeatsFree, withdrawn = @Withdrawn, version = @Version
        where id = @Id and version = @Version - 1
        """;

    // One conditional statement: of two placements racing for the last seat, the database lets only one
    // take it, and the check constraint would refuse a count below zero anyway.
    private const string TakeSeat = $"""
        update courses
        set seats_free = seats_free - 1, version = version + 1
        where id = @Id and seats_free > 0 and not withdrawn
        returning {Columns}
        """;

    private const string GiveSeatBack = $"""
        update courses
        set seats_free = seats_free + 1, version = version + 1
        where id = @Id and seats_free < seats_total
        returning {Columns}
        """;

    public async Task<Course?> FindAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<Course>(SelectById, new { Id = id });
    }

    /// <summary>The provider's courses that are not withdrawn, soonest first.</summary>
    public async Task<IReadOnlyList<Course>> ListOfferedAsync(string providerId, CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<Course>(SelectOfferedByProvider, new { ProviderId = providerId })).AsList();
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
            course.SeatsTotal, course.SeatsFree, course.Withdrawn,
        });

    /// <summary>Takes one free seat; the course as it now is, or null when none was free (or the course is withdrawn or unknown).</summary>
    public Task<Course?> TakeSeatAsync(UnitOfWork work, Guid id) =>
        work.QuerySingleOrDefaultAsync<Course>(TakeSeat, new { Id = id });

    /// <summary>Gives one seat back, never above the total; the course as it now is, or null when nothing changed.</summary>
    public Task<Course?> GiveSeatBackAsync(UnitOfWork work, Guid id) =>
        work.QuerySingleOrDefaultAsync<Course>(GiveSeatBack, new { Id = id });

    /// <summary>
    /// Stores the seats, withdrawal and version of <paramref name="course"/>, whose version is one above the stored one;
    /// false when someone else changed the course meanwhile.
    /// </summary>
    public async Task<bool> UpdateAsync(UnitOfWork work, Course course) =>
        await work.ExecuteAsync(Update, new { course.Id, course.SeatsFree, course.Withdrawn, course.Version }) == 1;
}

using Courses.Api;
using Courses.Api.Courses;
using Matching.Hosting.Data;
using Matching.Hosting.Http;
using Matching.Testing;
using Matching.Vocabulary;
using Microsoft.Extensions.Logging.Abstractions;

namespace Courses.Tests;

/// <summary>The same SQL on both databases: what is stored reads back unchanged.</summary>
public sealed class CourseRepositoryTests
{
    private static readonly Course Example = new()
    {
        Id = Guid.CreateVersion7(),
        Version = 1,
        ProviderId = "vhs-duisburg",
        Title = "Berufssprachkurs Pflege",
        Kind = CourseKind.JobRelated,
        LevelFrom = Level.B1,
        LevelTo = Level.B2,
        Lat = 51.41943,
        Lon = 6.75462,
        Place = "Hochfeld",
        PostalCode = "47053",
        Address = "Wanheimer Str. 1",
        Online = false,
        StartsOn = new DateOnly(2027, 1, 11),
        EndsOn = new DateOnly(2027, 6, 30),
        HoursPerWeek = 20,
        Schedule = Schedule.Evening,
        Childcare = true,
        SeatsTotal = 25,
        SeatsTakenOutside = 16,
        SeatsReserved = 2,
        Withdrawn = false,
    };

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_stored_course_should_read_back_field_by_field(DatabaseProvider provider)
    {
        using var database = TestDatabase.Create(provider);
        var courses = Migrated(database);

        await InsertAsync(database, courses, Example);

        Assert.Equal(Example, await courses.FindAsync(Example.Id));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task An_online_course_should_read_back_without_a_location(DatabaseProvider provider)
    {
        using var database = TestDatabase.Create(provider);
        var courses = Migrated(database);
        var online = Example with { Id = Guid.CreateVersion7(), Online = true, Lat = null, Lon = null, Place = null, PostalCode = null, Address = null };

        await InsertAsync(database, courses, online);

        Assert.Equal(online, await courses.FindAsync(online.Id));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Changed_seats_should_be_stored_with_the_next_version_and_a_stale_change_refused(DatabaseProvider provider)
    {
        using var database = TestDatabase.Create(provider);
        var courses = Migrated(database);
        await InsertAsync(database, courses, Example);
        var changed = Example with { SeatsTakenOutside = 20, Version = 2 };
        var stale = Example with { SeatsTakenOutside = 18, Version = 2 };

        await using (var work = await database.Db.BeginAsync())
        {
            Assert.True(await courses.UpdateAsync(work, changed));
            Assert.False(await courses.UpdateAsync(work, stale));
            await work.CommitAsync();
        }

        Assert.Equal(changed, await courses.FindAsync(Example.Id));
        Assert.Equal(3, changed.SeatsFree);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_change_by_the_provider_should_keep_the_seats_reserved_through_the_system(DatabaseProvider provider)
    {
        using var database = TestDatabase.Create(provider);
        var courses = Migrated(database);
        await InsertAsync(database, courses, Example);

        await using (var work = await database.Db.BeginAsync())
        {
            // A provider's change carries what it read; the seats reserved are the reservations' alone.
            Assert.True(await courses.UpdateAsync(work, Example with { SeatsTotal = 30, SeatsReserved = 0, Version = 2 }));
            await work.CommitAsync();
        }

        var stored = (await courses.FindAsync(Example.Id))!;
        Assert.Equal((30, 16, 2, 12), (stored.SeatsTotal, stored.SeatsTakenOutside, stored.SeatsReserved, stored.SeatsFree));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_withdrawn_course_should_stay_readable_but_leave_its_providers_list(DatabaseProvider provider)
    {
        using var database = TestDatabase.Create(provider);
        var courses = Migrated(database);
        var later = Example with { Id = Guid.CreateVersion7(), StartsOn = new DateOnly(2027, 3, 1) };
        await InsertAsync(database, courses, Example);
        await InsertAsync(database, courses, later);
        var withdrawn = Example with { Withdrawn = true, Version = 2 };

        await using (var work = await database.Db.BeginAsync())
        {
            Assert.True(await courses.UpdateAsync(work, withdrawn));
            await work.CommitAsync();
        }

        Assert.Equal(withdrawn, await courses.FindAsync(Example.Id));
        Assert.Equal([later], await courses.ListOfferedAsync(Example.ProviderId));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_providers_list_should_be_soonest_first(DatabaseProvider provider)
    {
        using var database = TestDatabase.Create(provider);
        var courses = Migrated(database);
        var later = Example with { Id = Guid.CreateVersion7(), StartsOn = new DateOnly(2027, 3, 1) };
        await InsertAsync(database, courses, later);
        await InsertAsync(database, courses, Example);

        Assert.Equal([Example, later], await courses.ListOfferedAsync(Example.ProviderId));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_providers_list_should_come_a_page_at_a_time(DatabaseProvider provider)
    {
        using var database = TestDatabase.Create(provider);
        var courses = Migrated(database);
        var offered = Enumerable.Range(1, 5).Select(day => Example with { Id = Guid.CreateVersion7(), StartsOn = new DateOnly(2027, 1, day) }).ToArray();
        foreach (var course in offered.Reverse()) await InsertAsync(database, courses, course);

        Assert.Equal(offered[2..4], await courses.ListOfferedAsync(Example.ProviderId, new Paging(2, 2)));
        Assert.Equal(offered[4..], await courses.ListOfferedAsync(Example.ProviderId, new Paging(3, 2)));
        Assert.Empty(await courses.ListOfferedAsync(Example.ProviderId, new Paging(int.MaxValue, 100)));
        Assert.Equal(5, await courses.CountOfferedAsync(Example.ProviderId));
    }

    private static CourseRepository Migrated(TestDatabase database)
    {
        Migrations.Run(database.Db, typeof(Program).Assembly, NullLogger.Instance);
        return new CourseRepository(database.Db);
    }

    private static async Task InsertAsync(TestDatabase database, CourseRepository courses, Course course)
    {
        await using var work = await database.Db.BeginAsync();
        await courses.InsertAsync(work, course);
        await work.CommitAsync();
    }
}

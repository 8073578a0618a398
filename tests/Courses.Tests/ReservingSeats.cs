using Courses.Api.Courses;
using Courses.Api.Reservations;
using Dapper;
using MassTransit.Testing;
using MassTransit;
using Matching.Contracts;
using Matching.Hosting.Data;
using Matching.Testing;
using Matching.Vocabulary;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Courses.Tests;

/// <summary>Seats reserved and released for placements, straight against the database, on both databases.</summary>
public sealed class ReservingSeats
{
    private static readonly DateTimeOffset Now = new(2027, 1, 4, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Racing_placements_should_take_every_free_seat_and_never_more(DatabaseProvider provider)
    {
        using var database = TestDatabase.Create(provider);
        var (courses, reservations) = Migrated(database);
        var course = await PublishAsync(database, courses, seatsFree: 5);

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() =>
            ReserveAsync(database, reservations, Guid.CreateVersion7(), course.Id))));

        Assert.Equal(5, answers.Count(refusal => refusal is null));
        Assert.Equal(15, answers.Count(refusal => refusal == SeatReservations.NoSeatsLeft));
        var stored = (await courses.FindAsync(course.Id))!;
        Assert.Equal((0, 5, 1 + 5), (stored.SeatsFree, stored.SeatsReserved, stored.Version));
        Assert.Equal(5, await CountOutboxAsync(database, typeof(CourseSeatsChanged)));
        Assert.Equal(5, await CountOutboxAsync(database, typeof(SeatReserved)));
        Assert.Equal(15, await CountOutboxAsync(database, typeof(SeatRefused)));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Reserving_for_the_same_placement_twice_should_answer_the_same_and_take_one_seat(DatabaseProvider provider)
    {
        using var database = TestDatabase.Create(provider);
        var (courses, reservations) = Migrated(database);
        var course = await PublishAsync(database, courses, seatsFree: 1);
        var first = Guid.CreateVersion7();
        var second = Guid.CreateVersion7();

        string?[] answers =
        [
            await ReserveAsync(database, reservations, first, course.Id),
            await ReserveAsync(database, reservations, first, course.Id),
            await ReserveAsync(database, reservations, second, course.Id),
            await ReserveAsync(database, reservations, second, course.Id),
        ];

        Assert.Equal(new[] { null, null, SeatReservations.NoSeatsLeft, SeatReservations.NoSeatsLeft }, answers.AsEnumerable());
        var stored = (await courses.FindAsync(course.Id))!;
        Assert.Equal((0, 2), (stored.SeatsFree, stored.Version));
        Assert.Equal(1, await CountOutboxAsync(database, typeof(CourseSeatsChanged)));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Releasing_should_give_the_seat_back_once_and_keep_it_from_being_reserved_again(DatabaseProvider provider)
    {
        using var database = TestDatabase.Create(provider);
        var (courses, reservations) = Migrated(database);
        var course = await PublishAsync(database, courses, seatsFree: 3);
        var placement = Guid.CreateVersion7();
        await ReserveAsync(database, reservations, placement, course.Id);

        var released = new[] { await ReleaseAsync(database, reservations, placement, course.Id), await ReleaseAsync(database, reservations, placement, course.Id) };
        var reservedAgain = await ReserveAsync(database, reservations, placement, course.Id);

        Assert.Equal([true, false], released);
        Assert.Equal("the placement was released", reservedAgain);
        var stored = (await courses.FindAsync(course.Id))!;
        Assert.Equal((3, 3), (stored.SeatsFree, stored.Version));
        Assert.Equal(2, await CountOutboxAsync(database, typeof(SeatReleased)));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_seat_released_before_it_was_reserved_should_never_be_taken(DatabaseProvider provider)
    {
        using var database = TestDatabase.Create(provider);
        var (courses, reservations) = Migrated(database);
        var course = await PublishAsync(database, courses, seatsFree: 3);
        var placement = Guid.CreateVersion7();

        var released = await ReleaseAsync(database, reservations, placement, course.Id);
        var reserved = await ReserveAsync(database, reservations, placement, course.Id);

        Assert.False(released);
        Assert.Equal("the placement was released", reserved);
        Assert.Equal(3, (await courses.FindAsync(course.Id))!.SeatsFree);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Releasing_should_give_back_the_one_seat_held_and_nothing_the_provider_counts(DatabaseProvider provider)
    {
        using var database = TestDatabase.Create(provider);
        var (courses, reservations) = Migrated(database);
        var course = await PublishAsync(database, courses, seatsFree: 3);
        var placement = Guid.CreateVersion7();
        await ReserveAsync(database, reservations, placement, course.Id);
        // Meanwhile one more of the provider's own sign-ups takes a seat.
        await using (var work = await database.Db.BeginAsync())
        {
            var current = (await courses.FindAsync(work, course.Id))!;
            Assert.True(await courses.UpdateAsync(work, current with { SeatsTakenOutside = current.SeatsTakenOutside + 1, Version = current.Version + 1 }));
            await work.CommitAsync();
        }

        Assert.True(await ReleaseAsync(database, reservations, placement, course.Id));

        var stored = (await courses.FindAsync(course.Id))!;
        Assert.Equal((20, 18, 0, 2), (stored.SeatsTotal, stored.SeatsTakenOutside, stored.SeatsReserved, stored.SeatsFree));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_provider_count_that_leaves_no_room_for_a_reserved_seat_should_never_be_stored(DatabaseProvider provider)
    {
        using var database = TestDatabase.Create(provider);
        var (courses, reservations) = Migrated(database);
        var course = await PublishAsync(database, courses, seatsFree: 1);
        await ReserveAsync(database, reservations, Guid.CreateVersion7(), course.Id);

        await using (var work = await database.Db.BeginAsync())
        {
            var current = (await courses.FindAsync(work, course.Id))!;
            await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() =>
                courses.UpdateAsync(work, current with { SeatsTakenOutside = current.SeatsTotal, Version = current.Version + 1 }));
        }

        var stored = (await courses.FindAsync(course.Id))!;
        Assert.Equal((19, 1, 0), (stored.SeatsTakenOutside, stored.SeatsReserved, stored.SeatsFree));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_withdrawn_or_unknown_course_should_be_refused_with_the_reason(DatabaseProvider provider)
    {
        using var database = TestDatabase.Create(provider);
        var (courses, reservations) = Migrated(database);
        var withdrawn = await PublishAsync(database, courses, seatsFree: 3, withdrawn: true);

        Assert.Equal("course withdrawn", await ReserveAsync(database, reservations, Guid.CreateVersion7(), withdrawn.Id));
        Assert.Equal("unknown course", await ReserveAsync(database, reservations, Guid.CreateVersion7(), Guid.CreateVersion7()));
        Assert.Equal(3, (await courses.FindAsync(withdrawn.Id))!.SeatsFree);
    }

    private static (CourseRepository, SeatReservations) Migrated(TestDatabase database)
    {
        Migrations.Run(database.Db, typeof(Program).Assembly, NullLogger.Instance);
        var courses = new CourseRepository(database.Db);
        return (courses, new SeatReservations(database.Db, courses));
    }

    private static async Task<string?> ReserveAsync(TestDatabase database, SeatReservations reservations, Guid placementId, Guid courseId)
    {
        await using var work = await database.Db.BeginAsync();
        var refusal = await reservations.ReserveAsync(work, new ReserveSeat(placementId, courseId), Now);
        await work.CommitAsync();
        return refusal;
    }

    private static async Task<bool> ReleaseAsync(TestDatabase database, SeatReservations reservations, Guid placementId, Guid courseId)
    {
        await using var work = await database.Db.BeginAsync();
        var released = await reservations.ReleaseAsync(work, new ReleaseSeat(placementId, courseId), Now);
        await work.CommitAsync();
        return released;
    }

    internal static async Task<Course> PublishAsync(TestDatabase database, CourseRepository courses, int seatsFree, bool withdrawn = false,
        int seatsTotal = 20)
    {
        var course = new Course
        {
            Id = Guid.CreateVersion7(),
            Version = 1,
            ProviderId = "vhs-duisburg",
            Title = "Integrationskurs",
            Kind = CourseKind.Integration,
            LevelFrom = Level.None,
            LevelTo = Level.B1,
            Lat = 51.42,
            Lon = 6.75,
            StartsOn = new DateOnly(2027, 1, 11),
            EndsOn = new DateOnly(2027, 6, 30),
            HoursPerWeek = 25,
            Schedule = Schedule.Morning,
            SeatsTotal = seatsTotal,
            SeatsTakenOutside = seatsTotal - seatsFree,
            Withdrawn = withdrawn,
        };
        await using var work = await database.Db.BeginAsync();
        await courses.InsertAsync(work, course);
        await work.CommitAsync();
        return course;
    }

    private static async Task<long> CountOutboxAsync(TestDatabase database, Type messageType)
    {
        await using var connection = await database.Db.OpenAsync();
        return await connection.ExecuteScalarAsync<long>("select count(*) from outbox_messages where message_type = @Type", new { Type = messageType.FullName });
    }
}

/// <summary>The seat commands as they arrive over the bus: the inbox keeps a redelivered one from changing anything.</summary>
public sealed class ConsumingSeatCommands(CoursesApp app) : IClassFixture<CoursesApp>
{
    [Fact]
    public async Task The_same_ReserveSeat_delivered_twice_should_take_one_seat_and_answer_once()
    {
        var course = await app.PublishAsync(CoursesApp.ExampleCourse());
        var harness = app.Services.GetTestHarness();
        var command = new ReserveSeat(Guid.CreateVersion7(), course.Id);
        var messageId = NewId.NextGuid();
        var deliveries = new Deliveries(messageId);
        using var observing = harness.Bus.ConnectConsumeObserver(deliveries);

        await harness.Bus.Publish(command, context => context.MessageId = messageId);
        await harness.Bus.Publish(command, context => context.MessageId = messageId);

        await EventuallyAsync(() => deliveries.Count == 2, "both deliveries consumed");
        await app.PublishedAsync<CourseSeatsChanged>(e => e.Course.Id == course.Id);
        await app.PublishedAsync<SeatReserved>(e => e.PlacementId == command.PlacementId);
        var stored = (await new CourseRepository(app.Database.Db).FindAsync(course.Id))!;
        Assert.Equal((course.SeatsFree - 1, 2), (stored.SeatsFree, stored.Version));
        Assert.Equal(1, await CountOutboxAsync(typeof(SeatReserved), command.PlacementId));
    }

    [Fact]
    public async Task Releasing_over_the_bus_should_give_the_seat_back()
    {
        var course = await app.PublishAsync(CoursesApp.ExampleCourse());
        var harness = app.Services.GetTestHarness();
        var placementId = Guid.CreateVersion7();

        await harness.Bus.Publish(new ReserveSeat(placementId, course.Id));
        await app.PublishedAsync<SeatReserved>(e => e.PlacementId == placementId);
        await harness.Bus.Publish(new ReleaseSeat(placementId, course.Id));
        await app.PublishedAsync<SeatReleased>(e => e.PlacementId == placementId);

        var stored = (await new CourseRepository(app.Database.Db).FindAsync(course.Id))!;
        Assert.Equal((course.SeatsFree, 3), (stored.SeatsFree, stored.Version));
    }

    private async Task<long> CountOutboxAsync(Type messageType, Guid placementId)
    {
        await using var connection = await app.Database.Db.OpenAsync();
        var bodies = await connection.QueryAsync<string>("select body from outbox_messages where message_type = @Type", new { Type = messageType.FullName });
        return bodies.Count(body => body.Contains(placementId.ToString(), StringComparison.Ordinal));
    }

    private static Task EventuallyAsync(Func<bool> condition, string what) =>
        Poll.UntilAsync(() => Task.FromResult(condition()), TimeSpan.FromSeconds(30), () => what);
}

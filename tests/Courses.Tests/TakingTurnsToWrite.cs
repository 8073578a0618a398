using Courses.Api;
using Courses.Api.Courses;
using Matching.Hosting.Data;
using Matching.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Courses.Tests;

/// <summary>
/// On SQLite the writers of one process take turns (see <see cref="Db"/>): every change still lands, a writer waiting
/// for its turn can be called off, and a unit of work that fails gives its turn back.
/// </summary>
public sealed class TakingTurnsToWrite : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    private readonly TestDatabase database = TestDatabase.Sqlite();
    private readonly Db db;
    private readonly CourseRepository courses;
    private Course course = null!;

    public TakingTurnsToWrite()
    {
        db = database.Db;
        courses = new CourseRepository(db);
    }

    public async Task InitializeAsync()
    {
        Migrations.Run(db, typeof(Program).Assembly, NullLogger.Instance);
        course = await ReservingSeats.PublishAsync(database, courses, seatsFree: 100, seatsTotal: 100);
    }

    public Task DisposeAsync()
    {
        database.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Sixty_four_changes_at_once_each_land_once()
    {
        await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(TakeOneSeatOutsideAsync)));

        var stored = await courses.FindAsync(course.Id);
        Assert.Equal(64, stored!.SeatsTakenOutside);
        Assert.Equal(65, stored.Version);
    }

    [Fact]
    public async Task A_writer_waiting_for_its_turn_can_be_called_off()
    {
        var first = await db.BeginAsync();
        using var callOff = new CancellationTokenSource();
        var second = db.BeginAsync(callOff.Token);
        Assert.False(second.IsCompleted);

        await callOff.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => second.WaitAsync(Patience));
        await first.DisposeAsync();
        await TakeOneSeatOutsideAsync().WaitAsync(Patience);
        Assert.Equal(1, (await courses.FindAsync(course.Id))!.SeatsTakenOutside);
    }

    [Fact]
    public async Task A_unit_of_work_that_fails_gives_its_turn_back()
    {
        await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var work = await db.BeginAsync();
            await work.ExecuteAsync("update no_such_table set x = 1");
        });

        await TakeOneSeatOutsideAsync().WaitAsync(Patience);
        Assert.Equal(1, (await courses.FindAsync(course.Id))!.SeatsTakenOutside);
    }

    private async Task TakeOneSeatOutsideAsync()
    {
        await using var work = await db.BeginAsync();
        var now = (await courses.FindAsync(work, course.Id))!;
        Assert.True(await courses.UpdateAsync(work, now with { SeatsTakenOutside = now.SeatsTakenOutside + 1, Version = now.Version + 1 }));
        await work.CommitAsync();
    }
}

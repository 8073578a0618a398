using System.Data.Common;
using Dapper;
using DbUp;
using Matching.Hosting.Data;
using Matching.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Courses.Tests;

/// <summary>
/// Courses stored while free seats were a number of their own keep their seats when the database is migrated: the held
/// reservations become the seats reserved, the rest of the seats not free the seats taken outside.
/// </summary>
public sealed class MigratingSeats
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Free_seats_stored_before_should_become_seats_taken_outside_and_seats_reserved(DatabaseProvider provider)
    {
        using var database = TestDatabase.Create(provider);
        await RunScriptsBeforeTheSeatModelAsync(database);
        var counted = await InsertAsync(database, seatsTotal: 20, seatsFree: 6, held: 2);
        var untouched = await InsertAsync(database, seatsTotal: 10, seatsFree: 10, held: 0);
        // What the old count allowed: the provider published the reserved seat as free again ...
        var doubleCounted = await InsertAsync(database, seatsTotal: 1, seatsFree: 1, held: 1);
        // ... and a second placement took it.
        var overbooked = await InsertAsync(database, seatsTotal: 1, seatsFree: 0, held: 2);

        Migrations.Run(database.Db, typeof(Program).Assembly, NullLogger.Instance);

        Assert.Equal((20, 12, 2, 6, 3), await SeatsAsync(database, counted));
        Assert.Equal((10, 0, 0, 10, 3), await SeatsAsync(database, untouched));
        Assert.Equal((1, 0, 1, 0, 3), await SeatsAsync(database, doubleCounted));
        Assert.Equal((2, 0, 2, 0, 3), await SeatsAsync(database, overbooked));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task The_database_should_refuse_more_seats_taken_than_the_course_has(DatabaseProvider provider)
    {
        using var database = TestDatabase.Create(provider);
        await RunScriptsBeforeTheSeatModelAsync(database);
        var course = await InsertAsync(database, seatsTotal: 20, seatsFree: 6, held: 2);
        Migrations.Run(database.Db, typeof(Program).Assembly, NullLogger.Instance);

        await using var connection = await database.Db.OpenAsync();
        Assert.Equal(1, await connection.ExecuteAsync("update courses set seats_taken_outside = 18 where id = @Id", new { Id = course }));
        await Assert.ThrowsAnyAsync<DbException>(() =>
            connection.ExecuteAsync("update courses set seats_taken_outside = 19 where id = @Id", new { Id = course }));
        await Assert.ThrowsAnyAsync<DbException>(() =>
            connection.ExecuteAsync("update courses set seats_reserved = -1 where id = @Id", new { Id = course }));
    }

    private static async Task RunScriptsBeforeTheSeatModelAsync(TestDatabase database)
    {
        if (database.Provider == DatabaseProvider.Postgres) EnsureDatabase.For.PostgresqlDatabase(database.ConnectionString);
        await using var connection = await database.Db.OpenAsync();
        foreach (var script in new[] { "0001_courses.sql", "0002_seat_reservations.sql" })
        {
            var assembly = typeof(Program).Assembly;
            var name = assembly.GetManifestResourceNames().Single(resource => resource.EndsWith(".Migrations." + script, StringComparison.Ordinal));
            using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
            await connection.ExecuteAsync(await reader.ReadToEndAsync());
        }
    }

    private static async Task<Guid> InsertAsync(TestDatabase database, int seatsTotal, int seatsFree, int held)
    {
        var id = Guid.CreateVersion7();
        await using var connection = await database.Db.OpenAsync();
        await connection.ExecuteAsync("""
            insert into courses (id, version, provider_id, title, kind, level_from, level_to, lat, lon, place, postal_code, address,
                online, starts_on, ends_on, hours_per_week, schedule, childcare, seats_total, seats_free, withdrawn)
            values (@Id, 3, 'vhs-duisburg', 'Integrationskurs', 'Integration', 'None', 'B1', 51.42, 6.75, null, null, null,
                false, @StartsOn, @EndsOn, 25, 'Morning', false, @SeatsTotal, @SeatsFree, false)
            """, new { Id = id, StartsOn = new DateOnly(2027, 1, 11), EndsOn = new DateOnly(2027, 6, 30), SeatsTotal = seatsTotal, SeatsFree = seatsFree });

        // Beside the held ones, a released and a refused reservation, which hold nothing.
        var states = Enumerable.Repeat("Held", held).Append("Released").Append("Refused");
        foreach (var state in states)
        {
            await connection.ExecuteAsync("""
                insert into seat_reservations (placement_id, course_id, state, reason, changed_at)
                values (@PlacementId, @CourseId, @State, null, @ChangedAt)
                """, new { PlacementId = Guid.CreateVersion7(), CourseId = id, State = state, ChangedAt = DateTimeOffset.UnixEpoch });
        }

        return id;
    }

    /// <summary>(total, taken outside, reserved, free, version) as the migrated table holds them.</summary>
    private static async Task<(int, int, int, int, long)> SeatsAsync(TestDatabase database, Guid id)
    {
        await using var connection = await database.Db.OpenAsync();
        var row = await connection.QuerySingleAsync<Row>("""
            select seats_total as Total, seats_taken_outside as Outside, seats_reserved as Reserved, seats_free as Free, version as Version
            from courses where id = @Id
            """, new { Id = id });
        return (row.Total, row.Outside, row.Reserved, row.Free, row.Version);
    }

    private sealed class Row
    {
        public int Total { get; init; }
        public int Outside { get; init; }
        public int Reserved { get; init; }
        public int Free { get; init; }
        public long Version { get; init; }
    }
}

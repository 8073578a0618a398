using Dapper;
using DbUp;
using Matching.Hosting.Data;
using Matching.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Employers.Tests;

/// <summary>
/// Openings stored while positions left were a number of their own keep their positions when the database is migrated:
/// the held reservations become the positions reserved, whatever else is not left the positions taken outside.
/// </summary>
public sealed class MigratingPositions
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Positions_left_stored_before_should_become_positions_taken_outside_and_positions_reserved(DatabaseProvider provider)
    {
        using var database = TestDatabase.Create(provider);
        await RunScriptsBeforeThePositionModelAsync(database);
        var held = await InsertAsync(database, positions: 5, positionsLeft: 3, held: 2);
        var untouched = await InsertAsync(database, positions: 3, positionsLeft: 3, held: 0);
        var lost = await InsertAsync(database, positions: 4, positionsLeft: 1, held: 1);
        var overbooked = await InsertAsync(database, positions: 1, positionsLeft: 0, held: 2);

        Migrations.Run(database.Db, typeof(Program).Assembly, NullLogger.Instance);

        Assert.Equal((5, 0, 2, 3, 4), await PositionsAsync(database, held));
        Assert.Equal((3, 0, 0, 3, 4), await PositionsAsync(database, untouched));
        Assert.Equal((4, 2, 1, 1, 4), await PositionsAsync(database, lost));
        Assert.Equal((2, 0, 2, 0, 4), await PositionsAsync(database, overbooked));

        await using var connection = await database.Db.OpenAsync();
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() =>
            connection.ExecuteAsync("update openings set positions_taken_outside = 4 where id = @Id", new { Id = held }));
    }

    // The position reservations were position holds then, renamed by the third script, which runs with the rest.
    private static async Task RunScriptsBeforeThePositionModelAsync(TestDatabase database)
    {
        if (database.Provider == DatabaseProvider.Postgres) EnsureDatabase.For.PostgresqlDatabase(database.ConnectionString);
        await using var connection = await database.Db.OpenAsync();
        foreach (var script in new[] { "0001_employers.sql", "0002_position_holds.sql" })
        {
            var assembly = typeof(Program).Assembly;
            var name = assembly.GetManifestResourceNames().Single(resource => resource.EndsWith(".Migrations." + script, StringComparison.Ordinal));
            using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
            await connection.ExecuteAsync(await reader.ReadToEndAsync());
        }
    }

    private static async Task<Guid> InsertAsync(TestDatabase database, int positions, int positionsLeft, int held)
    {
        var id = Guid.CreateVersion7();
        await using var connection = await database.Db.OpenAsync();
        await connection.ExecuteAsync("""
            insert into openings (id, version, employer_id, title, occupation, min_level, positions, positions_left, starts_on,
                hours_per_week, language_support, closed, lat, lon, place, postal_code, address)
            values (@Id, 4, 'rhein-logistik', 'Lagerhelfer/in', '9333', 'B1', @Positions, @PositionsLeft, @StartsOn,
                38, true, false, 51.37, 6.71, null, null, null)
            """, new { Id = id, Positions = positions, PositionsLeft = positionsLeft, StartsOn = new DateOnly(2027, 8, 1) });

        // Beside the held ones, a released and a refused reservation, which hold nothing.
        foreach (var state in Enumerable.Repeat("Held", held).Append("Released").Append("Refused"))
        {
            await connection.ExecuteAsync("""
                insert into position_holds (placement_id, opening_id, agreement_id, state, reason, changed_at)
                values (@PlacementId, @OpeningId, null, @State, null, @ChangedAt)
                """, new { PlacementId = Guid.CreateVersion7(), OpeningId = id, State = state, ChangedAt = DateTimeOffset.UnixEpoch });
        }

        return id;
    }

    /// <summary>(positions, taken outside, reserved, left, version) as the migrated table holds them.</summary>
    private static async Task<(int, int, int, int, long)> PositionsAsync(TestDatabase database, Guid id)
    {
        await using var connection = await database.Db.OpenAsync();
        var row = await connection.QuerySingleAsync<Row>("""
            select positions as Positions, positions_taken_outside as Outside, positions_reserved as Reserved,
                positions_left as PositionsLeft, version as Version
            from openings where id = @Id
            """, new { Id = id });
        return (row.Positions, row.Outside, row.Reserved, row.PositionsLeft, row.Version);
    }

    private sealed class Row
    {
        public int Positions { get; init; }
        public int Outside { get; init; }
        public int Reserved { get; init; }
        public int PositionsLeft { get; init; }
        public long Version { get; init; }
    }
}

using Dapper;
using Employers.Api.Agreements;
using Employers.Api.Openings;
using Matching.Hosting.Data;
using Matching.Testing;
using Matching.Vocabulary;
using Microsoft.Extensions.Logging.Abstractions;

namespace Employers.Tests;

public sealed class StoringOnBothDatabases
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task An_opening_reads_back_exactly_as_it_was_posted(DatabaseProvider provider)
    {
        using var database = Migrated(provider);
        var openings = new OpeningRepository(database.Db);
        var full = Opening("rhein-logistik");
        var bare = Opening("rhein-logistik") with
        {
            MinLevel = Level.None,
            StartsOn = new DateOnly(2027, 10, 1),
            LanguageSupport = false,
            Location = new Location { Lat = -33.5, Lon = 151.25 },
        };

        await openings.PostAsync(full);
        await openings.PostAsync(bare);

        Assert.Equal(full, await openings.FindAsync(full.Id));
        Assert.Equal(bare, await openings.FindAsync(bare.Id));
        Assert.Equal([full, bare], await openings.ListOpenAsync("rhein-logistik"));
        Assert.Equal(2, await CountOutboxAsync(database));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Closing_an_opening_takes_it_off_the_list_once(DatabaseProvider provider)
    {
        using var database = Migrated(provider);
        var openings = new OpeningRepository(database.Db);
        var opening = Opening("rhein-logistik");
        await openings.PostAsync(opening);

        var closed = await openings.CloseAsync(opening.Id);
        var closedAgain = await openings.CloseAsync(opening.Id);

        Assert.Equal(opening with { Version = 2, Closed = true }, closed);
        Assert.Equal(closed, closedAgain);
        Assert.Equal(closed, await openings.FindAsync(opening.Id));
        Assert.Empty(await openings.ListOpenAsync("rhein-logistik"));
        Assert.Equal(2, await CountOutboxAsync(database));
        Assert.Null(await openings.CloseAsync(Guid.CreateVersion7()));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task An_agreement_reads_back_exactly_as_it_was_signed(DatabaseProvider provider)
    {
        using var database = Migrated(provider);
        var agreements = new AgreementRepository(database.Db);
        var covering = Agreement("rhein-logistik", ["93", "5322"], "Deutsch am Arbeitsplatz, 2 h/Woche");
        var coveringAll = Agreement("rhein-logistik", [], languageSupport: null) with { ValidFrom = new DateOnly(2027, 6, 1) };

        await agreements.SignAsync(covering);
        await agreements.SignAsync(coveringAll);

        Assert.Equivalent(covering, await agreements.FindAsync(covering.Id), strict: true);
        Assert.Equivalent(coveringAll, await agreements.FindAsync(coveringAll.Id), strict: true);
        Assert.Equivalent(new[] { covering, coveringAll }, await agreements.ListAsync("rhein-logistik"), strict: true);
        Assert.Empty(await agreements.ListAsync("someone-else"));
        Assert.Null(await agreements.FindAsync(Guid.CreateVersion7()));
        Assert.Equal(2, await CountOutboxAsync(database));
    }

    private static TestDatabase Migrated(DatabaseProvider provider)
    {
        var database = TestDatabase.Create(provider);
        Migrations.Run(database.Db, typeof(Program).Assembly, NullLogger.Instance);
        return database;
    }

    private static async Task<long> CountOutboxAsync(TestDatabase database)
    {
        await using var connection = await database.Db.OpenAsync();
        return await connection.ExecuteScalarAsync<long>("select count(*) from outbox_messages");
    }

    private static Opening Opening(string employerId) => new()
    {
        Id = Guid.CreateVersion7(),
        Version = 1,
        EmployerId = employerId,
        Title = "Pflegehelfer/in (ambulant)",
        Occupation = "5322",
        Location = new Location { Lat = 51.412345678, Lon = 6.765432109, Place = "Hochfeld", PostalCode = "47053", Address = "Wanheimer Str. 7" },
        MinLevel = Level.A2,
        Positions = 4,
        PositionsLeft = 4,
        StartsOn = new DateOnly(2027, 9, 1),
        HoursPerWeek = 30,
        LanguageSupport = true,
        Closed = false,
    };

    private static Agreement Agreement(string employerId, string[] occupations, string? languageSupport) => new()
    {
        Id = Guid.CreateVersion7(),
        Version = 1,
        EmployerId = employerId,
        Occupations = occupations,
        MinLevel = Level.A2,
        Quota = 10,
        QuotaLeft = 10,
        ValidFrom = new DateOnly(2027, 1, 1),
        ValidTo = new DateOnly(2027, 12, 31),
        LanguageSupport = languageSupport,
    };
}

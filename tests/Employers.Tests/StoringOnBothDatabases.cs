using Employers.Api;
using Employers.Api.Agreements;
using Employers.Api.Openings;
using Matching.Hosting.Data;
using Matching.Hosting.Http;
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
            Lat = -33.5,
            Lon = 151.25,
            Place = null,
            PostalCode = null,
            Address = null,
        };

        await InsertAsync(database, openings, full);
        await InsertAsync(database, openings, bare);

        Assert.Equal(full, await openings.FindAsync(full.Id));
        Assert.Equal(bare, await openings.FindAsync(bare.Id));
        Assert.Equal([full, bare], await openings.ListOpenAsync("rhein-logistik"));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Closing_an_opening_takes_it_off_the_list_once(DatabaseProvider provider)
    {
        using var database = Migrated(provider);
        var openings = new OpeningRepository(database.Db);
        var opening = Opening("rhein-logistik");
        await InsertAsync(database, openings, opening);

        var closed = await CloseAsync(database, openings, opening.Id);
        var closedAgain = await CloseAsync(database, openings, opening.Id);

        Assert.Equal(opening with { Version = 2, Closed = true }, closed);
        Assert.Null(closedAgain);
        Assert.Equal(closed, await openings.FindAsync(opening.Id));
        Assert.Empty(await openings.ListOpenAsync("rhein-logistik"));
        Assert.Null(await CloseAsync(database, openings, Guid.CreateVersion7()));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task An_agreement_reads_back_exactly_as_it_was_signed(DatabaseProvider provider)
    {
        using var database = Migrated(provider);
        var agreements = new AgreementRepository(database.Db);
        var covering = Agreement("rhein-logistik", ["93", "5322"], "Deutsch am Arbeitsplatz, 2 h/Woche") with { SignedBy = "coordinator-7" };
        var coveringAll = Agreement("rhein-logistik", [], languageSupport: null) with { ValidFrom = new DateOnly(2027, 6, 1) };

        await InsertAsync(database, agreements, covering);
        await InsertAsync(database, agreements, coveringAll);

        Assert.Equivalent(covering, await agreements.FindAsync(covering.Id), strict: true);
        Assert.Equivalent(coveringAll, await agreements.FindAsync(coveringAll.Id), strict: true);
        Assert.Equivalent(new[] { covering, coveringAll }, await agreements.ListAsync("rhein-logistik"), strict: true);
        Assert.Empty(await agreements.ListAsync("someone-else"));
        Assert.Null(await agreements.FindAsync(Guid.CreateVersion7()));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Openings_and_agreements_are_listed_a_page_at_a_time(DatabaseProvider provider)
    {
        using var database = Migrated(provider);
        var openings = new OpeningRepository(database.Db);
        var agreements = new AgreementRepository(database.Db);
        var posted = Enumerable.Range(1, 5).Select(day => Opening("rhein-logistik") with { StartsOn = new DateOnly(2027, 9, day) }).ToArray();
        var signed = Enumerable.Range(1, 5).Select(day => Agreement("rhein-logistik", [], null) with { ValidFrom = new DateOnly(2027, 1, day) }).ToArray();
        foreach (var opening in posted.Reverse()) await InsertAsync(database, openings, opening);
        foreach (var agreement in signed.Reverse()) await InsertAsync(database, agreements, agreement);

        Assert.Equal(posted[2..4], await openings.ListOpenAsync("rhein-logistik", new Paging(2, 2)));
        Assert.Empty(await openings.ListOpenAsync("rhein-logistik", new Paging(int.MaxValue, 100)));
        Assert.Equal(5, await openings.CountOpenAsync("rhein-logistik"));
        Assert.Equivalent(signed[4..], await agreements.ListAsync("rhein-logistik", new Paging(3, 2)), strict: true);
        Assert.Equal(5, await agreements.CountAsync("rhein-logistik"));
    }

    private static TestDatabase Migrated(DatabaseProvider provider)
    {
        var database = TestDatabase.Create(provider);
        Migrations.Run(database.Db, typeof(Program).Assembly, NullLogger.Instance);
        return database;
    }

    private static async Task InsertAsync(TestDatabase database, OpeningRepository openings, Opening opening)
    {
        await using var work = await database.Db.BeginAsync();
        await openings.InsertAsync(work, opening);
        await work.CommitAsync();
    }

    private static async Task<Opening?> CloseAsync(TestDatabase database, OpeningRepository openings, Guid id)
    {
        await using var work = await database.Db.BeginAsync();
        var closed = await openings.CloseAsync(work, id, version: 1);
        await work.CommitAsync();
        return closed;
    }

    private static async Task InsertAsync(TestDatabase database, AgreementRepository agreements, Agreement agreement)
    {
        await using var work = await database.Db.BeginAsync();
        await agreements.InsertAsync(work, agreement);
        await work.CommitAsync();
    }

    private static Opening Opening(string employerId) => new()
    {
        Id = Guid.CreateVersion7(),
        Version = 1,
        EmployerId = employerId,
        Title = "Pflegehelfer/in (ambulant)",
        Occupation = "5322",
        Lat = 51.412345678,
        Lon = 6.765432109,
        Place = "Hochfeld",
        PostalCode = "47053",
        Address = "Wanheimer Str. 7",
        MinLevel = Level.A2,
        Positions = 4,
        PositionsTakenOutside = 1,
        PositionsReserved = 2,
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

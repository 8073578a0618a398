using System.Net;
using System.Text.Json;
using Dapper;
using Matching.Contracts;
using Matching.Hosting.Messaging;
using Matching.Testing;

namespace Matching.Api.Tests;

// A stored row the catalog cannot hold (written before validation existed, or damaged by hand) is skipped at start,
// so the service still starts and answers from every other row.
public sealed class LoadingPastBadRows
{
    [Fact]
    public async Task The_service_starts_and_answers_with_bad_rows_in_its_projection_tables()
    {
        using var database = TestDatabase.Sqlite();
        await using (var migrating = MatchingApp.On(database)) migrating.CreateClient().Dispose();
        var here = Given.SpotOfItsOwn();
        var course = Given.Course(here);
        var opening = Given.Opening(here.North(2));
        await StoreAsync(database, "courses", course.Id, course.Version, JsonSerializer.Serialize(course, MessageJson.Options));
        await StoreAsync(database, "openings", opening.Id, opening.Version, JsonSerializer.Serialize(opening, MessageJson.Options));

        await StoreAsync(database, "courses", Guid.NewGuid(), 1, "not JSON at all");
        await StoreAsync(database, "courses", Guid.NewGuid(), 1, """{"id": 42}""");
        var frozen = Given.Course(here) with { Version = long.MaxValue };
        await StoreAsync(database, "courses", frozen.Id, frozen.Version, JsonSerializer.Serialize(frozen, MessageJson.Options));
        var withoutEmployer = Given.Opening(here) with { EmployerId = null! };
        await StoreAsync(database, "openings", withoutEmployer.Id, 1, JsonSerializer.Serialize(withoutEmployer, MessageJson.Options));
        var withoutOccupations = Given.Agreement(opening) with { Occupations = null! };
        await StoreAsync(database, "agreements", withoutOccupations.Id, 1, JsonSerializer.Serialize(withoutOccupations, MessageJson.Options));
        var withNullOccupation = Given.Agreement(opening) with { Occupations = [null!] };
        await StoreAsync(database, "agreements", withNullOccupation.Id, 1, JsonSerializer.Serialize(withNullOccupation, MessageJson.Options));

        await using var app = MatchingApp.On(database);
        using var ready = await app.CreateClient().GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var suggestions = await app.SuggestionsAsync(Given.Person(here, level: "A2"));
        Assert.True(suggestions.Contain("course-then-job", course.Id, opening.Id), "the valid course, then the valid opening, should be suggested");
        Assert.False(suggestions.Mention(frozen.Id) || suggestions.Mention(withoutEmployer.Id), "no skipped row should be suggested");
    }

    [Fact]
    public async Task A_valid_version_replaces_a_stored_row_whose_version_would_freeze_it()
    {
        using var database = TestDatabase.Sqlite();
        await using (var migrating = MatchingApp.On(database)) migrating.CreateClient().Dispose();
        var here = Given.SpotOfItsOwn();
        var course = Given.Course(here);
        await StoreAsync(database, "courses", course.Id, long.MaxValue, JsonSerializer.Serialize(course with { Version = long.MaxValue }, MessageJson.Options));

        await using var app = MatchingApp.On(database);
        await app.PublishAsync(new CourseSeatsChanged(course with { Version = 2, SeatsFree = 3 }));

        var suggestions = await app.SuggestionsOnceAsync(Given.Person(here), s => s.Mention(course.Id), "the course at version 2 should be suggested");
        Assert.Equal(3, (int?)suggestions.Single("course", course: course.Id)["course"]!["seatsFree"]);
        await Poll.UntilAsync(async () => await app.StoredVersionAsync("courses", course.Id) == 2, TimeSpan.FromSeconds(30),
            () => "version 2 should replace the frozen row");
    }

    private static async Task StoreAsync(TestDatabase database, string table, Guid id, long version, string state)
    {
        await using var connection = await database.Db.OpenAsync();
        await connection.ExecuteAsync($"insert into {table} (id, version, state) values (@id, @version, @state)", new { id, version, state });
    }
}

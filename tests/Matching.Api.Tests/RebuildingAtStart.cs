using Matching.Contracts;
using Matching.Testing;

namespace Matching.Api.Tests;

public sealed class RebuildingAtStart
{
    [Fact]
    public async Task A_restarted_service_answers_with_the_same_suggestions_at_once()
    {
        using var database = TestDatabase.Sqlite();
        var here = Given.SpotOfItsOwn();
        var course = Given.Course(here);
        var withdrawn = Given.Course(here);
        var opening = Given.Opening(here.North(3));
        var closed = Given.Opening(here.North(4));
        var agreement = Given.Agreement(opening);
        var person = Given.Person(here, level: "A2");

        string before;
        await using (var first = MatchingApp.On(database))
        {
            await first.PublishAsync(new CoursePublished(course));
            await first.PublishAsync(new CourseSeatsChanged(course with { Version = 2, SeatsFree = 4 }));
            await first.PublishAsync(new CoursePublished(withdrawn));
            await first.PublishAsync(new CourseWithdrawn(withdrawn with { Version = 2, Withdrawn = true }));
            await first.PublishAsync(new OpeningPosted(opening));
            await first.PublishAsync(new OpeningPosted(closed));
            await first.PublishAsync(new OpeningClosed(closed with { Version = 2, Closed = true }));
            await first.PublishAsync(new AgreementSigned(agreement));
            await first.ConsumedAsync<CourseSeatsChanged>(e => e.Course.Id == course.Id);
            await first.ConsumedAsync<CourseWithdrawn>(e => e.Course.Id == withdrawn.Id);
            await first.ConsumedAsync<OpeningClosed>(e => e.Opening.Id == closed.Id);
            var suggestions = await first.SuggestionsOnceAsync(person,
                s => s.Contain("job", opening: opening.Id) && s.Contain("course", course.Id) && !s.Mention(withdrawn.Id) && !s.Mention(closed.Id),
                "the job (through the agreement) and the course should be suggested, the withdrawn course and the closed opening not");
            Assert.Equal(4, (int?)suggestions.Single("course", course.Id)["course"]!["seatsFree"]);
            before = suggestions.ToJsonString();
            // The catalog may hear of an event (through the replica's own feed) before the database has stored it.
            await StoredAsync(first, ("courses", course.Id, 2), ("courses", withdrawn.Id, 2), ("openings", opening.Id, 1),
                ("openings", closed.Id, 2), ("agreements", agreement.Id, 1));
        }

        await using var second = MatchingApp.On(database);
        var after = await second.SuggestionsAsync(person);

        Assert.Equal(before, after.ToJsonString());
    }

    private static async Task StoredAsync(MatchingApp app, params (string Table, Guid Id, long Version)[] expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30); // only fails a hung test
        foreach (var (table, id, version) in expected)
        {
            while (await app.StoredVersionAsync(table, id) != version)
            {
                Assert.True(DateTime.UtcNow < deadline, $"{table} {id} should be stored at version {version} within 30 s");
                await Task.Delay(20);
            }
        }
    }
}

using Matching.Contracts;
using Matching.Testing;

namespace Matching.Api.Tests;

// Replicas share one database, and each must see every event, since each answers from its own in-memory catalog (DESIGN.md, scale-out).
public sealed class RunningAsReplicas
{
    [Fact]
    public async Task A_replica_follows_an_event_even_when_another_replica_stored_it_first()
    {
        using var database = TestDatabase.Sqlite();
        await using var one = MatchingApp.On(database);
        await using var two = MatchingApp.On(database);
        var here = Given.SpotOfItsOwn();
        var course = Given.Course(here);
        foreach (var replica in new[] { one, two })
        {
            await replica.PublishAsync(new CoursePublished(course));
            await replica.SuggestionsOnceAsync(Given.Person(here), s => s.Mention(course.Id), "each replica should suggest the course");
        }

        var full = new CourseSeatsChanged(course with { Version = 2, SeatsFree = 0 });
        await one.PublishAsync(full);
        await one.ConsumedAsync<CourseSeatsChanged>(e => e.Course.Id == course.Id);
        await two.PublishAsync(full);
        await two.ConsumedAsync<CourseSeatsChanged>(e => e.Course.Id == course.Id);

        Assert.False((await one.SuggestionsAsync(Given.Person(here))).Mention(course.Id), "the replica that stored the change no longer suggests the full course");
        Assert.False((await two.SuggestionsAsync(Given.Person(here))).Mention(course.Id), "nor does the other replica");
        await one.StoredAsync("courses", course.Id, version: 2);
    }
}

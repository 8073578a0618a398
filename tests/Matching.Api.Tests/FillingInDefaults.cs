using System.Text.Json.Nodes;
using Matching.Contracts;
using Matching.Vocabulary;

namespace Matching.Api.Tests;

// Each test first sees everything it published with the default overridden, so that what the default then
// leaves out is left out by the default, not because an event has not arrived yet.
public sealed class FillingInDefaults(MatchingApp app) : IClassFixture<MatchingApp>
{
    [Fact]
    public async Task Reference_level_and_location_are_all_a_query_needs()
    {
        var query = new JsonObject { ["reference"] = "case-4711", ["level"] = "A2", ["location"] = new JsonObject { ["place"] = "Hochfeld" } };

        var answer = await app.AnswerAsync(query);

        Assert.Equal("case-4711", (string?)answer["reference"]);
        Assert.Empty(answer["suggestions"]!.AsArray());
    }

    [Fact]
    public async Task Without_a_distance_an_opening_20_km_away_is_suggested_but_not_one_30_km_away()
    {
        var here = Given.SpotOfItsOwn();
        var near = Given.Opening(here.North(20));
        var far = Given.Opening(here.North(30));
        await app.PublishAsync(new OpeningPosted(near));
        await app.PublishAsync(new OpeningPosted(far));
        var person = Given.Person(here, level: "B1");
        await app.SuggestionsOnceAsync(person.DeepClone().AsObject().With("maxDistanceKm", 35),
            s => s.Mention(near.Id) && s.Mention(far.Id), "both openings should be suggested within 35 km");

        var suggestions = await app.SuggestionsAsync(person.Without("maxDistanceKm"));

        Assert.Equal(20.0, (double?)suggestions.Single("job", opening: near.Id)["opening"]!["distanceKm"]);
        Assert.False(suggestions.Mention(far.Id), "the opening 30 km away is beyond the default 25 km");
    }

    [Fact]
    public async Task Without_a_limit_at_most_10_suggestions_come_back()
    {
        var here = Given.SpotOfItsOwn();
        for (var i = 0; i < 12; i++) await app.PublishAsync(new CoursePublished(Given.Course(here.North(i))));
        var person = Given.Person(here);
        await app.SuggestionsOnceAsync(person.DeepClone().AsObject().With("limit", 500), s => s.Count == 12, "all 12 courses should be suggested");

        var suggestions = await app.SuggestionsAsync(person.Without("limit"));

        Assert.Equal(10, suggestions.Count);
    }

    [Fact]
    public async Task Without_availableFrom_nothing_that_started_before_today_is_suggested()
    {
        var here = Given.SpotOfItsOwn();
        var yesterday = MatchingApp.Today.AddDays(-1);
        var courseToday = Given.Course(here) with { StartsOn = MatchingApp.Today };
        var courseYesterday = Given.Course(here) with { StartsOn = yesterday };
        var openingToday = Given.Opening(here) with { MinLevel = Level.A2, StartsOn = MatchingApp.Today };
        var openingYesterday = Given.Opening(here) with { MinLevel = Level.A2, StartsOn = yesterday };
        await app.PublishAsync(new CoursePublished(courseToday));
        await app.PublishAsync(new CoursePublished(courseYesterday));
        await app.PublishAsync(new OpeningPosted(openingToday));
        await app.PublishAsync(new OpeningPosted(openingYesterday));
        var person = Given.Person(here, level: "A2");
        // A day in the past means today, so nothing can show what started yesterday: wait until it has been consumed.
        await app.ConsumedAsync<CoursePublished>(e => e.Course.Id == courseYesterday.Id);
        await app.ConsumedAsync<OpeningPosted>(e => e.Opening.Id == openingYesterday.Id);
        await app.SuggestionsOnceAsync(person.DeepClone().AsObject(), s => s.Mention(courseToday.Id) && s.Mention(openingToday.Id),
            "the course and the job starting today should be suggested");

        var suggestions = await app.SuggestionsAsync(person.Without("availableFrom"));

        Assert.True(suggestions.Contain("course", course: courseToday.Id), "the course starting today is suggested");
        Assert.True(suggestions.Contain("job", opening: openingToday.Id), "the job starting today is suggested");
        Assert.False(suggestions.Mention(courseYesterday.Id), "the course that started yesterday is not suggested");
        Assert.False(suggestions.Mention(openingYesterday.Id), "the job that started yesterday is not suggested");
    }
}

using Matching.Contracts;

namespace Matching.Api.Tests;

public sealed class KeepingTheProjection(MatchingApp app) : IClassFixture<MatchingApp>
{
    [Fact]
    public async Task A_published_course_shows_up_in_matches()
    {
        var here = Given.SpotOfItsOwn();
        var course = Given.Course(here);

        await app.PublishAsync(new CoursePublished(course));

        var suggestions = await app.SuggestionsOnceAsync(Given.Person(here), s => s.Mention(course.Id), "the course should be suggested");
        Assert.Equal(6, (int?)suggestions.Single("course", course: course.Id)["course"]!["seatsFree"]);
        await app.StoredAsync("courses", course.Id, version: 1);
    }

    [Fact]
    public async Task A_course_without_free_seats_is_no_longer_suggested_until_seats_are_free_again()
    {
        var here = Given.SpotOfItsOwn();
        var course = Given.Course(here);
        await app.PublishAsync(new CoursePublished(course));
        await app.SuggestionsOnceAsync(Given.Person(here), s => s.Mention(course.Id), "the course should be suggested");

        await app.PublishAsync(new CourseSeatsChanged(course with { Version = 2, SeatsFree = 0 }));
        await app.SuggestionsOnceAsync(Given.Person(here), s => !s.Mention(course.Id), "the full course should no longer be suggested");

        await app.PublishAsync(new CourseSeatsChanged(course with { Version = 3, SeatsFree = 1 }));
        var suggestions = await app.SuggestionsOnceAsync(Given.Person(here), s => s.Mention(course.Id), "the course should be suggested again");
        Assert.Equal(1, (int?)suggestions.Single("course", course: course.Id)["course"]!["seatsFree"]);
    }

    [Fact]
    public async Task An_older_version_arriving_after_a_newer_one_changes_nothing()
    {
        var here = Given.SpotOfItsOwn();
        var published = Given.Course(here);
        var seatsChanged = published with { Version = 2, SeatsFree = 2 };

        await app.PublishAsync(new CourseSeatsChanged(seatsChanged));
        await app.ConsumedAsync<CourseSeatsChanged>(e => e.Course.Id == published.Id);
        await app.PublishAsync(new CoursePublished(published));
        await app.ConsumedAsync<CoursePublished>(e => e.Course.Id == published.Id);

        var suggestions = await app.SuggestionsAsync(Given.Person(here));
        Assert.Equal(2, (int?)suggestions.Single("course", course: published.Id)["course"]!["seatsFree"]);
        await app.StoredAsync("courses", published.Id, version: 2);
    }

    [Fact]
    public async Task A_late_CoursePublished_does_not_bring_back_a_withdrawn_course()
    {
        var here = Given.SpotOfItsOwn();
        var published = Given.Course(here);

        await app.PublishAsync(new CourseWithdrawn(published with { Version = 2, Withdrawn = true }));
        await app.ConsumedAsync<CourseWithdrawn>(e => e.Course.Id == published.Id);
        await app.PublishAsync(new CoursePublished(published));
        await app.ConsumedAsync<CoursePublished>(e => e.Course.Id == published.Id);

        Assert.False((await app.SuggestionsAsync(Given.Person(here))).Mention(published.Id));
        await app.StoredAsync("courses", published.Id, version: 2);
    }

    [Fact]
    public async Task The_same_message_delivered_twice_is_harmless()
    {
        var here = Given.SpotOfItsOwn();
        var opening = Given.Opening(here);
        var posted = new OpeningPosted(opening);

        await app.PublishAsync(posted);
        await app.PublishAsync(posted);
        await app.ConsumedAsync<OpeningPosted>(e => e.Opening.Id == opening.Id, times: 2);

        var suggestions = await app.SuggestionsAsync(Given.Person(here, level: "B1"));
        Assert.Equal(3, (int?)suggestions.Single("job", opening: opening.Id)["opening"]!["positionsLeft"]);
        await app.StoredAsync("openings", opening.Id, version: 1);
    }

    [Fact]
    public async Task A_closed_opening_is_no_longer_suggested()
    {
        var here = Given.SpotOfItsOwn();
        var opening = Given.Opening(here);
        await app.PublishAsync(new OpeningPosted(opening));
        await app.SuggestionsOnceAsync(Given.Person(here, level: "B1"), s => s.Mention(opening.Id), "the opening should be suggested");

        await app.PublishAsync(new OpeningClosed(opening with { Version = 2, Closed = true }));

        await app.SuggestionsOnceAsync(Given.Person(here, level: "B1"), s => !s.Mention(opening.Id), "the closed opening should no longer be suggested");
        await app.StoredAsync("openings", opening.Id, version: 2);
    }

    [Fact]
    public async Task An_agreement_accepting_a_lower_level_turns_a_course_then_job_into_a_job()
    {
        var here = Given.SpotOfItsOwn();
        var course = Given.Course(here);
        var opening = Given.Opening(here.North(5));
        await app.PublishAsync(new CoursePublished(course));
        await app.PublishAsync(new OpeningPosted(opening));
        var person = Given.Person(here, level: "A2");
        await app.SuggestionsOnceAsync(person, s => s.Contain("course-then-job", course.Id, opening.Id),
            "a person at A2 should be offered the B1 course, then the B1 job");

        var agreement = Given.Agreement(opening);
        await app.PublishAsync(new AgreementSigned(agreement));

        var suggestions = await app.SuggestionsOnceAsync(person, s => s.Contain("job", opening: opening.Id),
            "with the employer accepting A2, a person at A2 should be offered the job directly");
        Assert.False(suggestions.Contain("course-then-job", opening: opening.Id), "no course is needed for the job any more");
        var job = suggestions.Single("job", opening: opening.Id);
        Assert.Equal(agreement.Id, (Guid?)job["agreement"]?["id"]);
        Assert.Contains(job["reasons"]!.AsArray(), reason => ((string?)reason)!.Contains("agreement", StringComparison.OrdinalIgnoreCase));
    }
}

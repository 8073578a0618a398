using Matching.Vocabulary;

namespace Matching.Engine.Tests;

public class SuggestingCourses
{
    private static readonly Course Course = Given.Course();

    private static bool Suggested(Course course, MatchRequest? request = null) =>
        new World(course).Match(request).Suggest(course);

    [Fact]
    public void A_course_with_free_seats_that_fits_should_be_suggested() =>
        Assert.True(Suggested(Course));

    [Fact]
    public void A_course_without_free_seats_should_not_be_suggested()
    {
        Assert.True(Suggested(Course with { SeatsFree = 1 }));
        Assert.False(Suggested(Course with { SeatsFree = 0 }));
    }

    [Fact]
    public void A_withdrawn_course_should_not_be_suggested() =>
        Assert.False(Suggested(Course with { Withdrawn = true }));

    [Fact]
    public void A_course_that_starts_above_the_persons_level_should_not_be_suggested()
    {
        Assert.True(Suggested(Course, Given.Person(Level.A2)));
        Assert.False(Suggested(Course, Given.Person(Level.A1)));
    }

    [Fact]
    public void A_course_that_ends_at_the_persons_level_should_not_be_suggested()
    {
        Assert.True(Suggested(Course with { LevelTo = Level.B1 }, Given.Person(Level.A2)));
        Assert.False(Suggested(Course with { LevelTo = Level.B1 }, Given.Person(Level.B1)));
        Assert.False(Suggested(Course with { LevelFrom = Level.A1, LevelTo = Level.A2 }, Given.Person(Level.A2)));
    }

    [Fact]
    public void A_course_that_starts_before_the_person_is_available_should_not_be_suggested()
    {
        Assert.True(Suggested(Course with { StartsOn = Given.January4 }));
        Assert.False(Suggested(Course with { StartsOn = Given.January4.AddDays(-1) }));
    }

    [Fact]
    public void A_course_beyond_the_maximum_distance_should_not_be_suggested()
    {
        // Hochfeld is 5.3 km from Meiderich.
        Assert.True(Suggested(Course, Given.Person() with { MaxDistanceKm = 5.5 }));
        Assert.False(Suggested(Course, Given.Person() with { MaxDistanceKm = 5 }));
    }

    [Fact]
    public void An_online_course_should_be_suggested_however_far_away_it_is()
    {
        var inBerlin = Course with { At = Places.Berlin };
        Assert.False(Suggested(inBerlin));
        Assert.True(Suggested(inBerlin with { Online = true }));
        Assert.True(Suggested(inBerlin with { Online = true, At = null }));
    }

    [Fact]
    public void An_online_course_should_be_suggested_to_a_parent_who_needs_childcare()
    {
        var parent = Given.Person() with { NeedsChildcare = true };
        Assert.False(Suggested(Course with { Childcare = false }, parent));
        Assert.True(Suggested(Course with { Childcare = false, Online = true }, parent));
    }

    [Fact]
    public void A_course_without_childcare_should_not_be_suggested_to_a_parent_who_needs_it()
    {
        var parent = Given.Person() with { NeedsChildcare = true };
        Assert.True(Suggested(Course with { Childcare = true }, parent));
        Assert.False(Suggested(Course with { Childcare = false }, parent));
        Assert.True(Suggested(Course with { Childcare = false }, parent with { NeedsChildcare = false }));
    }

    [Fact]
    public void A_course_outside_the_persons_schedules_should_not_be_suggested()
    {
        var evenings = Course with { Schedule = Schedule.Evening };
        Assert.True(Suggested(evenings, Given.Person() with { Schedules = [Schedule.Morning, Schedule.Evening] }));
        Assert.False(Suggested(evenings, Given.Person() with { Schedules = [Schedule.Morning] }));
        Assert.True(Suggested(evenings, Given.Person() with { Schedules = [] }));
    }
}

using Matching.Vocabulary;

namespace Matching.Engine.Tests;

/// <summary>An A1 speaker, a course from A1 to B1 ending 2027-06-30, and a B1 job from 2027-08-01.</summary>
public class LeadingThroughACourseToAJob
{
    private static readonly MatchRequest Person = Given.Person(Level.A1);
    private static readonly Course Course = Given.Course() with { LevelFrom = Level.A1, LevelTo = Level.B1 };
    private static readonly Opening Opening = Given.Opening() with { MinLevel = Level.B1 };

    private static bool Suggested(Course course, Opening opening, MatchRequest? request = null) =>
        new World(course, opening).Match(request ?? Person).Suggest(course, opening);

    [Fact]
    public void A_course_that_reaches_the_level_before_the_job_starts_should_be_suggested_as_course_then_job()
    {
        var suggestions = new World(Course, Opening).Match(Person);

        Assert.True(suggestions.Suggest(Course, Opening));
        Assert.True(suggestions.Suggest(Course));
        Assert.False(suggestions.Suggest(Opening));
    }

    [Fact]
    public void A_person_who_already_has_the_level_should_get_the_job_not_a_course_first()
    {
        var suggestions = new World(Course with { LevelFrom = Level.A2, LevelTo = Level.B2 }, Opening with { MinLevel = Level.A2 })
            .Match(Given.Person(Level.A2));

        Assert.Single(suggestions, s => s.Kind == SuggestionKind.Job);
        Assert.DoesNotContain(suggestions, s => s.Kind == SuggestionKind.CourseThenJob);
    }

    [Fact]
    public void A_course_that_ends_below_the_level_the_opening_needs_should_not_lead_to_it()
    {
        Assert.True(Suggested(Course with { LevelTo = Level.B1 }, Opening));
        Assert.False(Suggested(Course with { LevelTo = Level.A2 }, Opening));
    }

    [Fact]
    public void A_course_that_reaches_the_level_an_agreement_accepts_should_lead_to_the_job()
    {
        var toA2 = Course with { LevelTo = Level.A2 };
        var suggestions = new World(toA2, Opening, Given.Agreement()).Match(Person);

        var pathway = suggestions.Of(SuggestionKind.CourseThenJob);
        Assert.Equal((toA2.Id, Opening.Id), (pathway.Course!.Id, pathway.Opening!.Id));
        Assert.NotNull(pathway.Agreement);
    }

    [Fact]
    public void A_course_that_ends_after_the_job_starts_should_not_lead_to_it()
    {
        Assert.True(Suggested(Course with { EndsOn = Opening.StartsOn }, Opening));
        Assert.False(Suggested(Course with { EndsOn = Opening.StartsOn.AddDays(1) }, Opening));
    }

    [Theory]
    [InlineData(Schedule.Evening, true, true)]
    [InlineData(Schedule.Weekend, true, true)]
    [InlineData(Schedule.Morning, true, false)]
    [InlineData(Schedule.Afternoon, true, false)]
    [InlineData(Schedule.Evening, false, false)]
    [InlineData(Schedule.Weekend, false, false)]
    public void An_evening_or_weekend_course_may_run_on_into_a_job_with_language_support(
        Schedule schedule, bool languageSupport, bool suggested)
    {
        var course = Course with { Schedule = schedule, EndsOn = Opening.StartsOn.AddMonths(2) };
        var opening = Opening with { LanguageSupport = languageSupport };

        var suggestions = new World(course, opening).Match(Person);

        Assert.Equal(suggested, suggestions.Suggest(course, opening));
        if (suggested)
            Assert.Contains(suggestions.Of(SuggestionKind.CourseThenJob).Reasons, r => r.Contains("alongside work"));
    }

    [Fact]
    public void The_course_of_a_course_then_job_should_fit_the_person_like_any_course()
    {
        var inEssen = Course with { At = Places.Essen }; // 17 km away
        Assert.False(Suggested(inEssen, Opening));
        Assert.True(Suggested(inEssen with { Online = true }, Opening));
        Assert.False(Suggested(Course, Opening, Person with { Schedules = [Schedule.Evening] }));
        Assert.False(Suggested(Course with { SeatsFree = 0 }, Opening));
    }

    [Fact]
    public void The_job_of_a_course_then_job_should_fit_the_person_like_any_job()
    {
        Assert.False(Suggested(Course, Opening, Person with { MaxDistanceKm = 8 })); // the opening is 8.3 km away
        Assert.False(Suggested(Course, Opening, Person with { Occupations = ["5"] }));
        Assert.False(Suggested(Course, Opening with { Closed = true }));
    }
}

using Matching.Vocabulary;

namespace Matching.Engine.Tests;

/// <summary>A caseworker's "why is this not suggested?": the hard rules that exclude a course or opening, or where it ranks.</summary>
public class AskingWhyNot
{
    private static Deadline NoLimit => Deadline.None;

    [Fact]
    public void A_course_too_far_away_should_be_excluded_by_distance_with_how_far()
    {
        var course = Given.Course(at: Places.Essen);
        using var catalog = new World(course).Catalog();

        var answer = WhyNot.Course(catalog, Given.Person(), course.Id, NoLimit)!;

        var exclusion = Assert.Single(answer.ExcludedBy);
        Assert.Equal("distance", exclusion.Rule);
        Assert.Matches(@"^\d+\.\d km away, beyond the 15 km asked$", exclusion.Reason);
        Assert.Null(answer.Rank);
    }

    [Fact]
    public void Every_rule_that_excludes_a_course_should_be_named()
    {
        var course = Given.Course() with { LevelFrom = Level.B1, LevelTo = Level.B2, Schedule = Schedule.Evening, SeatsFree = 0 };
        using var catalog = new World(course).Catalog();
        var person = Given.Person() with { Schedules = [Schedule.Morning], NeedsChildcare = true };

        var answer = WhyNot.Course(catalog, person, course.Id, NoLimit)!;

        Assert.Equal(["seats", "level", "schedule", "childcare"], answer.ExcludedBy.Select(exclusion => exclusion.Rule));
        Assert.Contains("Starts at B1, above the person's A2", answer.Summary);
    }

    [Fact]
    public void A_course_the_regulations_do_not_admit_the_person_to_should_be_excluded_by_admission()
    {
        var course = Given.Course() with { Kind = CourseKind.Integration };
        using var catalog = new World(course).Catalog();
        var person = Given.Person() with { Admission = new Admission(IntegrationCourse: IntegrationCourseStatus.None) };

        var answer = WhyNot.Course(catalog, person, course.Id, NoLimit)!;

        Assert.Equal(new Exclusion("admission", "Admits only people entitled, obliged or admitted to attend integration courses"),
            Assert.Single(answer.ExcludedBy));
    }

    [Fact]
    public void A_suggested_course_should_say_where_it_ranks()
    {
        var course = Given.Course();
        using var catalog = new World(course).Catalog();

        var answer = WhyNot.Course(catalog, Given.Person(), course.Id, NoLimit)!;

        Assert.Empty(answer.ExcludedBy);
        Assert.Equal(1, answer.Rank);
        Assert.Equal(course.Id, answer.Best!.Course!.Id);
        Assert.Equal("Suggested: ranked 1", answer.Summary);
    }

    [Fact]
    public void A_course_that_fits_but_ranks_below_the_list_should_say_what_outranks_it()
    {
        var world = new World();
        for (var i = 0; i < 4; i++)
            world.Add(Given.Course($"Nah {i}") with { SeatsFree = 20 });
        var far = Given.Course("Weiter weg", at: Places.Oberhausen) with { SeatsFree = 1, StartsOn = new DateOnly(2027, 5, 3) };
        world.Add(far);
        using var catalog = world.Catalog();
        var person = Given.Person() with { Limit = 2 };

        var answer = WhyNot.Course(catalog, person, far.Id, NoLimit)!;

        Assert.Empty(answer.ExcludedBy);
        Assert.Equal(5, answer.Rank);
        Assert.Equal(2, answer.OutrankedBy.Count);
        Assert.All(answer.OutrankedBy, suggestion => Assert.True(suggestion.Score >= answer.Best!.Score));
        Assert.Equal("Ranked 5: the 2 suggestions shown score higher", answer.Summary);
    }

    [Fact]
    public void A_closed_opening_outside_the_wished_occupations_should_say_both()
    {
        var opening = Given.Opening() with { Closed = true, Occupation = "5322" };
        using var catalog = new World(opening).Catalog();
        var person = Given.Person() with { Occupations = ["93"] };

        var answer = WhyNot.Opening(catalog, person, opening.Id, NoLimit)!;

        Assert.Equal(["closed", "occupation"], answer.ExcludedBy.Select(exclusion => exclusion.Rule));
    }

    [Fact]
    public void An_opening_above_the_persons_level_should_name_the_level_and_an_agreement_without_quota()
    {
        var opening = Given.Opening() with { MinLevel = Level.B1 };
        var spent = Given.Agreement() with { QuotaLeft = 0 };
        using var catalog = new World(opening, spent).Catalog();

        var answer = WhyNot.Opening(catalog, Given.Person(Level.A2), opening.Id, NoLimit)!;

        Assert.Equal(["level", "agreement"], answer.ExcludedBy.Select(exclusion => exclusion.Rule));
        Assert.Equal("Needs B1; the person has A2, and no course in reach leads there in time", answer.ExcludedBy[0].Reason);
        Assert.Equal("The agreement of rhein-logistik that accepts A2 has no quota left", answer.ExcludedBy[1].Reason);
    }

    [Fact]
    public void An_opening_reached_through_a_course_should_rank()
    {
        var course = Given.Course() with { LevelFrom = Level.A1, LevelTo = Level.B1 };
        var opening = Given.Opening() with { MinLevel = Level.B1 };
        using var catalog = new World(course, opening).Catalog();

        var answer = WhyNot.Opening(catalog, Given.Person(Level.A1), opening.Id, NoLimit)!;

        Assert.Empty(answer.ExcludedBy);
        Assert.Equal(SuggestionKind.CourseThenJob, answer.Best!.Kind);
    }

    [Fact]
    public void An_unknown_course_or_opening_should_have_no_answer()
    {
        using var catalog = new World(Given.Course(), Given.Opening()).Catalog();

        Assert.Null(WhyNot.Course(catalog, Given.Person(), Guid.NewGuid(), NoLimit));
        Assert.Null(WhyNot.Opening(catalog, Given.Person(), Guid.NewGuid(), NoLimit));
    }

    /// <summary>The explanation and the matcher apply the same rules: a course or opening is excluded exactly when no
    /// suggestion the rules allow includes it, and otherwise ranks where its best suggestion stands among them all.</summary>
    [Fact]
    public void What_is_excluded_should_be_exactly_what_no_suggestion_includes()
    {
        var random = new Random(1616);
        for (var run = 0; run < 12; run++)
        {
            var (world, request) = Generated.Crowded(random);
            using var catalog = world.Catalog();
            var all = Matcher.Candidates(catalog, request).ToList();
            foreach (var course in world.Courses.DistinctBy(course => course.Id))
                AssertRanked(all.FindIndex(suggestion => suggestion.Course?.Id == course.Id), WhyNot.Course(catalog, request, course.Id, NoLimit)!);
            foreach (var opening in world.Openings.DistinctBy(opening => opening.Id).Take(60))
                AssertRanked(all.FindIndex(suggestion => suggestion.Opening?.Id == opening.Id), WhyNot.Opening(catalog, request, opening.Id, NoLimit)!);
        }
    }

    private static void AssertRanked(int index, Explanation answer)
    {
        if (index < 0)
            Assert.NotEmpty(answer.ExcludedBy);
        Assert.Equal(index is >= 0 and < WhyNot.RankedAtMost ? index + 1 : null, answer.Rank);
    }
}

using Matching.Vocabulary;

namespace Matching.Engine.Tests;

/// <summary>Whom each course kind admits (the integration-course and job-related-course regulations): what is known to
/// exclude a person removes the course; what is unknown leaves it in, with what to check among its reasons.</summary>
public class AdmittingPeople
{
    private static Course Course(CourseKind kind, Level from = Level.A2, Level to = Level.B1) =>
        Given.Course() with { Kind = kind, LevelFrom = from, LevelTo = to };

    private static MatchRequest Person(Admission? admission) => Given.Person() with { Admission = admission ?? Admission.Unknown };

    [Theory]
    [InlineData(CourseKind.Integration, IntegrationCourseStatus.Entitled, true)]
    [InlineData(CourseKind.Integration, IntegrationCourseStatus.Obliged, true)]
    [InlineData(CourseKind.Integration, IntegrationCourseStatus.Admitted, true)]
    [InlineData(CourseKind.Integration, IntegrationCourseStatus.None, false)]
    [InlineData(CourseKind.Literacy, IntegrationCourseStatus.Obliged, true)]
    [InlineData(CourseKind.Literacy, IntegrationCourseStatus.None, false)]
    public void An_integration_or_literacy_course_should_be_suggested_only_to_people_entitled_obliged_or_admitted(
        CourseKind kind, IntegrationCourseStatus status, bool suggested)
    {
        var course = Course(kind, Level.A1, Level.B1);

        var suggestions = new World(course).Match(Person(new Admission(IntegrationCourse: status)));

        Assert.Equal(suggested, suggestions.Suggest(course));
        if (suggested) Assert.DoesNotContain(suggestions.Of(SuggestionKind.Course).Reasons, reason => reason.StartsWith("To check"));
    }

    [Fact]
    public void An_integration_course_for_someone_whose_status_is_unknown_should_be_suggested_with_what_to_check()
    {
        var course = Course(CourseKind.Integration, Level.A1, Level.B1);

        var suggestion = new World(course).Match(Person(null)).Of(SuggestionKind.Course);

        Assert.Contains("To check: entitled, obliged or admitted to attend integration courses", suggestion.Reasons);
    }

    [Theory]
    [InlineData(true, null, true)]
    [InlineData(null, true, true)]
    [InlineData(false, true, true)]
    [InlineData(false, false, false)]
    [InlineData(false, null, true)] // not known to be employed: suggested, to check
    public void A_job_related_course_should_be_suggested_to_people_registered_for_work_or_employed(
        bool? registered, bool? employed, bool suggested)
    {
        var course = Course(CourseKind.JobRelated, Level.B1, Level.B2);

        var suggestions = new World(course).Match(
            Person(new Admission(RegisteredForWork: registered, Employed: employed)) with { Level = Level.B1 });

        Assert.Equal(suggested, suggestions.Suggest(course));
        if (suggested)
            Assert.Equal(
                registered == true || employed == true,
                !suggestions.Of(SuggestionKind.Course).Reasons.Contains(
                    "To check: registered with the job centre or the employment agency, or employed"));
    }

    [Theory]
    [InlineData(Level.A2, Level.B1, false, false)] // the A2 → B1 course: only after a failed B1 test
    [InlineData(Level.A2, Level.B1, true, true)]
    [InlineData(Level.A1, Level.A2, false, false)] // a below-A2 course, likewise
    [InlineData(Level.A1, Level.A2, true, true)]
    [InlineData(Level.A2, Level.B2, false, true)] // leads beyond B1: no test needed
    public void A_job_related_course_up_to_B1_should_be_suggested_only_after_a_failed_B1_test(
        Level from, Level to, bool failedB1Test, bool suggested)
    {
        var course = Course(CourseKind.JobRelated, from, to);

        var suggestions = new World(course).Match(
            Person(new Admission(RegisteredForWork: true, FailedB1Test: failedB1Test)) with { Level = from });

        Assert.Equal(suggested, suggestions.Suggest(course));
    }

    [Fact]
    public void A_job_related_course_up_to_B1_should_say_to_check_the_B1_test_when_it_is_not_known()
    {
        var course = Course(CourseKind.JobRelated, Level.A2, Level.B1);

        var suggestion = new World(course).Match(Person(new Admission(Employed: true))).Of(SuggestionKind.Course);

        Assert.Equal(["To check: took the B1 test of an integration course and did not pass it"],
            suggestion.Reasons.Where(reason => reason.StartsWith("To check")));
    }

    [Theory]
    [InlineData(CourseKind.Specialised)]
    [InlineData(CourseKind.Other)]
    public void A_specialised_or_other_course_should_be_open_to_anyone(CourseKind kind)
    {
        var course = Course(kind);
        var nobody = new Admission(IntegrationCourseStatus.None, RegisteredForWork: false, Employed: false, FailedB1Test: false);

        var suggestion = new World(course).Match(Person(nobody)).Of(SuggestionKind.Course);

        Assert.DoesNotContain(suggestion.Reasons, reason => reason.StartsWith("To check"));
    }

    [Fact]
    public void A_course_then_job_should_not_be_suggested_through_a_course_the_person_is_excluded_from()
    {
        var course = Course(CourseKind.Integration, Level.A1, Level.A2);
        var opening = Given.Opening() with { MinLevel = Level.A2 };

        var suggestions = new World(course, opening).Match(
            Person(new Admission(IntegrationCourse: IntegrationCourseStatus.None)) with { Level = Level.A1 });

        Assert.False(suggestions.Suggest(course, opening));
        Assert.False(suggestions.Suggest(course));
    }

    /// <summary>The rules read for every course in reach and the rules that explain must never disagree.</summary>
    [Fact]
    public void What_excludes_should_be_exactly_what_the_explained_rules_exclude()
    {
        bool?[] maybe = [null, true, false];
        IntegrationCourseStatus?[] statuses = [null, .. Enum.GetValues<IntegrationCourseStatus>()];
        foreach (var kind in Enum.GetValues<CourseKind>())
        foreach (var to in Enum.GetValues<Level>())
        foreach (var status in statuses)
        foreach (var registered in maybe)
        foreach (var employed in maybe)
        foreach (var failed in maybe)
        {
            var admission = new Admission(status, registered, employed, failed);
            Assert.Equal(
                AdmissionRules.Parts(kind, to, admission).Any(part => part.Verdict == Verdict.Excluded),
                AdmissionRules.Excludes(kind, to, admission));
        }
    }
}

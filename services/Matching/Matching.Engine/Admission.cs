using Matching.Vocabulary;

namespace Matching.Engine;

/// <summary>What the caseworker knows of the person's standing under the course regulations. Each part may be unknown
/// (null): then nothing is excluded for it, and the suggestion's reasons say what to check.</summary>
/// <param name="IntegrationCourse">For integration and literacy courses.</param>
/// <param name="RegisteredForWork">Registered with the job centre or the employment agency (for job-related courses).</param>
/// <param name="Employed">In work (for job-related courses, as an alternative to being registered).</param>
/// <param name="FailedB1Test">Took the B1 test at the end of an integration course and did not pass it — what the
/// job-related courses up to B1 (the A2→B1 and the below-A2 ones, § 13 DeuFöV) require.</param>
public sealed record Admission(
    IntegrationCourseStatus? IntegrationCourse = null,
    bool? RegisteredForWork = null,
    bool? Employed = null,
    bool? FailedB1Test = null)
{
    /// <summary>Nothing known: every course is suggested, with what to check.</summary>
    public static readonly Admission Unknown = new();
}

/// <summary>Whether the regulations admit a person to a course, as far as what is known decides it.</summary>
public enum Verdict
{
    Admitted,

    /// <summary>Not decided by what is known: suggested, with what to check.</summary>
    ToCheck,

    Excluded,
}

/// <summary>The admission rules of the course kinds: integration and literacy courses for people entitled, obliged or
/// admitted; job-related courses for people registered for work or employed, those up to B1 only after a failed B1 test
/// of an integration course; specialised and other courses for anyone.</summary>
public static class AdmissionRules
{
    /// <summary>Job-related courses that lead no further than this are the special ones that need a failed B1 test.</summary>
    public const Level SpecialJobRelatedUpTo = Level.B1;

    /// <summary>Whether what is known excludes the person (read for every course in reach, so without <see cref="Parts"/>'s
    /// lists: the two must agree, and a test holds them to it).</summary>
    public static bool Excludes(CourseKind kind, Level levelTo, Admission admission) => kind switch
    {
        CourseKind.Integration or CourseKind.Literacy => admission.IntegrationCourse == IntegrationCourseStatus.None,
        CourseKind.JobRelated => admission is { RegisteredForWork: false, Employed: false }
                                 || levelTo <= SpecialJobRelatedUpTo && admission.FailedB1Test == false,
        _ => false,
    };

    /// <summary>Each rule the course kind sets, with its verdict for the person and the words for it: what excludes the
    /// person, or what is left to check.</summary>
    public static IEnumerable<(Verdict Verdict, string Rule)> Parts(CourseKind kind, Level levelTo, Admission admission)
    {
        switch (kind)
        {
            case CourseKind.Integration or CourseKind.Literacy:
                yield return (admission.IntegrationCourse switch
                {
                    null => Verdict.ToCheck,
                    IntegrationCourseStatus.None => Verdict.Excluded,
                    _ => Verdict.Admitted,
                }, "entitled, obliged or admitted to attend integration courses");
                break;
            case CourseKind.JobRelated:
                yield return ((admission.RegisteredForWork, admission.Employed) switch
                {
                    (true, _) or (_, true) => Verdict.Admitted,
                    (false, false) => Verdict.Excluded,
                    _ => Verdict.ToCheck,
                }, "registered with the job centre or the employment agency, or employed");
                if (levelTo <= SpecialJobRelatedUpTo)
                    yield return (admission.FailedB1Test switch
                    {
                        true => Verdict.Admitted,
                        false => Verdict.Excluded,
                        null => Verdict.ToCheck,
                    }, "took the B1 test of an integration course and did not pass it");
                break;
        }
    }
}

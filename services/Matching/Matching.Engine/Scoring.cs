using Matching.Contracts;

namespace Matching.Engine;

/// <summary>
/// How suggestions are scored: <c>score = Σ weight × part</c>, five parts in [0, 1], weights summing to 1.
/// <list type="bullet">
/// <item><b>distance</b> (0.30): <c>exp(−km / 10)</c>, so 0 km is 1, 10 km is 0.37, 25 km is 0.08; an online course is 1.
/// A course then a job takes the mean of the two.</item>
/// <item><b>time</b> (0.25): how soon the person is at work. <c>(band + exp(−days / 90)) / 3</c>, band 2 for a job,
/// 1 for a course then a job, 0 for a course alone, so a job always beats a pathway on time; days run from the
/// person's availableFrom to the job's start (job) or the course's start (the others).</item>
/// <item><b>level</b> (0.20): halves with every level beyond the need, <c>½^beyond</c>. Job: the person's level
/// beyond the opening's effective level; course then job: the course's levelTo beyond it; course alone: the
/// person's level beyond the course's levelFrom (a course that starts far below repeats what they know).</item>
/// <item><b>agreement</b> (0.15): ½ when an agreement of the employer lowers the level, plus ½ when there is
/// language support at work (the agreement names it or the opening offers it); 0 for a course alone.</item>
/// <item><b>scarcity</b> (0.10): places left, so that a placement is likely to succeed: <c>1 − ½^places</c>
/// (1 place 0.5, 3 places 0.875); a course then a job takes the mean of seats and positions.</item>
/// </list>
/// </summary>
public static class Scoring
{
    public const double DistanceWeight = 0.30;
    public const double TimeWeight = 0.25;
    public const double LevelWeight = 0.20;
    public const double AgreementWeight = 0.15;
    public const double ScarcityWeight = 0.10;

    /// <summary>The distance at which the distance part has fallen to 1/e.</summary>
    public const double DistanceScaleKm = 10;

    /// <summary>The wait at which the time part, within its band, has fallen to 1/e.</summary>
    public const double TimeScaleDays = 90;

    internal static ScoreParts Parts(SuggestionKind kind, FitCourse? course, FitOpening? opening, Level level) => kind switch
    {
        SuggestionKind.Job => new(
            Distance: opening!.Nearness,
            Time: Band(2, opening.Soonness),
            Level: Precision(level - opening.Needs),
            Agreement: opening.Commitment,
            Scarcity: opening.Room),
        SuggestionKind.CourseThenJob => new(
            Distance: (course!.Nearness + opening!.Nearness) / 2,
            Time: Band(1, course.Soonness),
            Level: Precision(course.Course.LevelTo - opening.Needs),
            Agreement: opening.Commitment,
            Scarcity: (course.Room + opening.Room) / 2),
        _ => new(
            Distance: course!.Nearness,
            Time: Band(0, course.Soonness),
            Level: Precision(level - course.Course.LevelFrom),
            Agreement: 0,
            Scarcity: course.Room),
    };

    /// <summary>The score, unrounded: the sum of <see cref="Parts"/> by their weights.</summary>
    internal static double Score(SuggestionKind kind, FitCourse? course, FitOpening? opening, Level level) =>
        kind == SuggestionKind.CourseThenJob
            ? CourseShare(course!, opening!.Needs) + OpeningShare(opening)
            : Parts(kind, course, opening, level).Total;

    /// <summary>A course-then-job score is the same sum, grouped as what the course gives (with the level it reaches
    /// against the level needed) plus what the opening gives. Courses in order of their share then score in order with
    /// any one opening, and openings in order of theirs with any one course: floating-point addition keeps order,
    /// where a regrouped sum might not.</summary>
    internal static double CourseShare(FitCourse course, Level needs) =>
        DistanceWeight * course.Nearness / 2 + TimeWeight * Band(1, course.Soonness) + ScarcityWeight * course.Room / 2
        + LevelWeight * Precision(course.Course.LevelTo - needs);

    /// <inheritdoc cref="CourseShare"/>
    internal static double OpeningShare(FitOpening opening) =>
        DistanceWeight * opening.Nearness / 2 + AgreementWeight * opening.Commitment + ScarcityWeight * opening.Room / 2;

    internal static double Nearness(double? km) => km is double d ? Math.Exp(-d / DistanceScaleKm) : 1;

    internal static double Soonness(DateOnly from, DateOnly start) => Soonness(start.DayNumber - from.DayNumber);

    /// <summary>Waits of up to this many days take the time part from <see cref="SoonnessByDays"/>.</summary>
    private const int TabulatedDays = 1024;

    /// <summary>The time part for every short wait, worked out once by the very same expression (so to the same bits),
    /// as a query would otherwise take an exponential for every item in reach.</summary>
    private static readonly double[] SoonnessByDays = [.. Enumerable.Range(0, TabulatedDays).Select(ExpSoonness)];

    private static double Soonness(int days) => (uint)days < TabulatedDays ? SoonnessByDays[days] : ExpSoonness(days);

    private static double ExpSoonness(int days) => Math.Exp(-days / TimeScaleDays);

    internal static double Room(int places) => 1 - Math.ScaleB(1, -places);

    internal static double Commitment(OpeningState opening, AgreementState? agreement) =>
        (agreement is null ? 0 : 0.5) + (HasLanguageSupport(opening, agreement) ? 0.5 : 0);

    internal static bool HasLanguageSupport(OpeningState opening, AgreementState? agreement) =>
        opening.LanguageSupport || !string.IsNullOrWhiteSpace(agreement?.LanguageSupport);

    private static double Band(int band, double soonness) => (band + soonness) / 3;

    private static double Precision(int levelsBeyond) => 1.0 / (1 << levelsBeyond);
}

/// <summary>The parts of a score, each in [0, 1].</summary>
internal readonly record struct ScoreParts(double Distance, double Time, double Level, double Agreement, double Scarcity)
{
    public double Total =>
        Scoring.DistanceWeight * Distance
        + Scoring.TimeWeight * Time
        + Scoring.LevelWeight * Level
        + Scoring.AgreementWeight * Agreement
        + Scoring.ScarcityWeight * Scarcity;

    public IReadOnlyDictionary<string, double> ByName() => new Dictionary<string, double>
    {
        ["distance"] = Math.Round(Distance, 3),
        ["time"] = Math.Round(Time, 3),
        ["level"] = Math.Round(Level, 3),
        ["agreement"] = Math.Round(Agreement, 3),
        ["scarcity"] = Math.Round(Scarcity, 3),
    };
}

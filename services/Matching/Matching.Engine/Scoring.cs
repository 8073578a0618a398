using Matching.Vocabulary;

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
/// A person who states <see cref="Preferences"/> adds a sixth part, <b>preference</b> (0.20, the others then
/// weighing 0.80 of their own): the mean of what they stated — the occupation's place among their ranked wishes
/// (1 for the first, falling evenly, 0 for none), a job now or a course first (<see cref="Preferences.PursuitFit"/>),
/// the course at a preferred time (1 or 0); what a suggestion has no part in (an occupation for a course alone, a
/// course time for a job) counts ½. Without preferences the score is exactly as above.
/// </summary>
public static class Scoring
{
    public const double DistanceWeight = 0.30;
    public const double TimeWeight = 0.25;
    public const double LevelWeight = 0.20;
    public const double AgreementWeight = 0.15;
    public const double ScarcityWeight = 0.10;

    /// <summary>The weight of the preference part, for a person who stated preferences (the others share the rest).</summary>
    public const double PreferenceWeight = 0.20;

    /// <summary>What a preference the suggestion has no part in counts.</summary>
    private const double Neutral = 0.5;

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

    /// <summary>The score, unrounded: the sum of <see cref="Parts"/> by their weights, blended with the preference part
    /// when the person stated preferences.</summary>
    internal static double Score(SuggestionKind kind, FitCourse? course, FitOpening? opening, MatchRequest request) =>
        kind == SuggestionKind.CourseThenJob
            ? CourseShare(course!, opening!.Needs) + OpeningShare(opening)
            : Blend(Parts(kind, course, opening, request.Level).Total, Preference(kind, course, opening, request.Preferences), request.Preferences);

    /// <summary>The preference part, in [0, 1]; null when the person stated no preference.</summary>
    internal static double? Preference(SuggestionKind kind, FitCourse? course, FitOpening? opening, Preferences preferences)
    {
        if (preferences.Stated == 0)
            return null;
        var sum = (preferences.Schedules.Count > 0 ? course?.Preferred ?? Neutral : 0)
                  + (preferences.Occupations.Count > 0 ? opening?.Preferred ?? Neutral : 0)
                  + preferences.PursuitFit(kind);
        return sum / preferences.Stated;
    }

    /// <summary>A score without preferences, blended with the preference part: unchanged when none was stated.</summary>
    internal static double Blend(double score, double? preference, Preferences preferences) =>
        preferences.Stated == 0 ? score : (1 - PreferenceWeight) * score + PreferenceWeight * preference!.Value;

    /// <summary>The highest a blended score can be: its score without preferences, and every preference met.</summary>
    private static double BlendCeiling(double ceiling, Preferences preferences) => Blend(ceiling, 1, preferences);

    /// <summary>A course-then-job score is the same sum, grouped as what the course gives (with the level it reaches
    /// against the level needed) plus what the opening gives. Courses in order of their share then score in order with
    /// any one opening, and openings in order of theirs with any one course: floating-point addition keeps order,
    /// where a regrouped sum might not.</summary>
    /// With preferences, each share is blended with what its side meets of them: the course its time, the opening its
    /// occupation and the pathway's kind, each over the number of kinds stated, so that the two still sum to the score.</summary>
    internal static double CourseShare(FitCourse course, Level needs)
    {
        var share = course.Share + LevelWeight * Precision(course.Course.LevelTo - needs);
        var preferences = course.Request.Preferences;
        return preferences.Stated == 0 ? share
            : (1 - PreferenceWeight) * share + PreferenceWeight * (preferences.Schedules.Count > 0 ? course.Preferred : 0) / preferences.Stated;
    }

    /// <inheritdoc cref="CourseShare"/>
    internal static double OpeningShare(FitOpening opening) => opening.Share;

    /// <summary>What an opening gives a pathway's score with preferences (see <see cref="CourseShare"/>).</summary>
    internal static double OpeningShare(double share, double occupationFit, Preferences preferences) =>
        preferences.Stated == 0 ? share
        : (1 - PreferenceWeight) * share + PreferenceWeight
          * ((preferences.Occupations.Count > 0 ? occupationFit : 0) + preferences.PursuitFit(SuggestionKind.CourseThenJob)) / preferences.Stated;

    /// <summary>What a course gives a pathway's score but for the level it reaches: the same for every opening, so worked
    /// out once per course.</summary>
    internal static double CourseShareButLevel(double nearness, double soonness, double room) =>
        DistanceWeight * nearness / 2 + TimeWeight * Band(1, soonness) + ScarcityWeight * room / 2;

    /// <summary>What an opening gives a pathway's score, worked out once per opening.</summary>
    internal static double OpeningShare(double nearness, double commitment, double room) =>
        DistanceWeight * nearness / 2 + AgreementWeight * commitment + ScarcityWeight * room / 2;

    /// <summary>A score as shown: to 3 decimals.</summary>
    internal static double Rounded(double score) => Math.Round(score, 3);

    /// <summary>The difference between two neighbouring scores as shown.</summary>
    internal const double Step = 0.001;

    /// <summary>
    /// The highest score a suggestion for a person at <paramref name="level"/> can reach whose course or opening is
    /// still <see cref="Unread"/>: every part but distance at its best (and a hair above, against rounding). A job
    /// (only if some opening may need no more than the person has) can then score <c>0.30 × exp(−km/10) + 0.70</c>,
    /// a course then a job (only if some opening may need more) <c>0.15 × exp(−km/10) + 0.77</c>, a course alone
    /// <c>0.30 × exp(−km/10) + 0.38</c>. Nothing unread (at infinity): −∞.
    /// </summary>
    /// <remarks>The agreement part is 1 only with an agreement that lowers the level an opening needs, to a level the
    /// catalog's agreements accept: for a job one at most the person's (and the level part then halves for every level
    /// below theirs), for a pathway one above it. Without one it is ½ at most (language support alone).</remarks>
    internal static double Ceiling(Unread unread, MatchRequest request)
    {
        var level = request.Level;
        if (double.IsPositiveInfinity(unread.Km))
            return double.NegativeInfinity;
        var (nearness, needs) = (Nearness(unread.Km), unread.Needs);
        var ceiling = new ScoreParts(Distance: nearness, Time: Band(0, 1), Level: 1, Agreement: 0, Scarcity: 1).Total;
        if (level >= needs.Lowest)
        {
            ceiling = Math.Max(ceiling, new ScoreParts(nearness, Band(2, 1), Level: 1, Agreement: 0.5, Scarcity: 1).Total);
            if (needs.HighestAcceptedUpTo(level) is { } accepted)
                ceiling = Math.Max(ceiling, new ScoreParts(nearness, Band(2, 1), Precision(level - accepted), Agreement: 1, Scarcity: 1).Total);
        }
        if (level < needs.Highest)
        {
            var agreement = needs.AcceptsAbove(level) ? 1 : 0.5;
            ceiling = Math.Max(ceiling, new ScoreParts((1 + nearness) / 2, Band(1, 1), Level: 1, agreement, Scarcity: 1).Total);
        }
        return BlendCeiling(ceiling, request.Preferences) + Hair;
    }

    /// <summary>The highest score any suggestion with this opening can reach: its job's score if the person has the level
    /// it effectively needs, else that of a pathway with the best course conceivable (a hair above, against rounding).</summary>
    internal static double Ceiling(in IndexedOpening opening, double km, Agreement? agreement, MatchRequest request)
    {
        var needs = agreement?.MinLevel ?? opening.MinLevel;
        var (nearness, room, commitment) = (Nearness(km), Room(opening.PositionsLeft), Commitment(opening.LanguageSupport, agreement));
        var best = request.Level >= needs
            ? new ScoreParts(nearness, Band(2, Soonness(request.AvailableFrom, opening.StartsOn)), Precision(request.Level - needs), commitment, room).Total
            : OpeningShare(nearness, commitment, room) + BestCourseShare;
        return BlendCeiling(best, request.Preferences) + Hair;
    }

    /// <summary>The highest score any suggestion with this course can reach: alone, or (if some opening may need more than
    /// the person has) before the best opening conceivable, reaching as close to the level it needs as it can (a hair
    /// above, against rounding).</summary>
    internal static double Ceiling(in IndexedCourse course, double? km, MatchRequest request, Needs needs)
    {
        var (nearness, soonness, room) = (Nearness(km), Soonness(request.AvailableFrom, course.StartsOn), Room(course.SeatsFree));
        var best = new ScoreParts(nearness, Band(0, soonness), Precision(request.Level - course.LevelFrom), 0, room).Total;
        if (request.Level < needs.Highest)
        {
            var closest = course.LevelTo < needs.Highest ? 0 : course.LevelTo - needs.Highest.Value;
            var bestOpening = OpeningShare(nearness: 1, commitment: needs.AcceptsAbove(request.Level) ? 1 : 0.5, room: 1);
            best = Math.Max(best, CourseShareButLevel(nearness, soonness, room) + LevelWeight * Precision(closest) + bestOpening);
        }
        return BlendCeiling(best, request.Preferences) + Hair;
    }

    /// <summary>Added to a ceiling so that the rounding of floating-point sums cannot put a score above it.</summary>
    private const double Hair = 1e-9;

    /// <summary>The most a course can give to a pathway's score (<see cref="CourseShare"/>, every part at its best).</summary>
    private static readonly double BestCourseShare = DistanceWeight / 2 + TimeWeight * Band(1, 1) + ScarcityWeight / 2 + LevelWeight;

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

    internal static double Commitment(Opening opening, Agreement? agreement) => Commitment(opening.LanguageSupport, agreement);

    private static double Commitment(bool languageSupport, Agreement? agreement) =>
        (agreement is null ? 0 : 0.5) + (HasLanguageSupport(languageSupport, agreement) ? 0.5 : 0);

    internal static bool HasLanguageSupport(Opening opening, Agreement? agreement) =>
        HasLanguageSupport(opening.LanguageSupport, agreement);

    private static bool HasLanguageSupport(bool languageSupport, Agreement? agreement) =>
        languageSupport || !string.IsNullOrWhiteSpace(agreement?.LanguageSupport);

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

    /// <param name="preference">The preference part, shown only when the person stated preferences.</param>
    public IReadOnlyDictionary<string, double> ByName(double? preference = null)
    {
        var parts = new Dictionary<string, double>
        {
            ["distance"] = Math.Round(Distance, 3),
            ["time"] = Math.Round(Time, 3),
            ["level"] = Math.Round(Level, 3),
            ["agreement"] = Math.Round(Agreement, 3),
            ["scarcity"] = Math.Round(Scarcity, 3),
        };
        if (preference is double value)
            parts["preference"] = Math.Round(value, 3);
        return parts;
    }
}

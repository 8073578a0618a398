using Matching.Vocabulary;

namespace Matching.Engine;

/// <summary>A suggestion before it is written out: what it pairs, and its score.</summary>
/// <param name="Score">Rounded as shown, so that scores that look equal fall back to the visible tie-breaks.</param>
internal readonly record struct Candidate(SuggestionKind Kind, FitCourse? Course, FitOpening? Opening, double Score)
{
    public static Candidate OfJob(FitOpening opening, MatchRequest request) => Of(SuggestionKind.Job, null, opening, request);

    public static Candidate OfCourseThenJob(FitCourse course, FitOpening opening, MatchRequest request) =>
        Of(SuggestionKind.CourseThenJob, course, opening, request);

    public static Candidate OfCourse(FitCourse course, MatchRequest request) => Of(SuggestionKind.Course, course, null, request);

    /// <summary>Best first: higher score, then job before course-then-job before course, then opening id, then course id.</summary>
    public static IComparer<Candidate> BestFirst { get; } = Comparer<Candidate>.Create((x, y) =>
    {
        var order = y.Score.CompareTo(x.Score);
        if (order == 0) order = x.Kind.CompareTo(y.Kind);
        if (order == 0) order = (x.Opening?.Opening.Id ?? Guid.Empty).CompareTo(y.Opening?.Opening.Id ?? Guid.Empty);
        if (order == 0) order = (x.Course?.Course.Id ?? Guid.Empty).CompareTo(y.Course?.Course.Id ?? Guid.Empty);
        return order;
    });

    public Suggestion ToSuggestion(MatchRequest request) => new(
        Kind,
        Score,
        Scoring.Parts(Kind, Course, Opening, request.Level).ByName(Scoring.Preference(Kind, Course, Opening, request.Preferences)),
        Course?.Course,
        Course?.Km,
        Opening?.Opening,
        Opening?.Km,
        Opening?.Agreement,
        Reasons.For(Kind, Course, Opening, request));

    private static Candidate Of(SuggestionKind kind, FitCourse? course, FitOpening? opening, MatchRequest request) =>
        new(kind, course, opening, Scoring.Rounded(Scoring.Score(kind, course, opening, request)));
}

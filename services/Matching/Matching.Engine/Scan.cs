
namespace Matching.Engine;

/// <summary>
/// The same suggestions as <see cref="Matcher"/>, found the plain way: every item looked at, every candidate scored and
/// sorted. Too slow for service, it is the baseline for benchmarks and the oracle the index is tested against.
/// </summary>
public static class Scan
{
    /// <inheritdoc cref="Matcher.Match"/>
    public static MatchResult Match(
        IEnumerable<Course> courses, IEnumerable<Opening> openings, IReadOnlyList<Agreement> agreements,
        MatchRequest request) =>
        new(request.Reference, new Shortlist(request).DrawFrom(Ranking.All(Fitting(courses, openings, agreements, request))).Suggestions());

    /// <inheritdoc cref="Matcher.Candidates"/>
    public static IReadOnlyList<Suggestion> Candidates(
        IEnumerable<Course> courses, IEnumerable<Opening> openings, IReadOnlyList<Agreement> agreements,
        MatchRequest request) =>
        Ranking.All(Fitting(courses, openings, agreements, request)).ConvertAll(candidate => candidate.ToSuggestion(request));

    private static Fits Fitting(
        IEnumerable<Course> courses, IEnumerable<Opening> openings, IReadOnlyList<Agreement> agreements,
        MatchRequest request)
    {
        var fits = new Fits(request);
        foreach (var course in courses)
            fits.Consider(IndexedCourse.Of(course));
        foreach (var opening in openings)
            fits.Consider(IndexedOpening.Of(opening, agreements));
        return fits;
    }
}

using Matching.Vocabulary;

namespace Matching.Engine;

/// <summary>Suggestions for one person, read from the <see cref="Catalog"/>'s index.</summary>
public static class Matcher
{
    /// <summary>The best suggestions, best first: at most <see cref="MatchRequest.Limit"/>, and at most three
    /// per employer and three per course, so that no single one fills the list.</summary>
    public static MatchResult Match(Catalog catalog, MatchRequest request) =>
        new(request.Reference, Best(catalog, request, capped: true, Deadline.None).Suggestions());

    /// <summary>Every suggestion the rules allow, best first, neither limited nor capped (for allocating
    /// a cohort, where seats and positions are shared out afterwards). A broad request may yield very many.</summary>
    public static IReadOnlyList<Suggestion> Candidates(Catalog catalog, MatchRequest request) =>
        Ranking.All(catalog.Fitting(request)).ConvertAll(candidate => candidate.ToSuggestion(request));

    /// <summary>The best <paramref name="max"/> of <see cref="Candidates(Catalog, MatchRequest)"/>, drawn lazily, so a
    /// broad request does not list millions of pathways.</summary>
    public static IReadOnlyList<Suggestion> Candidates(Catalog catalog, MatchRequest request, int max) =>
        Candidates(catalog, request, max, Deadline.None);

    /// <summary>The same, but only as far as the <paramref name="deadline"/> allows: once it has passed, reading stops and
    /// the list stands as last drawn (from what had been read by then; perhaps empty), so it may hold fewer.</summary>
    public static IReadOnlyList<Suggestion> Candidates(Catalog catalog, MatchRequest request, int max, Deadline deadline) =>
        Best(catalog, request with { Limit = max }, capped: false, deadline).Suggestions();

    /// <summary>
    /// The list drawn from what the catalog reads outward from the person, drawn again whenever what it has read has
    /// grown, until nothing unread can change it: the list is full and its last suggestion scores above the
    /// <see cref="Scoring.Ceiling(Unread, MatchRequest)"/> of anything farther away. A broad request in a dense city
    /// then reads the few kilometres around the person, not the thousands of openings within its reach. Once the list
    /// is full, what cannot reach its last score is passed over unkept, as it cannot enter the list; should the list's
    /// last score fall after all (a new candidate can push two out past the caps), it is drawn again from everything.
    /// </summary>
    private static Shortlist Best(Catalog catalog, MatchRequest request, bool capped, Deadline deadline)
    {
        var list = new Shortlist(request, capped);
        if (!Draw(catalog, list, passOver: true, deadline) && !deadline.Passed)
            Draw(catalog, list, passOver: false, deadline);
        return list;
    }

    /// <returns>Whether the list is settled: whether nothing passed over or unread could change it.</returns>
    private static bool Draw(Catalog catalog, Shortlist list, bool passOver, Deadline deadline)
    {
        var (settled, drawnAt) = (false, 0);
        // Drawn again only when that may settle the list (nothing unread may now reach its last score, or there is
        // nothing unread), or when what fits, kept or passed over, has doubled since (to raise the bar). This is asked
        // while the catalog is locked, and is quick; the drawing below is done with the lock let go.
        catalog.Read(list.Request, worthAsking: (fits, unread) =>
            deadline.Passed
            || double.IsPositiveInfinity(unread.Km)
            || list.IsFull && Scoring.Rounded(Math.Max(Scoring.Ceiling(unread, fits.Request), fits.PassedOver)) < list.Bar
            || fits.Weighed >= Math.Max(FirstDraw, drawnAt * 2),
        enough: (fits, unread) =>
        {
            if (deadline.Passed)
                return true;

            var ceiling = Math.Max(Scoring.Ceiling(unread, fits.Request), fits.PassedOver);
            // What scores no more than something passed over cannot settle the list, so only what scores more is drawn;
            // and first only what can reach the bar (the last score of the list drawn before): if that fills the list,
            // it is the list, and the many that score less need not be ranked.
            drawnAt = fits.Weighed;
            var above = Math.Max(fits.PassedOver, fits.Bar - Scoring.Step);
            list.Clear();
            list.DrawFrom(Ranking.BestFirst(fits, list, above));
            if (above > fits.PassedOver && !list.IsFullAbove(above))
            {
                list.Clear();
                list.DrawFrom(Ranking.BestFirst(fits, list, above: fits.PassedOver));
            }
            if (passOver)
                fits.Raise(list.Bar);
            return settled = list.IsSettled(ceiling);
        });
        return settled;
    }

    /// <summary>How much must fit before the list is first drawn.</summary>
    private const int FirstDraw = 32;
}

namespace Matching.Engine;

/// <summary>Suggestions for one person, read from the <see cref="Catalog"/>'s index.</summary>
public static class Matcher
{
    /// <summary>The best suggestions, best first: at most <see cref="MatchRequest.Limit"/>, and at most three
    /// per employer and three per course, so that no single one fills the list.</summary>
    public static MatchResult Match(Catalog catalog, MatchRequest request)
    {
        var fits = catalog.Fitting(request);
        var list = new Shortlist(request);
        return new MatchResult(request.Reference, list.DrawFrom(Ranking.BestFirst(fits, list)));
    }

    /// <summary>Every suggestion the rules allow, best first, neither limited nor capped (for allocating
    /// a cohort, where seats and positions are shared out afterwards). A broad request may yield very many.</summary>
    public static IReadOnlyList<Suggestion> Candidates(Catalog catalog, MatchRequest request) =>
        Ranking.All(catalog.Fitting(request)).ConvertAll(candidate => candidate.ToSuggestion(request));

    /// <summary>The best <paramref name="max"/> of <see cref="Candidates(Catalog, MatchRequest)"/>, drawn lazily, so a
    /// broad request does not list millions of pathways.</summary>
    public static IReadOnlyList<Suggestion> Candidates(Catalog catalog, MatchRequest request, int max)
    {
        var fits = catalog.Fitting(request);
        var list = new Shortlist(request with { Limit = max }, capped: false);
        return list.DrawFrom(Ranking.BestFirst(fits, list));
    }
}

using System.Text.Json;

namespace Matching.Engine.Tests;

/// <summary>Courses, openings and agreements to match against. Every match runs through both the index
/// and the scan, and fails unless the two answer alike.</summary>
internal sealed class World
{
    public List<Course> Courses { get; } = [];
    public List<Opening> Openings { get; } = [];
    public List<Agreement> Agreements { get; } = [];

    public World(params object[] items)
    {
        foreach (var item in items)
            Add(item);
    }

    public World Add(object item)
    {
        switch (item)
        {
            case Course course:
                Courses.Add(course);
                break;
            case Opening opening:
                Openings.Add(opening);
                break;
            case Agreement agreement:
                Agreements.Add(agreement);
                break;
            default:
                throw new ArgumentException($"Not a course, opening or agreement: {item}");
        }
        return this;
    }

    public IReadOnlyList<Suggestion> Match(MatchRequest? request = null)
    {
        request ??= Given.Person();
        using var catalog = Catalog();
        var indexed = Matcher.Match(catalog, request);
        Assert.Equal(Json(Scan.Match(Courses, Openings, Agreements, request)), Json(indexed));
        return indexed.Suggestions;
    }

    public IReadOnlyList<Suggestion> Candidates(MatchRequest? request = null)
    {
        request ??= Given.Person();
        using var catalog = Catalog();
        var indexed = Matcher.Candidates(catalog, request);
        Assert.Equal(Json(Scan.Candidates(Courses, Openings, Agreements, request)), Json(indexed));
        return indexed;
    }

    /// <summary>Fails unless <paramref name="catalog"/> — kept beside this world, change by change — answers as a scan of the
    /// world does: the list, and the first <paramref name="candidates"/> candidates.</summary>
    public void AssertIndexedAlike(Catalog catalog, MatchRequest request, int candidates)
    {
        Assert.Equal(Json(Scan.Match(Courses, Openings, Agreements, request).Suggestions), Json(Matcher.Match(catalog, request).Suggestions));
        Assert.Equal(Json(Scan.Candidates(Courses, Openings, Agreements, request).Take(candidates)), Json(Matcher.Candidates(catalog, request, candidates)));
    }

    public Catalog Catalog()
    {
        var catalog = new Catalog();
        Courses.ForEach(course => catalog.Apply(course));
        Openings.ForEach(opening => catalog.Apply(opening));
        Agreements.ForEach(agreement => catalog.Apply(agreement));
        return catalog;
    }

    public static string Json<T>(T value) => JsonSerializer.Serialize(value);
}

internal static class SuggestionsExtensions
{
    public static bool Suggest(this IReadOnlyList<Suggestion> suggestions, Course course) =>
        suggestions.Any(s => s.Kind == SuggestionKind.Course && s.Course!.Id == course.Id);

    public static bool Suggest(this IReadOnlyList<Suggestion> suggestions, Opening job) =>
        suggestions.Any(s => s.Kind == SuggestionKind.Job && s.Opening!.Id == job.Id);

    public static bool Suggest(this IReadOnlyList<Suggestion> suggestions, Course course, Opening job) =>
        suggestions.Any(s => s.Kind == SuggestionKind.CourseThenJob && s.Course!.Id == course.Id && s.Opening!.Id == job.Id);

    public static Suggestion Of(this IReadOnlyList<Suggestion> suggestions, SuggestionKind kind) =>
        Assert.Single(suggestions, s => s.Kind == kind);
}

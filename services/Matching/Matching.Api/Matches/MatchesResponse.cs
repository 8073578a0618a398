using System.Text.Json.Serialization;
using Matching.Engine;
using Matching.Vocabulary;

namespace Matching.Api.Matches;

/// <summary>The answer to <c>POST /matches</c>: the person's suggestions, best first.</summary>
public sealed record MatchesResponse(string Reference, IReadOnlyList<SuggestionResponse> Suggestions)
{
    public static MatchesResponse From(MatchResult result) =>
        new(result.Reference, result.Suggestions.Select(SuggestionResponse.From).ToList());
}

/// <summary>What a suggestion asks of the person, as the answer writes it.</summary>
public enum SuggestionKind
{
    /// <summary>Start at the opening directly.</summary>
    [JsonStringEnumMemberName("job")] Job,

    /// <summary>Take the course, then start at the opening.</summary>
    [JsonStringEnumMemberName("course-then-job")] CourseThenJob,

    /// <summary>Take the course.</summary>
    [JsonStringEnumMemberName("course")] Course,
}

/// <summary>One suggestion for a person.</summary>
/// <param name="Score">In [0, 1], rounded to 3 decimals: the weighted sum of <paramref name="ScoreParts"/>
/// (see <see cref="Scoring"/> for the parts and their weights).</param>
/// <param name="ScoreParts">Each part by name (distance, time, level, agreement, scarcity), in [0, 1].</param>
/// <param name="Agreement">The employer's agreement that lowers the level the opening needs, if one does.</param>
/// <param name="Reasons">Why the suggestion was made, in plain English.</param>
public sealed record SuggestionResponse(
    SuggestionKind Kind,
    double Score,
    IReadOnlyDictionary<string, double> ScoreParts,
    CourseResponse? Course,
    OpeningResponse? Opening,
    AgreementResponse? Agreement,
    IReadOnlyList<string> Reasons)
{
    public static SuggestionResponse From(Suggestion suggestion) => new(
        KindOf(suggestion.Kind),
        suggestion.Score,
        suggestion.ScoreParts,
        suggestion.Course is { } course ? CourseResponse.From(course, suggestion.CourseKm) : null,
        suggestion is { Opening: { } opening, OpeningKm: { } openingKm } ? OpeningResponse.From(opening, openingKm) : null,
        suggestion.Agreement is { } agreement ? AgreementResponse.From(agreement) : null,
        suggestion.Reasons);

    private static SuggestionKind KindOf(Engine.SuggestionKind kind) => kind switch
    {
        Engine.SuggestionKind.Job => SuggestionKind.Job,
        Engine.SuggestionKind.CourseThenJob => SuggestionKind.CourseThenJob,
        Engine.SuggestionKind.Course => SuggestionKind.Course,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a kind of suggestion"),
    };
}

/// <param name="DistanceKm">From the person, rounded to 0.1 km; null for an online course.</param>
public sealed record CourseResponse(
    Guid Id,
    string Title,
    CourseKind Kind,
    string ProviderId,
    Level LevelFrom,
    Level LevelTo,
    DateOnly StartsOn,
    DateOnly EndsOn,
    double? DistanceKm,
    int SeatsFree,
    Schedule Schedule,
    bool Online,
    bool Childcare)
{
    public static CourseResponse From(Course course, double? km) => new(
        course.Id, course.Title, course.Kind, course.ProviderId, course.LevelFrom, course.LevelTo, course.StartsOn, course.EndsOn,
        km is double distance ? Math.Round(distance, 1) : null,
        course.SeatsFree, course.Schedule, course.Online, course.Childcare);
}

/// <param name="DistanceKm">From the person, rounded to 0.1 km.</param>
public sealed record OpeningResponse(
    Guid Id,
    string Title,
    string EmployerId,
    string Occupation,
    Level MinLevel,
    DateOnly StartsOn,
    double DistanceKm,
    int PositionsLeft,
    bool LanguageSupport)
{
    public static OpeningResponse From(Opening opening, double km) => new(
        opening.Id, opening.Title, opening.EmployerId, opening.Occupation, opening.MinLevel, opening.StartsOn,
        Math.Round(km, 1), opening.PositionsLeft, opening.LanguageSupport);
}

public sealed record AgreementResponse(Guid Id, Level MinLevel, int QuotaLeft, string? LanguageSupport)
{
    public static AgreementResponse From(Agreement agreement) =>
        new(agreement.Id, agreement.MinLevel, agreement.QuotaLeft, agreement.LanguageSupport);
}

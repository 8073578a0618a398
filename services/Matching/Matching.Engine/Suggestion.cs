using System.Text.Json.Serialization;
using Matching.Vocabulary;

namespace Matching.Engine;

/// <summary>The answer to a <see cref="MatchRequest"/>: suggestions, best first.</summary>
public sealed record MatchResult(string Reference, IReadOnlyList<Suggestion> Suggestions);

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
public sealed record Suggestion(
    SuggestionKind Kind,
    double Score,
    IReadOnlyDictionary<string, double> ScoreParts,
    CourseView? Course,
    OpeningView? Opening,
    AgreementView? Agreement,
    IReadOnlyList<string> Reasons);

/// <param name="DistanceKm">From the person, rounded to 0.1 km; null for an online course.</param>
public sealed record CourseView(
    Guid Id,
    string Title,
    string ProviderId,
    Level LevelFrom,
    Level LevelTo,
    DateOnly StartsOn,
    DateOnly EndsOn,
    double? DistanceKm,
    int SeatsFree,
    Schedule Schedule,
    bool Online,
    bool Childcare);

/// <param name="DistanceKm">From the person, rounded to 0.1 km.</param>
public sealed record OpeningView(
    Guid Id,
    string Title,
    string EmployerId,
    string Occupation,
    Level MinLevel,
    DateOnly StartsOn,
    double DistanceKm,
    int PositionsLeft,
    bool LanguageSupport);

public sealed record AgreementView(Guid Id, Level MinLevel, int QuotaLeft, string? LanguageSupport);

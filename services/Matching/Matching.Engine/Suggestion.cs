namespace Matching.Engine;

/// <summary>The answer to a <see cref="MatchRequest"/>: suggestions, best first.</summary>
public sealed record MatchResult(string Reference, IReadOnlyList<Suggestion> Suggestions);

public enum SuggestionKind
{
    /// <summary>Start at the opening directly.</summary>
    Job,

    /// <summary>Take the course, then start at the opening.</summary>
    CourseThenJob,

    /// <summary>Take the course.</summary>
    Course,
}

/// <summary>One suggestion for a person: the course, the opening or both, as the catalog held them when it was made.</summary>
/// <param name="Score">In [0, 1], rounded to 3 decimals: the weighted sum of <paramref name="ScoreParts"/>
/// (see <see cref="Scoring"/> for the parts and their weights).</param>
/// <param name="ScoreParts">Each part by name (distance, time, level, agreement, scarcity), in [0, 1], rounded to 3 decimals.</param>
/// <param name="CourseKm">How far the course is from the person; null for an online course.</param>
/// <param name="OpeningKm">How far the opening is from the person.</param>
/// <param name="Agreement">The employer's agreement that lowers the level the opening needs, if one does.</param>
/// <param name="Reasons">Why the suggestion was made, in plain English.</param>
public sealed record Suggestion(
    SuggestionKind Kind,
    double Score,
    IReadOnlyDictionary<string, double> ScoreParts,
    Course? Course,
    double? CourseKm,
    Opening? Opening,
    double? OpeningKm,
    Agreement? Agreement,
    IReadOnlyList<string> Reasons);

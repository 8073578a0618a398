using Matching.Vocabulary;

namespace Matching.Engine;

/// <summary>What a person would rather do first: start work, or learn German.</summary>
public enum Pursuit
{
    Job,
    Course,
}

/// <summary>What the person wants, beside what fits (the hard rules): it moves the score, never what is suggested.</summary>
/// <param name="Occupations">ISCO-08 prefixes, the most wanted first.</param>
/// <param name="First">A job now, or a course first.</param>
/// <param name="Schedules">The course times the person would prefer (beside the hard <see cref="MatchRequest.Schedules"/>).</param>
public sealed record Preferences(IReadOnlyList<string> Occupations, Pursuit? First, IReadOnlyCollection<Schedule> Schedules)
{
    public static readonly Preferences None = new([], null, []);

    /// <summary>How many kinds of preference the person stated (0 to 3): the preference part is their mean.</summary>
    public int Stated { get; } = (Occupations.Count > 0 ? 1 : 0) + (First is null ? 0 : 1) + (Schedules.Count > 0 ? 1 : 0);

    /// <summary>How well an occupation meets the ranked wishes: 1 for the first, falling evenly, 0 for none of them.</summary>
    public double OccupationFit(string occupation) =>
        OccupationRank(occupation) is int rank ? 1 - (double)(rank - 1) / Occupations.Count : 0;

    /// <summary>The rank (1 = first) of the wish an occupation meets, if any.</summary>
    public int? OccupationRank(string occupation)
    {
        for (var i = 0; i < Occupations.Count; i++)
            if (occupation.StartsWith(Occupations[i], StringComparison.Ordinal))
                return i + 1;
        return null;
    }

    /// <summary>How well a kind of suggestion meets <see cref="First"/>: a job now is a job (1), a pathway (½), not a
    /// course alone (0); a course first is a course alone or a pathway (1), not a job (0).</summary>
    public double PursuitFit(SuggestionKind kind) => First switch
    {
        Pursuit.Job => kind switch { SuggestionKind.Job => 1, SuggestionKind.CourseThenJob => 0.5, _ => 0 },
        Pursuit.Course => kind == SuggestionKind.Job ? 0 : 1,
        _ => 0,
    };
}

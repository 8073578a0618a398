namespace Matching.Engine;

/// <summary>Shares seats, positions and agreement quota out over a cohort of people (see <see cref="Allocator"/>).</summary>
public static class Cohort
{
    /// <param name="candidates">For each person, every suggestion the rules allow (<see cref="Matcher.Candidates"/>), best first.</param>
    /// <param name="timeLimit">How long the solver may think.</param>
    /// <param name="clock">Measures the time taken against <paramref name="timeLimit"/>.</param>
    public static Allocation<Suggestion> Allocate(IReadOnlyList<IReadOnlyList<Suggestion>> candidates, TimeSpan timeLimit, TimeProvider clock) =>
        Allocator.Allocate(
            candidates.Select(IReadOnlyList<Choice<Suggestion>> (suggestions) => suggestions.Select(Choice).ToList()).ToList(),
            timeLimit,
            clock);

    // A pathway uses a seat and a position; an agreement, one unit of its quota.
    private static Choice<Suggestion> Choice(Suggestion suggestion)
    {
        var needs = new List<Need>(3);
        if (suggestion.Course is { } course) needs.Add(new Need(course.Id, course.SeatsFree));
        if (suggestion.Opening is { } opening) needs.Add(new Need(opening.Id, opening.PositionsLeft));
        if (suggestion.Agreement is { } agreement) needs.Add(new Need(agreement.Id, agreement.QuotaLeft));
        return new Choice<Suggestion>(suggestion, suggestion.Score, needs);
    }
}

namespace Matching.Engine;

/// <summary>Shares seats, positions and agreement quota out over a cohort of people (see <see cref="Allocator"/>).</summary>
public static class Cohort
{
    /// <summary>
    /// Draws each person's best candidates from the catalog, in the cohort's order, then shares them out; the deadline
    /// bounds both. Once it has passed, the people not yet drawn are given nothing, what was drawn is shared out first come,
    /// first served (or better, as far as the solver got), and the allocation is not <see cref="Allocation{T}.Optimal"/>:
    /// its bound then assumes the best for everyone not drawn in full.
    /// </summary>
    /// <param name="maxCandidatesPerPerson">How many of each person's best suggestions the optimiser considers.</param>
    public static Allocation<Suggestion> Allocate(Catalog catalog, IReadOnlyList<MatchRequest> people, int maxCandidatesPerPerson, Deadline deadline)
    {
        var candidates = new List<IReadOnlyList<Suggestion>>(people.Count);
        var drawn = 0;
        foreach (var person in people)
        {
            if (deadline.Passed)
            {
                candidates.Add([]);
                continue;
            }

            candidates.Add(Matcher.Candidates(catalog, person, maxCandidatesPerPerson, deadline));
            if (!deadline.Passed)
                drawn++;
        }

        var allocation = Allocate(candidates, deadline);
        if (drawn == people.Count)
            return allocation;

        // No one can add more than a placement and a score of 1: (people + 1) + 1.
        var unknown = (people.Count - drawn) * (people.Count + 2.0);
        return allocation with { Bound = allocation.Bound + unknown, Optimal = false };
    }

    /// <param name="candidates">For each person, every suggestion the rules allow (<see cref="Matcher.Candidates"/>), best first.</param>
    /// <param name="timeLimit">How long the solver may think.</param>
    /// <param name="clock">Measures the time taken against <paramref name="timeLimit"/>.</param>
    public static Allocation<Suggestion> Allocate(IReadOnlyList<IReadOnlyList<Suggestion>> candidates, TimeSpan timeLimit, TimeProvider clock) =>
        Allocate(candidates, new Deadline(timeLimit, clock));

    /// <param name="candidates">For each person, every suggestion the rules allow (<see cref="Matcher.Candidates"/>), best first.</param>
    /// <param name="deadline">When the solver must stop.</param>
    public static Allocation<Suggestion> Allocate(IReadOnlyList<IReadOnlyList<Suggestion>> candidates, Deadline deadline) =>
        Allocator.Allocate(
            candidates.Select(IReadOnlyList<Choice<Suggestion>> (suggestions) => suggestions.Select(Choice).ToList()).ToList(),
            deadline);

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

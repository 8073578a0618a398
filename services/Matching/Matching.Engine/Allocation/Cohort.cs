using Matching.Vocabulary;

namespace Matching.Engine;

/// <summary>A person in a cohort: what fits them, the suggestions they ranked (first choice first), and since when they
/// have been waiting for a course.</summary>
public sealed record Applicant(MatchRequest Request, IReadOnlyList<Pick> Choices, DateOnly? WaitingSince = null);

/// <summary>A suggestion as a person names it among their choices: by the course and the opening it uses (a course alone
/// has no opening, a job no course).</summary>
public readonly record struct Pick(Guid? CourseId, Guid? OpeningId)
{
    public bool Names(Suggestion suggestion) => suggestion.Course?.Id == CourseId && suggestion.Opening?.Id == OpeningId;
}

/// <summary>A person left without an integration-course seat they ranked above what they were given, while someone who
/// comes after them holds a seat of it.</summary>
/// <param name="Person">The index of the person who comes first.</param>
/// <param name="HeldBy">The index of the person who holds the seat.</param>
public sealed record BlockingPair(int Person, int HeldBy, Guid CourseId);

/// <summary>How an allocation meets people's choices.</summary>
/// <param name="ByChoice">How many got their first, second, … choice.</param>
/// <param name="OutsideChoices">How many who ranked choices were placed on something they did not rank.</param>
public sealed record ChoicesMet(IReadOnlyList<int> ByChoice, int OutsideChoices, IReadOnlyList<BlockingPair> BlockingPairs);

/// <summary>The allocation, and how it and the greedy baseline meet people's choices and priority.</summary>
public sealed record CohortAllocation(Allocation<Suggestion> Allocation, ChoicesMet Choices, ChoicesMet GreedyChoices);

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
    public static Allocation<Suggestion> Allocate(Catalog catalog, IReadOnlyList<MatchRequest> people, int maxCandidatesPerPerson, Deadline deadline) =>
        Allocate(catalog, people.Select(person => new Applicant(person, [])).ToList(), maxCandidatesPerPerson, deadline, strictPriority: false)
            .Allocation;

    /// <summary>
    /// The same for people who ranked choices and wait for integration-course seats: rank-maximal (as many placed as
    /// possible, then as many on their first choice, then their second, …, then the score). People obliged to attend, and
    /// among equals those waiting longest, come first for integration-course seats; <paramref name="strictPriority"/>
    /// allows no blocking pair, otherwise the blocking pairs are only reported.
    /// </summary>
    public static CohortAllocation Allocate(
        Catalog catalog, IReadOnlyList<Applicant> applicants, int maxCandidatesPerPerson, Deadline deadline, bool strictPriority)
    {
        var candidates = new List<IReadOnlyList<Suggestion>>(applicants.Count);
        var drawn = 0;
        foreach (var applicant in applicants)
        {
            if (deadline.Passed)
            {
                candidates.Add([]);
                continue;
            }

            candidates.Add(WithChoices(catalog, applicant, Matcher.Candidates(catalog, applicant.Request, maxCandidatesPerPerson, deadline), deadline));
            if (!deadline.Passed)
                drawn++;
        }

        var order = PriorityOrder(applicants);
        var contested = candidates.SelectMany(list => list)
            .Where(suggestion => suggestion.Course is { Kind: CourseKind.Integration or CourseKind.Literacy })
            .Select(suggestion => suggestion.Course!.Id).ToHashSet();
        var choices = candidates.Select(IReadOnlyList<Choice<Suggestion>> (list, person) =>
            list.Select(suggestion => Choice(suggestion, RankOf(applicants[person], suggestion))).ToList()).ToList();
        var allocation = Allocator.Allocate(choices, deadline, new Priority(order, contested, strictPriority));
        if (drawn < applicants.Count)
        {
            // No one can add more than a placement and a score of 1: (people + 1) + 1.
            var unknown = (applicants.Count - drawn) * (applicants.Count + 2.0);
            allocation = allocation with { Bound = allocation.Bound + unknown, Optimal = false, RankMaximal = false };
        }

        return new CohortAllocation(
            allocation,
            Met(applicants, allocation.Assignments, order, contested),
            Met(applicants, allocation.Greedy.Assignments, order, contested));
    }

    /// <summary>The person's candidates, with any of their choices that ranks below the candidates drawn added.</summary>
    private static IReadOnlyList<Suggestion> WithChoices(Catalog catalog, Applicant applicant, IReadOnlyList<Suggestion> candidates, Deadline deadline)
    {
        if (applicant.Choices.All(pick => candidates.Any(pick.Names)))
            return candidates;
        var wider = Matcher.Candidates(catalog, applicant.Request, WhyNot.RankedAtMost, deadline);
        var missing = applicant.Choices.Where(pick => !candidates.Any(pick.Names))
            .Select(pick => wider.FirstOrDefault(pick.Names)).OfType<Suggestion>();
        return [.. candidates, .. missing];
    }

    private static int? RankOf(Applicant applicant, Suggestion suggestion)
    {
        for (var i = 0; i < applicant.Choices.Count; i++)
            if (applicant.Choices[i].Names(suggestion)) return i + 1;
        return null;
    }

    /// <summary>People obliged to attend first, then those waiting longest (unknown: last); equals share an order.</summary>
    private static int[] PriorityOrder(IReadOnlyList<Applicant> applicants)
    {
        var keys = applicants.Select(applicant => (
            Obliged: applicant.Request.Admission.IntegrationCourse == IntegrationCourseStatus.Obliged ? 0 : 1,
            Waiting: applicant.WaitingSince ?? DateOnly.MaxValue)).ToList();
        var distinct = keys.Distinct().Order().ToList();
        return keys.Select(key => distinct.BinarySearch(key)).ToArray();
    }

    private static ChoicesMet Met(IReadOnlyList<Applicant> applicants, IReadOnlyList<Suggestion?> given, int[] order, HashSet<Guid> contested)
    {
        var ranks = applicants.Select(applicant => applicant.Choices.Count).DefaultIfEmpty(0).Max();
        var byChoice = new int[ranks];
        var outside = 0;
        var rankGiven = new int[applicants.Count];
        for (var person = 0; person < applicants.Count; person++)
        {
            rankGiven[person] = given[person] is { } suggestion ? RankOf(applicants[person], suggestion) ?? int.MaxValue : int.MaxValue;
            if (rankGiven[person] != int.MaxValue) byChoice[rankGiven[person] - 1]++;
            else if (given[person] is not null && applicants[person].Choices.Count > 0) outside++;
        }

        var holders = new Dictionary<Guid, List<int>>();
        for (var person = 0; person < applicants.Count; person++)
            if (given[person]?.Course is { } course && contested.Contains(course.Id))
                (holders.TryGetValue(course.Id, out var list) ? list : holders[course.Id] = []).Add(person);

        var blocking = new List<BlockingPair>();
        for (var person = 0; person < applicants.Count; person++)
        {
            var seen = new HashSet<Guid>();
            for (var rank = 1; rank <= applicants[person].Choices.Count && rank < rankGiven[person]; rank++)
            {
                if (applicants[person].Choices[rank - 1].CourseId is not { } course || !seen.Add(course)
                    || !holders.TryGetValue(course, out var heldBy)) continue;
                blocking.AddRange(heldBy.Where(other => order[other] > order[person]).Select(other => new BlockingPair(person, other, course)));
            }
        }
        return new ChoicesMet(byChoice, outside, blocking);
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
            candidates.Select(IReadOnlyList<Choice<Suggestion>> (suggestions) => suggestions.Select(suggestion => Choice(suggestion, rank: null)).ToList()).ToList(),
            deadline);

    // A pathway uses a seat and a position; an agreement, one unit of its quota.
    private static Choice<Suggestion> Choice(Suggestion suggestion, int? rank)
    {
        var needs = new List<Need>(3);
        if (suggestion.Course is { } course) needs.Add(new Need(course.Id, course.SeatsFree));
        if (suggestion.Opening is { } opening) needs.Add(new Need(opening.Id, opening.PositionsLeft));
        if (suggestion.Agreement is { } agreement) needs.Add(new Need(agreement.Id, agreement.QuotaLeft));
        return new Choice<Suggestion>(suggestion, suggestion.Score, needs, rank);
    }
}

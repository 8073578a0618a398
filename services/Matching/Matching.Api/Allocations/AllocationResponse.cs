using Matching.Api.Matches;
using Matching.Engine;

namespace Matching.Api.Allocations;

/// <summary>The answer to <c>POST /allocations</c>: what each person is given, and how good the whole is.</summary>
/// <param name="Objective">(people + 1) · placed + Σ score: a placement outweighs any score total.</param>
/// <param name="Bound">Proven upper bound on <paramref name="Objective"/>; equal to it when <paramref name="Optimal"/> and no
/// one ranked choices (with choices, the allocation is rank-maximal instead, which may score less).</param>
/// <param name="Optimal">False when the time limit ran out: before the optimiser proved its answer best, or before every
/// person's suggestions were drawn (those not reached are then given nothing).</param>
/// <param name="RankMaximal">Proven to place as many people as can be placed and, placing as many, to give as many as
/// possible their first choice, then their second, …: true often before <paramref name="Optimal"/>, when only the score
/// was left to improve as the time ran out.</param>
/// <param name="Choices">How the allocation meets people's ranked choices and their priority for integration-course seats.</param>
/// <param name="Greedy">First come, best (or first-ranked) suggestion first: what the cohort would get without optimising.</param>
public sealed record AllocationResponse(
    IReadOnlyList<AssignmentResponse> Assignments, int Placed, double Objective, double Bound, bool Optimal, bool RankMaximal, CohortPriority Priority,
    ChoicesResponse Choices, AllocationSummaryResponse Greedy)
{
    /// <param name="references">The people's references, in the order of the allocation's assignments.</param>
    public static AllocationResponse From(IReadOnlyList<string> references, CohortAllocation cohort, CohortPriority priority)
    {
        var allocation = cohort.Allocation;
        return new(
            references.Select((reference, i) => new AssignmentResponse(
                reference, allocation.Assignments[i] is { } suggestion ? SuggestionResponse.From(suggestion) : null)).ToList(),
            allocation.Placed,
            allocation.Objective,
            allocation.Bound,
            allocation.Optimal,
            allocation.RankMaximal,
            priority,
            ChoicesResponse.From(references, cohort.Choices),
            new AllocationSummaryResponse(allocation.Greedy.Placed, allocation.Greedy.Objective, ChoicesResponse.From(references, cohort.GreedyChoices)));
    }
}

/// <param name="Suggestion">What the person is given; null when nothing is left for them.</param>
public sealed record AssignmentResponse(string Reference, SuggestionResponse? Suggestion);

public sealed record AllocationSummaryResponse(int Placed, double Objective, ChoicesResponse Choices);

/// <param name="ByChoice">How many got their first, second, … choice.</param>
/// <param name="OutsideChoices">How many who ranked choices were placed on something they had not ranked.</param>
/// <param name="BlockingPairs">People left without an integration-course seat they ranked above what they got, while someone
/// who comes after them (not obliged to attend where they are, or waiting less long) holds a seat of it.</param>
public sealed record ChoicesResponse(IReadOnlyList<int> ByChoice, int OutsideChoices, IReadOnlyList<BlockingPairResponse> BlockingPairs)
{
    public static ChoicesResponse From(IReadOnlyList<string> references, ChoicesMet met) => new(
        met.ByChoice,
        met.OutsideChoices,
        met.BlockingPairs.Select(pair => new BlockingPairResponse(references[pair.Person], references[pair.HeldBy], pair.CourseId)).ToList());
}

/// <param name="Reference">The person who comes first and was left without the seat.</param>
/// <param name="HeldBy">The person who holds it.</param>
public sealed record BlockingPairResponse(string Reference, string HeldBy, Guid CourseId);

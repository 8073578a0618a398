using Matching.Api.Matches;
using Matching.Engine;

namespace Matching.Api.Allocations;

/// <summary>The answer to <c>POST /allocations</c>: what each person is given, and how good the whole is.</summary>
/// <param name="Objective">(people + 1) · placed + Σ score: a placement outweighs any score total.</param>
/// <param name="Bound">Proven upper bound on <paramref name="Objective"/>; equal to it when <paramref name="Optimal"/>.</param>
/// <param name="Optimal">False when the time limit ran out: before the optimiser proved its answer best, or before every
/// person's suggestions were drawn (those not reached are then given nothing).</param>
/// <param name="Greedy">First come, best suggestion first: what the cohort would get without optimising.</param>
public sealed record AllocationResponse(
    IReadOnlyList<AssignmentResponse> Assignments, int Placed, double Objective, double Bound, bool Optimal, AllocationSummaryResponse Greedy)
{
    /// <param name="references">The people's references, in the order of the allocation's assignments.</param>
    public static AllocationResponse From(IReadOnlyList<string> references, Allocation<Suggestion> allocation) => new(
        references.Select((reference, i) => new AssignmentResponse(
            reference, allocation.Assignments[i] is { } suggestion ? SuggestionResponse.From(suggestion) : null)).ToList(),
        allocation.Placed,
        allocation.Objective,
        allocation.Bound,
        allocation.Optimal,
        new AllocationSummaryResponse(allocation.Greedy.Placed, allocation.Greedy.Objective));
}

/// <param name="Suggestion">What the person is given; null when nothing is left for them.</param>
public sealed record AssignmentResponse(string Reference, SuggestionResponse? Suggestion);

public sealed record AllocationSummaryResponse(int Placed, double Objective);

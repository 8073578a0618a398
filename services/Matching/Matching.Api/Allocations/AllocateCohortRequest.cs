using Matching.Api.Matches;

namespace Matching.Api.Allocations;

/// <summary>A cohort to place at once: one match request per person (at most <see cref="AllocationsApi.MaxPeople"/>), and how
/// long the whole request may take, waiting for a turn included (default 10 s, at most 60 s).</summary>
public sealed record AllocateCohortRequest(FindMatchesRequest[]? People, double? TimeLimitSeconds);

using Matching.Api.Matches;

namespace Matching.Api.Allocations;

/// <summary>A cohort to place at once: one match request per person, and how long the optimiser may think.</summary>
public sealed record AllocateCohortRequest(FindMatchesRequest[]? People, double? TimeLimitSeconds);

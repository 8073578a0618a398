namespace Matching.Contracts;

// Erasure: a caseworker erases a person (DELETE /people/{reference}), or the retention sweep erases placements that ended
// long enough ago. The Matching service erases its own rows, then asks every service to erase what it holds of those
// placements, and records each service's answer. The messages carry placement ids only — never the pseudonym, which
// stays in the Matching service until it is erased there, and so never reaches the bus, an outbox or another database.

/// <summary>Erase what the service holds of these placements; answered with <see cref="PlacementsErased"/>. The same erasure twice is answered twice and changes nothing.</summary>
public sealed record ErasePlacements(Guid ErasureId, IReadOnlyList<Guid> PlacementIds);

/// <summary><c>Service</c> (<c>courses</c>, <c>employers</c>) holds nothing of the erasure's placements that could name a person.</summary>
/// <param name="Reservations">How many of the placements it holds a reservation of, by placement id alone (kept: a held seat or position is still in use).</param>
public sealed record PlacementsErased(Guid ErasureId, string Service, int Reservations);

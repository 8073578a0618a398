using Matching.Vocabulary;

namespace Matching.Engine;

/// <summary>A job opening as the engine matches it: its occupation (an ISCO-08 code), where, from when, the level it
/// needs and the positions it has left.</summary>
/// <param name="Version">Only a newer version replaces the one the <see cref="Catalog"/> holds.</param>
public sealed record Opening(
    Guid Id,
    long Version,
    string EmployerId,
    string Title,
    string Occupation,
    GeoPoint At,
    Level MinLevel,
    int PositionsLeft,
    DateOnly StartsOn,
    bool LanguageSupport,
    bool Closed);

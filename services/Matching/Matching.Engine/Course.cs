using Matching.Vocabulary;

namespace Matching.Engine;

/// <summary>A course as the engine matches it: whom it takes, where and when it runs, and the seats it has free.</summary>
/// <param name="Version">Only a newer version replaces the one the <see cref="Catalog"/> holds.</param>
/// <param name="Kind">Whom the regulations admit (<see cref="AdmissionRules"/>).</param>
/// <param name="At">Where it takes place; null for an online course without a place.</param>
public sealed record Course(
    Guid Id,
    long Version,
    string ProviderId,
    string Title,
    CourseKind Kind,
    Level LevelFrom,
    Level LevelTo,
    GeoPoint? At,
    bool Online,
    DateOnly StartsOn,
    DateOnly EndsOn,
    Schedule Schedule,
    bool Childcare,
    int SeatsFree,
    bool Withdrawn);

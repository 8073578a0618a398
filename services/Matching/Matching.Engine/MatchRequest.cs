using Matching.Vocabulary;

namespace Matching.Engine;

/// <summary>What a caseworker asks for one person. Empty <paramref name="Schedules"/> or
/// <paramref name="Occupations"/> mean "any"; occupations are ISCO-08 prefixes.</summary>
public sealed record MatchRequest(
    string Reference,
    Level Level,
    GeoPoint Location,
    double MaxDistanceKm,
    DateOnly AvailableFrom,
    IReadOnlyCollection<Schedule> Schedules,
    bool NeedsChildcare,
    IReadOnlyCollection<string> Occupations,
    int Limit,
    Admission? Admission = null,
    Preferences? Preferences = null)
{
    /// <summary>What the person wants beside what fits; none unless given.</summary>
    public Preferences Preferences { get; init; } = Preferences ?? Preferences.None;

    /// <summary>What is known of whom the course regulations admit the person to; unknown unless given.</summary>
    public Admission Admission { get; init; } = Admission ?? Admission.Unknown;
}

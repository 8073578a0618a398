using Matching.Vocabulary;

namespace Matching.Contracts;

/// <summary>A job opening as its employer posted it.</summary>
public sealed record OpeningState(
    Guid Id,
    long Version,
    string EmployerId,
    string Title,
    string Occupation,
    double Lat,
    double Lon,
    Level MinLevel,
    int Positions,
    int PositionsLeft,
    DateOnly StartsOn,
    int HoursPerWeek,
    bool LanguageSupport,
    bool Closed);

public sealed record OpeningPosted(OpeningState Opening);

public sealed record OpeningPositionsChanged(OpeningState Opening);

public sealed record OpeningClosed(OpeningState Opening);

/// <summary>An employer's agreement with the city: up to <c>Quota</c> hires into <c>Occupations</c> (ISCO-08 prefixes; empty = all) at <c>MinLevel</c>,
/// signed for the city by the coordinator <c>SignedBy</c> (null for agreements signed before it was recorded).</summary>
public sealed record AgreementState(
    Guid Id,
    long Version,
    string EmployerId,
    IReadOnlyList<string> Occupations,
    Level MinLevel,
    int Quota,
    int QuotaLeft,
    DateOnly ValidFrom,
    DateOnly ValidTo,
    string? LanguageSupport,
    Actor? SignedBy = null);

public sealed record AgreementSigned(AgreementState Agreement);

public sealed record AgreementQuotaChanged(AgreementState Agreement);

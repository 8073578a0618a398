using Matching.Contracts;
using Matching.Vocabulary;

namespace Employers.Api.Openings;

// Init properties rather than positional records: Dapper maps SQLite's Int64 and 0/1 columns through setters, not constructors.

/// <summary>A job opening as stored: one row of <c>openings</c>.</summary>
public sealed record Opening
{
    public required Guid Id { get; init; }
    public required long Version { get; init; }
    public required string EmployerId { get; init; }
    public required string Title { get; init; }
    /// <summary>ISCO-08 code, 1 to 4 digits.</summary>
    public required string Occupation { get; init; }
    public required double Lat { get; init; }
    public required double Lon { get; init; }
    public string? Place { get; init; }
    public string? PostalCode { get; init; }
    public string? Address { get; init; }
    public required Level MinLevel { get; init; }
    public required int Positions { get; init; }
    /// <summary>Positions the employer filled itself, outside the system.</summary>
    public required int PositionsTakenOutside { get; init; }
    /// <summary>Positions held for placements: one per held position reservation, changed only by reserving and releasing.</summary>
    public required int PositionsReserved { get; init; }
    public required DateOnly StartsOn { get; init; }
    public required int HoursPerWeek { get; init; }
    /// <summary>The employer gives language support at work.</summary>
    public required bool LanguageSupport { get; init; }
    public required bool Closed { get; init; }

    /// <summary>What a placement can take: whatever neither the employer nor a placement holds. Never stored on its own.</summary>
    public int PositionsLeft => Positions - PositionsTakenOutside - PositionsReserved;

    /// <summary>What the events carry to the other services.</summary>
    public OpeningState ToState() => new(Id, Version, EmployerId, Title, Occupation, Lat, Lon,
        MinLevel, Positions, PositionsLeft, StartsOn, HoursPerWeek, LanguageSupport, Closed);
}

/// <summary>An opening as the API shows it; its positions left are <c>positions − positionsTakenOutside − positionsReserved</c>.</summary>
public sealed record OpeningResponse(
    Guid Id,
    long Version,
    string EmployerId,
    string Title,
    string Occupation,
    LocationResponse Location,
    Level MinLevel,
    int Positions,
    int PositionsLeft,
    DateOnly StartsOn,
    int HoursPerWeek,
    bool LanguageSupport,
    bool Closed,
    int PositionsTakenOutside,
    int PositionsReserved)
{
    public static OpeningResponse From(Opening opening) => new(opening.Id, opening.Version, opening.EmployerId, opening.Title,
        opening.Occupation, new LocationResponse(opening.Lat, opening.Lon, opening.Place, opening.PostalCode, opening.Address),
        opening.MinLevel, opening.Positions, opening.PositionsLeft, opening.StartsOn, opening.HoursPerWeek, opening.LanguageSupport,
        opening.Closed, opening.PositionsTakenOutside, opening.PositionsReserved);
}

/// <summary>Where the job is: coordinates, with place, postal code and address as the employer gave them.</summary>
public sealed record LocationResponse(double Lat, double Lon, string? Place, string? PostalCode, string? Address);

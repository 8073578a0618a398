using Matching.Contracts;
using Matching.Vocabulary;

namespace Employers.Api.Openings;

// Init properties rather than positional records: Dapper maps SQLite's Int64 and 0/1 columns through setters, not constructors.

/// <summary>A job opening as the service stores and shows it.</summary>
public sealed record Opening
{
    public required Guid Id { get; init; }
    public required long Version { get; init; }
    public required string EmployerId { get; init; }
    public required string Title { get; init; }
    /// <summary>ISCO-08 code, 1 to 4 digits.</summary>
    public required string Occupation { get; init; }
    public required Location Location { get; init; }
    public required Level MinLevel { get; init; }
    public required int Positions { get; init; }
    public required int PositionsLeft { get; init; }
    public required DateOnly StartsOn { get; init; }
    public required int HoursPerWeek { get; init; }
    /// <summary>The employer gives language support at work.</summary>
    public required bool LanguageSupport { get; init; }
    public required bool Closed { get; init; }

    public OpeningState ToState() => new(Id, Version, EmployerId, Title, Occupation, Location.Lat, Location.Lon,
        MinLevel, Positions, PositionsLeft, StartsOn, HoursPerWeek, LanguageSupport, Closed);
}

/// <summary>Where the job is: coordinates, with place, postal code and address as the employer gave them.</summary>
public sealed record Location
{
    public required double Lat { get; init; }
    public required double Lon { get; init; }
    public string? Place { get; init; }
    public string? PostalCode { get; init; }
    public string? Address { get; init; }
}

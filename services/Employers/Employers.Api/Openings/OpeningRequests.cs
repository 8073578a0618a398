using System.ComponentModel.DataAnnotations;
using Matching.Hosting.Http;
using Matching.Vocabulary;

namespace Employers.Api.Openings;

/// <summary>An employer posts a job opening. Every field is nullable, so a missing one is reported rather than defaulted.</summary>
/// <param name="LanguageSupport">Optional; false when left out.</param>
public sealed record PostOpeningRequest(
    [property: Required] string? EmployerId,
    [property: Required] string? Title,
    [property: Required] string? Occupation,
    [property: Required] LocationInput? Location,
    [property: Required] Level? MinLevel,
    [property: Required] int? Positions,
    [property: Required] DateOnly? StartsOn,
    [property: Required] int? HoursPerWeek,
    bool? LanguageSupport = null)
{
    public const int MaxPositions = 1000;

    /// <summary>The opening to store as version 1 with every position left, or null with what is wrong in <paramref name="problems"/>.</summary>
    public Opening? ToOpening(Problems problems)
    {
        // In the order the fields are reported.
        var positions = problems.Range(Positions, "positions", 1, MaxPositions);
        var employerId = problems.EmployerId(EmployerId);
        var title = problems.Text(Title, "title", 200);
        var occupation = problems.Occupation(Occupation, "occupation");
        var coordinates = problems.Location(Location, "location");
        var opening = new Opening
        {
            Id = Guid.CreateVersion7(),
            Version = 1,
            EmployerId = employerId,
            Title = title,
            Occupation = occupation,
            Lat = coordinates?.Lat ?? 0,
            Lon = coordinates?.Lon ?? 0,
            Place = Trimmed(Location?.Place),
            PostalCode = Trimmed(Location?.PostalCode),
            Address = Trimmed(Location?.Address),
            MinLevel = problems.Required(MinLevel, "minLevel"),
            Positions = positions,
            PositionsTakenOutside = 0,
            PositionsReserved = 0,
            StartsOn = problems.Date(StartsOn, "startsOn"),
            HoursPerWeek = problems.Range(HoursPerWeek, "hoursPerWeek", 1, 60),
            LanguageSupport = LanguageSupport ?? false,
            Closed = false,
        };
        return problems.Any ? null : opening;
    }

    private static string? Trimmed(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}

/// <summary>
/// An employer publishes what it knows of an opening's positions: how many are left as it sees them (<c>positionsLeft</c>)
/// or how many it filled itself (<c>positionsTakenOutside</c>), and <c>positions</c> if the opening now has more or fewer.
/// The positions reserved through the system are not the employer's to set: positions left it publishes are the
/// opening's positions left, and what is neither left nor reserved counts as taken outside.
/// </summary>
public sealed record ChangePositionsRequest(int? PositionsLeft, int? PositionsTakenOutside = null, int? Positions = null)
{
    /// <summary>
    /// The opening with the employer's positions, or null with what is wrong in <paramref name="problems"/> (a 400: wrong
    /// for any opening) or in <paramref name="conflicts"/> (a 409: it leaves no room for the positions reserved now).
    /// </summary>
    public Opening? ToPositions(Opening opening, Problems problems, Problems conflicts)
    {
        var positions = Positions is null ? opening.Positions : problems.Range(Positions, "positions", 1, PostOpeningRequest.MaxPositions);
        if (PositionsLeft is not null && PositionsTakenOutside is not null)
            problems.Add("positionsTakenOutside", "must be left out when positionsLeft is given");
        if (PositionsLeft is null && PositionsTakenOutside is null && Positions is null)
            problems.Add("positionsLeft", "is required (or positionsTakenOutside, or positions)");
        var left = PositionsLeft is null ? 0 : problems.Range(PositionsLeft, "positionsLeft", 0, positions);
        var outside = PositionsTakenOutside is null
            ? opening.PositionsTakenOutside
            : problems.Range(PositionsTakenOutside, "positionsTakenOutside", 0, positions);
        if (problems.Any) return null;

        var reserved = opening.PositionsReserved;
        if (PositionsLeft is not null) outside = positions - reserved - left;
        if (outside >= 0 && outside + reserved <= positions) return opening with { Positions = positions, PositionsTakenOutside = outside };

        if (PositionsLeft is not null || PositionsTakenOutside is not null)
            conflicts.Add(PositionsLeft is not null ? "positionsLeft" : "positionsTakenOutside",
                $"must be at most {positions - reserved}: {reserved} of the {positions} positions are reserved through the system");
        else
            conflicts.Add("positions",
                $"must be at least {outside + reserved}: {outside} positions are taken outside and {reserved} reserved through the system");
        return null;
    }
}

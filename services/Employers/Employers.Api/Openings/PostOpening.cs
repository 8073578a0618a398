using Matching.Hosting.Http;
using Matching.Vocabulary;

namespace Employers.Api.Openings;

/// <summary>The body of <c>POST /openings</c>. Every field is nullable so that a missing one is reported, not defaulted.</summary>
/// <param name="LanguageSupport">Optional; false when left out.</param>
public sealed record PostOpening(
    string? EmployerId,
    string? Title,
    string? Occupation,
    LocationInput? Location,
    Level? MinLevel,
    int? Positions,
    DateOnly? StartsOn,
    int? HoursPerWeek,
    bool? LanguageSupport = null)
{
    /// <summary>The opening this request posts; whatever is wrong with the request goes to <paramref name="problems"/>.</summary>
    public Opening ToOpening(Problems problems)
    {
        var positions = problems.Range(Positions, "positions", 1, 1000);
        return new Opening
        {
            Id = Guid.CreateVersion7(),
            Version = 1,
            EmployerId = problems.EmployerId(EmployerId),
            Title = problems.Text(Title, "title", 200),
            Occupation = problems.Occupation(Occupation, "occupation"),
            Location = ToLocation(problems),
            MinLevel = problems.Required(MinLevel, "minLevel"),
            Positions = positions,
            PositionsLeft = positions,
            StartsOn = problems.Required(StartsOn, "startsOn"),
            HoursPerWeek = problems.Range(HoursPerWeek, "hoursPerWeek", 1, 60),
            LanguageSupport = LanguageSupport ?? false,
            Closed = false,
        };
    }

    private Location ToLocation(Problems problems)
    {
        var coordinates = problems.Location(Location, "location");
        return new Location
        {
            Lat = coordinates?.Lat ?? 0,
            Lon = coordinates?.Lon ?? 0,
            Place = Trimmed(Location?.Place),
            PostalCode = Trimmed(Location?.PostalCode),
            Address = Trimmed(Location?.Address),
        };
    }

    private static string? Trimmed(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}

using Matching.Hosting.Http;
using Matching.Vocabulary;

namespace Employers.Api.Openings;

/// <summary>An employer posts a job opening. Every field is nullable, so a missing one is reported rather than defaulted.</summary>
/// <param name="LanguageSupport">Optional; false when left out.</param>
public sealed record PostOpeningRequest(
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
    /// <summary>The opening to store as version 1 with every position left, or null with what is wrong in <paramref name="problems"/>.</summary>
    public Opening? ToOpening(Problems problems)
    {
        // In the order the fields are reported.
        var positions = problems.Range(Positions, "positions", 1, 1000);
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
            PositionsLeft = positions,
            StartsOn = problems.Required(StartsOn, "startsOn"),
            HoursPerWeek = problems.Range(HoursPerWeek, "hoursPerWeek", 1, 60),
            LanguageSupport = LanguageSupport ?? false,
            Closed = false,
        };
        return problems.Any ? null : opening;
    }

    private static string? Trimmed(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}

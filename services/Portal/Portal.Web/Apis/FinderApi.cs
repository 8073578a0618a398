namespace Portal.Web.Apis;

/// <summary>The Matching service's public course finder: anonymous, courses only.</summary>
public sealed class FinderApi(HttpClient http)
{
    public async Task<Answer<FoundCourse[]>> FindAsync(string place, string? level, bool childcare, string? schedule, CancellationToken cancellationToken)
    {
        var query = QueryString.Create(new Dictionary<string, string?>
        {
            ["place"] = place, ["level"] = level, ["childcare"] = childcare ? "true" : null, ["schedule"] = schedule, ["limit"] = "20",
        }.Where(pair => pair.Value is not null));
        return await ApiClients.ReadAsync<FoundCourse[]>(await http.GetAsync("finder/courses" + query, cancellationToken), cancellationToken);
    }
}

public sealed record FoundCourse(
    Guid Id,
    string Title,
    string ProviderId,
    string? Kind,
    string LevelFrom,
    string LevelTo,
    DateOnly StartsOn,
    DateOnly EndsOn,
    int? HoursPerWeek,
    string Schedule,
    bool Childcare,
    bool Online,
    double? DistanceKm,
    int SeatsFree,
    Contact? Contact);

public sealed record Contact(string? Phone, string? Email, string? Url);

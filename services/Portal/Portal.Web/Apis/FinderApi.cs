using System.Net;

namespace Portal.Web.Apis;

/// <summary>The Matching service's public course finder: anonymous, courses only.</summary>
/// <remarks>Everyone who searches comes through the portal: each search says whose it is (X-Forwarded-For), so that Matching's
/// limit for anonymous callers counts each visitor on their own — where Matching trusts the portal as a proxy.</remarks>
public sealed class FinderApi(HttpClient http)
{
    public async Task<Answer<FoundCourse[]>> FindAsync(
        string place, string? level, bool childcare, string? schedule, IPAddress? visitor, CancellationToken cancellationToken)
    {
        var query = QueryString.Create(new Dictionary<string, string?>
        {
            ["place"] = place, ["level"] = level, ["childcare"] = childcare ? "true" : null, ["schedule"] = schedule, ["limit"] = "20",
        }.Where(pair => pair.Value is not null));
        using var request = new HttpRequestMessage(HttpMethod.Get, "finder/courses" + query);
        if (visitor is not null) request.Headers.Add("X-Forwarded-For", visitor.ToString());
        return await ApiClients.ReadAsync<FoundCourse[]>(await http.SendAsync(request, cancellationToken), cancellationToken);
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

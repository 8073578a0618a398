using System.Net.Http.Json;

namespace Portal.Web.Apis;

/// <summary>The Matching service, as the signed-in caseworker (or the employer, for placements into its openings).</summary>
public sealed class MatchingApi(HttpClient http)
{
    public async Task<Answer<Matches>> MatchAsync(object request, CancellationToken cancellationToken) =>
        await ApiClients.ReadAsync<Matches>(await http.PostAsJsonAsync("matches", request, ApiClients.Json, cancellationToken), cancellationToken);

    public async Task<Answer<NewPlacement>> RequestPlacementAsync(string reference, Guid? courseId, Guid? openingId, Guid? agreementId,
        CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "placements")
        {
            Content = JsonContent.Create(new { reference, courseId, openingId, agreementId }, options: ApiClients.Json),
        };
        // A second click on "accept" (or a reload of the post) asks for the same placement, never a second one.
        request.Headers.Add("Idempotency-Key", $"portal-{reference}-{courseId}-{openingId}-{agreementId}");
        return await ApiClients.ReadAsync<NewPlacement>(await http.SendAsync(request, cancellationToken), cancellationToken);
    }

    public async Task<Answer<Placement[]>> PlacementsOfAsync(string reference, CancellationToken cancellationToken) =>
        await ApiClients.ReadAsync<Placement[]>(
            await http.GetAsync($"placements?reference={Uri.EscapeDataString(reference)}&pageSize=100", cancellationToken), cancellationToken);

    public async Task<Answer<Placement[]>> PlacementsIntoAsync(Guid openingId, CancellationToken cancellationToken) =>
        await ApiClients.ReadAsync<Placement[]>(await http.GetAsync($"placements?openingId={openingId}&pageSize=100", cancellationToken), cancellationToken);

    public async Task<Answer<Placement>> ConfirmAsync(Guid id, CancellationToken cancellationToken) =>
        await ApiClients.ReadAsync<Placement>(await http.PostAsync($"placements/{id}/confirm", null, cancellationToken), cancellationToken);

    public async Task<Answer<Placement>> CancelAsync(Guid id, CancellationToken cancellationToken) =>
        await ApiClients.ReadAsync<Placement>(await http.PostAsync($"placements/{id}/cancel", null, cancellationToken), cancellationToken);
}

public sealed record Matches(string Reference, Suggestion[] Suggestions);

public sealed record Suggestion(
    string Kind,
    double Score,
    Dictionary<string, double> ScoreParts,
    SuggestedCourse? Course,
    SuggestedOpening? Opening,
    SuggestedAgreement? Agreement,
    string[] Reasons);

public sealed record SuggestedCourse(Guid Id, string Title, string ProviderId, string LevelTo, DateOnly StartsOn, DateOnly EndsOn, double? DistanceKm, int SeatsFree);

public sealed record SuggestedOpening(Guid Id, string Title, string EmployerId, string MinLevel, DateOnly StartsOn, double DistanceKm, int PositionsLeft);

public sealed record SuggestedAgreement(Guid Id, string MinLevel, int QuotaLeft);

public sealed record NewPlacement(Guid Id);

public sealed record Placement(Guid Id, string Reference, Guid? CourseId, Guid? OpeningId, Guid? AgreementId, string State, string? Reason,
    HistoryEntry[]? History);

public sealed record HistoryEntry(string State, string? Reason, DateTimeOffset At);

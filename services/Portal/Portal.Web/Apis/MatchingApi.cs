using System.Net.Http.Json;

namespace Portal.Web.Apis;

/// <summary>The Matching service, as the signed-in caseworker (or the employer, for placements into its openings).</summary>
public sealed class MatchingApi(HttpClient http)
{
    public async Task<Answer<Matches>> MatchAsync(object request, CancellationToken cancellationToken) =>
        await ApiClients.ReadAsync<Matches>(await http.PostAsJsonAsync("matches", request, ApiClients.Json, cancellationToken), cancellationToken);

    /// <summary>Why a course or an opening (exactly one of the two ids) is not among the person's suggestions.</summary>
    public async Task<Answer<WhyNot>> WhyNotAsync(object person, Guid? courseId, Guid? openingId, CancellationToken cancellationToken) =>
        await ApiClients.ReadAsync<WhyNot>(
            await http.PostAsJsonAsync("matches/why-not", new { person, courseId, openingId }, ApiClients.Json, cancellationToken), cancellationToken);

    /// <summary>A whole cohort placed at once; the request lasts up to its time limit (the client's own timeout is longer).</summary>
    public async Task<Answer<Allocation>> AllocateAsync(object cohort, CancellationToken cancellationToken) =>
        await ApiClients.ReadAsync<Allocation>(await http.PostAsJsonAsync("allocations", cohort, ApiClients.Json, cancellationToken), cancellationToken);

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

public sealed record SuggestedCourse(Guid Id, string Title, string ProviderId, string LevelTo, DateOnly StartsOn, DateOnly EndsOn, double? DistanceKm, int SeatsFree,
    string? Kind = null, string? Schedule = null);

public sealed record SuggestedOpening(Guid Id, string Title, string EmployerId, string MinLevel, DateOnly StartsOn, double DistanceKm, int PositionsLeft);

public sealed record SuggestedAgreement(Guid Id, string MinLevel, int QuotaLeft);

public sealed record NewPlacement(Guid Id);

public sealed record Placement(Guid Id, string Reference, Guid? CourseId, Guid? OpeningId, Guid? AgreementId, string State, string? Reason,
    HistoryEntry[]? History);

public sealed record HistoryEntry(string State, string? Reason, DateTimeOffset At);

/// <summary>The answer to "why not?": the hard rules that exclude it, or its rank and what outranks it.</summary>
public sealed record WhyNot(Exclusion[] ExcludedBy, int? Rank, Suggestion? Best, Suggestion[] OutrankedBy, string Summary);

public sealed record Exclusion(string Rule, string Reason);

/// <summary>A cohort's allocation: what each person is given, beside first come, first served (<see cref="Greedy"/>).</summary>
public sealed record Allocation(Assignment[] Assignments, int Placed, double Objective, double Bound, bool Optimal, string Priority,
    ChoicesMet Choices, AllocationSummary Greedy);

public sealed record Assignment(string Reference, Suggestion? Suggestion);

public sealed record AllocationSummary(int Placed, double Objective, ChoicesMet Choices);

/// <param name="ByChoice">How many got their first, second, … choice.</param>
public sealed record ChoicesMet(int[] ByChoice, int OutsideChoices, BlockingPair[] BlockingPairs);

public sealed record BlockingPair(string Reference, string HeldBy, Guid CourseId);

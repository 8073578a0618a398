using System.Net.Http.Json;

namespace Portal.Web.Apis;

/// <summary>The Courses service, as the signed-in provider.</summary>
public sealed class CoursesApi(HttpClient http)
{
    public async Task<Answer<Course[]>> ListAsync(string providerId, CancellationToken cancellationToken) =>
        await ApiClients.ReadAsync<Course[]>(
            await http.GetAsync($"courses?providerId={Uri.EscapeDataString(providerId)}&pageSize=100", cancellationToken), cancellationToken);

    public async Task<Answer<Course>> PublishAsync(object course, CancellationToken cancellationToken) =>
        await ApiClients.ReadAsync<Course>(await http.PostAsJsonAsync("courses", course, ApiClients.Json, cancellationToken), cancellationToken);

    public async Task<Answer<Course>> PublishFreeSeatsAsync(Guid id, int seatsFree, CancellationToken cancellationToken) =>
        await ApiClients.ReadAsync<Course>(
            await http.PutAsJsonAsync($"courses/{id}/seats", new { seatsFree }, ApiClients.Json, cancellationToken), cancellationToken);

    public async Task<Answer<Course>> GetAsync(Guid id, CancellationToken cancellationToken) =>
        await ApiClients.ReadAsync<Course>(await http.GetAsync($"courses/{id}", cancellationToken), cancellationToken);

    /// <summary>Withdraws the course (the answer has no body: 204).</summary>
    public async Task<Answer<Course>> WithdrawAsync(Guid id, CancellationToken cancellationToken) =>
        await ApiClients.ReadAsync<Course>(await http.DeleteAsync($"courses/{id}", cancellationToken), cancellationToken);

    public async Task<Answer<SeatReservation[]>> ReservationsAsync(Guid id, CancellationToken cancellationToken) =>
        await ApiClients.ReadAsync<SeatReservation[]>(await http.GetAsync($"courses/{id}/reservations", cancellationToken), cancellationToken);
}

public sealed record Course(
    Guid Id,
    string ProviderId,
    string Title,
    string Kind,
    string LevelFrom,
    string LevelTo,
    DateOnly StartsOn,
    DateOnly EndsOn,
    string Schedule,
    bool Childcare,
    bool Online,
    int SeatsTotal,
    int SeatsFree,
    int SeatsReserved,
    Contact? Contact);

public sealed record SeatReservation(Guid PlacementId, string State, DateTimeOffset? ChangedAt);

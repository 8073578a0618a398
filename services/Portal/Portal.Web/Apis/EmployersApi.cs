using System.Net.Http.Json;

namespace Portal.Web.Apis;

/// <summary>The Employers service, as the signed-in employer or coordinator.</summary>
public sealed class EmployersApi(HttpClient http)
{
    public async Task<Answer<Opening[]>> OpeningsAsync(string employerId, CancellationToken cancellationToken) =>
        await ApiClients.ReadAsync<Opening[]>(
            await http.GetAsync($"openings?employerId={Uri.EscapeDataString(employerId)}&pageSize=100", cancellationToken), cancellationToken);

    public async Task<Answer<Agreement[]>> AgreementsAsync(string employerId, CancellationToken cancellationToken) =>
        await ApiClients.ReadAsync<Agreement[]>(
            await http.GetAsync($"agreements?employerId={Uri.EscapeDataString(employerId)}&pageSize=100", cancellationToken), cancellationToken);

    public async Task<Answer<Agreement>> SignAgreementAsync(object request, CancellationToken cancellationToken) =>
        await ApiClients.ReadAsync<Agreement>(await http.PostAsJsonAsync("agreements", request, ApiClients.Json, cancellationToken), cancellationToken);

    public async Task<Answer<Opening>> PostOpeningAsync(object opening, CancellationToken cancellationToken) =>
        await ApiClients.ReadAsync<Opening>(await http.PostAsJsonAsync("openings", opening, ApiClients.Json, cancellationToken), cancellationToken);

    public async Task<Answer<Opening>> CloseAsync(Guid id, CancellationToken cancellationToken) =>
        await ApiClients.ReadAsync<Opening>(await http.PostAsync($"openings/{id}/close", null, cancellationToken), cancellationToken);
}

public sealed record Opening(Guid Id, string EmployerId, string Title, string Occupation, string MinLevel, int Positions, int PositionsLeft,
    DateOnly StartsOn, bool LanguageSupport, bool Closed);

public sealed record Agreement(Guid Id, string EmployerId, string[] Occupations, string MinLevel, int Quota, int QuotaLeft,
    DateOnly ValidFrom, DateOnly ValidTo, string? LanguageSupport, string? SignedBy);

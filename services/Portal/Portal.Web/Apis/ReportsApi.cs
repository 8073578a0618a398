using System.Text.Json.Nodes;

namespace Portal.Web.Apis;

/// <summary>The city's figures on the Matching service (<c>/reports/…</c>), as the signed-in coordinator.</summary>
public sealed class ReportsApi(HttpClient http)
{
    /// <summary>The reports and their tables, in the order the pages show them; the first table of each is its CSV by default.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Reports = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["demand"] = ["cells"],
        ["supply"] = ["cells", "weeks", "atRisk"],
        ["agreements"] = ["agreements"],
        ["placements"] = ["weeks", "outcomes"],
        ["fairness"] = ["groups"],
    };

    /// <summary>A report as JSON: each table by its name, a row per cell; a figure about fewer than five people reads "&lt; 5".</summary>
    public async Task<Answer<JsonObject>> ReportAsync(string report, CancellationToken cancellationToken) =>
        await ApiClients.ReadAsync<JsonObject>(await http.GetAsync($"reports/{report}", cancellationToken), cancellationToken);

    /// <summary>One table of a report as the Matching service writes it for download; null when it does not answer.</summary>
    public async Task<Csv?> CsvAsync(string report, string table, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync($"reports/{report}?format=csv&table={Uri.EscapeDataString(table)}", cancellationToken);
        if (!response.IsSuccessStatusCode) return null;
        var name = response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName ?? $"{report}-{table}.csv";
        return new Csv(name.Trim('"'), await response.Content.ReadAsByteArrayAsync(cancellationToken));
    }
}

public sealed record Csv(string FileName, byte[] Content);

public static class ReportsApiServices
{
    /// <summary>The figures' client, beside the others of <see cref="ApiClients"/>: the Matching service, with the person's own token.</summary>
    public static IServiceCollection AddReportsApi(this IServiceCollection services, IConfiguration configuration)
    {
        var matching = configuration["Services:Matching"] ?? throw new InvalidOperationException("Services:Matching is not set");
        services.AddHttpClient<ReportsApi>(client => client.BaseAddress = new Uri(matching)).AddHttpMessageHandler<PersonsToken>();
        return services;
    }
}

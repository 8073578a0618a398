using Matching.Api.Projections;
using Matching.Contracts;
using Matching.Hosting.Http;
using Matching.Hosting.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Matching.Api.Reports;

/// <summary>
/// The city's figures, for coordinators: unmet demand, supply, agreements, placements and fairness, each as JSON or as CSV
/// (<c>?format=csv</c>, one table of the report per download: <c>?table=</c>). Any figure about fewer than five people is
/// "&lt; 5". The demand and fairness figures come from counts made when <c>/matches</c> answers (<see cref="MatchCounter"/>):
/// counted, not kept.
/// </summary>
public static class ReportsApi
{
    public static IServiceCollection AddReports(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.Configure<ReportOptions>(configuration.GetSection("Reports"));
        services.Configure<GroupOptions>(configuration.GetSection("Reports:Groups"));
        services.AddSingleton<LastAsked>();
        services.AddSingleton<PlacementGroups>();
        services.AddSingleton<MatchCounter>();
        services.AddSingleton<ReportStore>();
        services.AddHostedService<MatchCountFlush>();
        services.AddHostedService<SupplySnapshots>();
        return services;
    }

    public static IEndpointRouteBuilder MapReports(this IEndpointRouteBuilder app)
    {
        var reports = app.MapGroup("/reports").WithTags("Reports").RequireRoles(Roles.Coordinator);
        const string Format = " JSON, or CSV with ?format=csv (one table per download, ?table= names it; the first by default). "
            + "A figure about fewer than 5 people reads \"< 5\".";

        reports.MapGet("/demand", Demand)
            .WithName("ReportDemand")
            .WithSummary("Unmet demand: match requests no course fitted, per ISO week, district, level, childcare need and schedules, beside the free seats of the same cell")
            .WithDescription("Table cells." + Format);
        reports.MapGet("/supply", Supply)
            .WithName("ReportSupply")
            .WithSummary("Free seats by district, kind, levels and starting week; job-related courses under 15 registrations two weeks before they start; free seats week by week")
            .WithDescription("Tables cells, atRisk and weeks (each past week as its last look found it, this week as it is now)." + Format);
        reports.MapGet("/agreements", Agreements)
            .WithName("ReportAgreements")
            .WithSummary("Per agreement: quota, used, left, days to its end, and its placements by state")
            .WithDescription("Table agreements." + Format);
        reports.MapGet("/placements", Placements)
            .WithName("ReportPlacements")
            .WithSummary("The placements' funnel per week they were requested in, the median days to confirmation, and why they ended")
            .WithDescription("Tables weeks and outcomes." + Format);
        reports.MapGet("/fairness", Fairness)
            .WithName("ReportFairness")
            .WithSummary("Per level, childcare need, district and literacy need: the share placed and the median best score, the share of requests with a suggestion and with a course, beside the overall figures with the gaps")
            .WithDescription("Table groups. The system asks for no gender, age or nationality." + Format);
        return app;
    }

    private static async Task<Results<Ok<DemandReport>, FileContentHttpResult, ValidationProblem>> Demand(
        [FromQuery] string? format, [FromQuery] string? table, MatchCounter counter, ReportStore store, ProjectionStore projections,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        if (Check(format, table, DemandTables) is { } problem) return problem;
        await MatchCountFlush.FlushAsync(counter, store, cancellationToken);
        var counts = await store.UnmetAsync(cancellationToken);
        var (courses, _, _) = await projections.LoadAllAsync(cancellationToken);
        return Answer(Figures.Demand(counts, Readable(courses), Today(clock)), "demand", format, table);
    }

    private static async Task<Results<Ok<SupplyReport>, FileContentHttpResult, ValidationProblem>> Supply(
        [FromQuery] string? format, [FromQuery] string? table, ProjectionStore projections, ReportStore store, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (Check(format, table, SupplyTables) is { } problem) return problem;
        var (courses, _, _) = await projections.LoadAllAsync(cancellationToken);
        var weeks = await store.SupplyWeeksAsync(cancellationToken);
        return Answer(Figures.Supply(Readable(courses), Today(clock), weeks), "supply", format, table);
    }

    private static async Task<Results<Ok<AgreementsReport>, FileContentHttpResult, ValidationProblem>> Agreements(
        [FromQuery] string? format, [FromQuery] string? table, ProjectionStore projections, ReportStore store, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (Check(format, table, AgreementsTables) is { } problem) return problem;
        var (_, _, agreements) = await projections.LoadAllAsync(cancellationToken);
        var placements = await store.PlacementsAsync(cancellationToken);
        return Answer(Figures.Agreements(Readable(agreements), placements, Today(clock)), "agreements", format, table);
    }

    private static async Task<Results<Ok<PlacementsReport>, FileContentHttpResult, ValidationProblem>> Placements(
        [FromQuery] string? format, [FromQuery] string? table, ReportStore store, CancellationToken cancellationToken)
    {
        if (Check(format, table, PlacementsTables) is { } problem) return problem;
        return Answer(Figures.Placements(await store.PlacementsAsync(cancellationToken)), "placements", format, table);
    }

    private static async Task<Results<Ok<FairnessReport>, FileContentHttpResult, ValidationProblem>> Fairness(
        [FromQuery] string? format, [FromQuery] string? table, MatchCounter counter, ReportStore store, CancellationToken cancellationToken)
    {
        if (Check(format, table, FairnessTables) is { } problem) return problem;
        await MatchCountFlush.FlushAsync(counter, store, cancellationToken);
        var (counts, placed) = (await store.GroupCountsAsync(cancellationToken), await store.PlacedAsync(cancellationToken));
        return Answer(Figures.Fairness(counts, placed), "fairness", format, table);
    }

    private static readonly string[] DemandTables = ["cells"];
    private static readonly string[] SupplyTables = ["cells", "atRisk", "weeks"];
    private static readonly string[] AgreementsTables = ["agreements"];
    private static readonly string[] PlacementsTables = ["weeks", "outcomes"];
    private static readonly string[] FairnessTables = ["groups"];

    /// <summary>A 400 naming <c>format</c> or <c>table</c> when either is not one the report knows; null when both are fine.</summary>
    private static ValidationProblem? Check(string? format, string? table, string[] tables)
    {
        var problems = new Problems();
        if (format is not (null or "json" or "csv")) problems.Add("format", "must be json or csv");
        if (table is not null && !tables.Contains(table, StringComparer.Ordinal)) problems.Add("table", $"must be one of {string.Join(", ", tables)}");
        return problems.Any ? problems.ToResult() : null;
    }

    private static Results<Ok<T>, FileContentHttpResult, ValidationProblem> Answer<T>(T report, string name, string? format, string? table) where T : IReport
    {
        if (format != "csv") return TypedResults.Ok(report);
        var tables = report.Tables();
        var chosen = tables.First(candidate => table is null || candidate.Name == table);
        var file = tables.Count == 1 ? $"{name}.csv" : $"{name}-{chosen.Name}.csv";
        return TypedResults.File(System.Text.Encoding.UTF8.GetBytes(Csv.Write(chosen)), "text/csv; charset=utf-8", file);
    }

    /// <summary>The states that read; a row that does not is left out here as the catalog leaves it out (and logs it) at start.</summary>
    private static IReadOnlyList<T> Readable<T>(IReadOnlyList<Stored<T>> rows) where T : class =>
        rows.Where(row => row.State is not null).Select(row => row.State!).ToList();

    private static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(clock.GetLocalNow().Date);
}

using Matching.Api.Placements;
using Matching.Api.Reports;
using Matching.Hosting.Data;
using Matching.Hosting.Http;
using Matching.Hosting.Security;
using MassTransit;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Matching.Api.Privacy;

/// <summary>
/// Personal data kept to the least: a caseworker erases a person, and placements that ended are erased after
/// <see cref="PrivacyOptions.RetentionDays"/> (<see cref="PlacementRetention"/>). The Matching service erases its own rows
/// at once and asks Courses and Employers over the bus; <c>GET /erasures/{id}</c> shows when each has confirmed.
/// </summary>
public static class PrivacyApi
{
    public static IServiceCollection AddPrivacy(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.Configure<PrivacyOptions>(configuration.GetSection("Privacy"));
        services.AddSingleton<ErasureStore>();
        services.AddHostedService<PlacementRetention>();
        return services;
    }

    public static IBusRegistrationConfigurator AddErasureConfirmations(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<ErasureConfirmations>();
        return bus;
    }

    public static IEndpointRouteBuilder MapPrivacy(this IEndpointRouteBuilder app)
    {
        app.MapDelete("/people/{reference}", ErasePerson)
            .RequireRoles(Roles.Caseworker)
            .KeepsPathOutOfLogs()
            .WithTags("Privacy")
            .WithName("ErasePerson")
            .WithSummary("Erase a person: every placement and history entry of the pseudonym, in every service")
            .WithDescription("Answers 202 once the Matching service has erased its own rows (what a requested or reserved placement held is "
                + "given back; a confirmed one's seat and position stay taken), with the erasure at Location: Courses and Employers confirm "
                + "their part over the bus, and GET /erasures/{id} is complete once both have. Erasing again finds nothing more to erase "
                + "and is complete at once. The anonymous counts of the city's figures stay.");

        app.MapGet("/erasures/{id:guid}", GetErasure)
            .RequireRoles(Roles.Caseworker)
            .WithTags("Privacy")
            .WithName("GetErasure")
            .WithSummary("An erasure: how many placements it erased, and when each service confirmed")
            .WithDescription("An erasure names no person.");
        return app;
    }

    private static async Task<Results<Accepted<ErasureResponse>, ValidationProblem>> ErasePerson(
        string reference, Caller caller, Db db, ErasureStore erasures, LastAsked lastAsked, TimeProvider clock, ILogger<Erasure> logger,
        CancellationToken cancellationToken)
    {
        var problems = new Problems();
        // As the placements stored it: trimmed, in Unicode's composed form.
        reference = problems.Text(reference, "reference", 100);
        if (problems.Any) return problems.ToResult();

        Erasure erasure;
        await using (var work = await db.BeginAsync(cancellationToken))
        {
            erasure = await erasures.ErasePersonAsync(work, reference, clock.GetUtcNow());
            await work.RecordAsync(caller, "person.erase", erasure.Id);
            await work.CommitAsync(cancellationToken);
        }
        // The group the person last asked in, held in memory for a placement to come, goes too.
        lastAsked.Forget(reference);

        logger.LogInformation("Erasure {ErasureId} erased {Placements} placements", erasure.Id, erasure.Placements);
        return TypedResults.Accepted($"/erasures/{erasure.Id}", ErasureResponse.From(erasure));
    }

    private static async Task<Results<Ok<ErasureResponse>, NotFound>> GetErasure(Guid id, ErasureStore erasures, CancellationToken cancellationToken) =>
        await erasures.FindAsync(id, cancellationToken) is { } erasure ? TypedResults.Ok(ErasureResponse.From(erasure)) : TypedResults.NotFound();
}

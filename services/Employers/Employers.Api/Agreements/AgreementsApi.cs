using Matching.Contracts;
using Matching.Hosting.Data;
using Matching.Hosting.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Employers.Api.Agreements;

/// <summary>
/// Employers sign agreements with the city: a quota of hires at a lower level, with language support at work.
/// Signing raises an event with the whole agreement, in the same transaction.
/// </summary>
public static class AgreementsApi
{
    public static IServiceCollection AddAgreements(this IServiceCollection services) =>
        services.AddSingleton<AgreementRepository>();

    public static IEndpointRouteBuilder MapAgreements(this IEndpointRouteBuilder app)
    {
        var agreements = app.MapGroup("/agreements").WithTags("Agreements");

        agreements.MapPost("/", SignAgreement)
            .WithName("SignAgreement")
            .WithSummary("Sign an agreement with the city")
            .WithDescription("Up to quota hires into the given occupations at a lower level; publishes AgreementSigned.");

        agreements.MapGet("/{id:guid}", GetAgreement)
            .WithName("GetAgreement")
            .WithSummary("Get an agreement");

        agreements.MapGet("/", ListAgreements)
            .WithName("ListAgreements")
            .WithSummary("List an employer's agreements")
            .WithDescription("Earliest valid first, a page at a time (page from 1, pageSize 1 to 100, 50 by default); "
                + "X-Total-Count and Link say how many there are and where the next page is.");

        return app;
    }

    private static async Task<Results<Created<AgreementResponse>, ValidationProblem>> SignAgreement(
        SignAgreementRequest request, Db db, AgreementRepository agreements, ILogger<Agreement> logger, CancellationToken cancellationToken)
    {
        var problems = new Problems();
        if (request.ToAgreement(problems) is not { } agreement) return problems.ToResult();

        await using var work = await db.BeginAsync(cancellationToken);
        await agreements.InsertAsync(work, agreement);
        await work.PublishAsync(new AgreementSigned(agreement.ToState()));
        await work.CommitAsync(cancellationToken);

        logger.LogInformation("Agreement {AgreementId} signed by {EmployerId}", agreement.Id, agreement.EmployerId);
        return TypedResults.Created($"/agreements/{agreement.Id}", AgreementResponse.From(agreement));
    }

    private static async Task<Results<Ok<AgreementResponse>, NotFound>> GetAgreement(
        Guid id, AgreementRepository agreements, CancellationToken cancellationToken) =>
        await agreements.FindAsync(id, cancellationToken) is { } agreement
            ? TypedResults.Ok(AgreementResponse.From(agreement))
            : TypedResults.NotFound();

    private static async Task<Results<Ok<AgreementResponse[]>, ValidationProblem>> ListAgreements(
        [FromQuery] string? employerId, [FromQuery] string? page, [FromQuery] string? pageSize, HttpResponse response,
        AgreementRepository agreements, CancellationToken cancellationToken)
    {
        var problems = new Problems();
        employerId = problems.EmployerId(employerId);
        var paging = Paging.From(problems, page, pageSize);
        if (problems.Any) return problems.ToResult();

        var signed = await agreements.ListAsync(employerId, paging, cancellationToken);
        var total = await agreements.CountAsync(employerId, cancellationToken);
        paging.Describe(response, $"/agreements?employerId={Uri.EscapeDataString(employerId)}", total);
        return TypedResults.Ok(signed.Select(AgreementResponse.From).ToArray());
    }
}

using Matching.Contracts;
using Matching.Hosting.Data;
using Matching.Hosting.Http;
using Matching.Hosting.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Employers.Api.Agreements;

/// <summary>
/// The city's coordinators sign agreements with employers: a quota of hires at a lower level, with language support at
/// work. Signing raises an event with the whole agreement and records who signed it, in the same transaction.
/// </summary>
/// <remarks>
/// Who may: coordinators sign, and read every agreement, as caseworkers do; an employer reads its own.
/// </remarks>
public static class AgreementsApi
{
    public static IServiceCollection AddAgreements(this IServiceCollection services) =>
        services.AddSingleton<AgreementRepository>();

    public static IEndpointRouteBuilder MapAgreements(this IEndpointRouteBuilder app)
    {
        var agreements = app.MapGroup("/agreements").WithTag("Agreements", "What employers agreed with the city: a quota of hires into occupations at a lower level");

        agreements.MapPost("/", SignAgreement)
            .RequireRoles(Roles.Coordinator)
            .WithName("SignAgreement")
            .WithSummary("Sign an agreement with an employer, for the city")
            .WithDescription("Up to quota hires into the given occupations at a lower level; publishes AgreementSigned. "
                + "Only for coordinators; signedBy names the coordinator who signed.");

        agreements.MapGet("/{id:guid}", GetAgreement)
            .RequireRoles(Roles.Employer, Roles.Caseworker, Roles.Coordinator)
            .WithName("GetAgreement")
            .WithSummary("Get an agreement")
            .WithDescription("For its own employer, caseworkers and coordinators.");

        agreements.MapGet("/", ListAgreements)
            .RequireRoles(Roles.Employer, Roles.Caseworker, Roles.Coordinator)
            .WithName("ListAgreements")
            .WithSummary("List an employer's agreements")
            .WithDescription("Earliest valid first, a page at a time (page from 1, pageSize 1 to 100, 50 by default); "
                + "X-Total-Count and Link say how many there are and where the next page is. An employer lists its own; "
                + "caseworkers and coordinators any employer's.");

        return app;
    }

    private static async Task<Results<Created<AgreementResponse>, ValidationProblem>> SignAgreement(
        SignAgreementRequest request, Caller caller, Db db, AgreementRepository agreements, ILogger<Agreement> logger,
        CancellationToken cancellationToken)
    {
        var problems = new Problems();
        if (request.ToAgreement(problems) is not { } requested) return problems.ToResult();
        var agreement = requested with { SignedBy = caller.Subject };

        await using var work = await db.BeginAsync(cancellationToken);
        await agreements.InsertAsync(work, agreement);
        await work.PublishAsync(new AgreementSigned(agreement.ToState()));
        await work.RecordAsync(caller, "agreement.sign", agreement.Id);
        await work.CommitAsync(cancellationToken);

        logger.LogInformation("Agreement {AgreementId} signed with {EmployerId}", agreement.Id, agreement.EmployerId);
        return TypedResults.Created($"/agreements/{agreement.Id}", AgreementResponse.From(agreement));
    }

    private static async Task<Results<Ok<AgreementResponse>, NotFound, ProblemHttpResult>> GetAgreement(
        Guid id, Caller caller, AgreementRepository agreements, CancellationToken cancellationToken)
    {
        if (await agreements.FindAsync(id, cancellationToken) is not { } agreement) return TypedResults.NotFound();
        if (!Employer.MayRead(caller, agreement.EmployerId)) return Access.Denied("An employer reads its own agreements only.");
        return TypedResults.Ok(AgreementResponse.From(agreement));
    }

    private static async Task<Results<Ok<AgreementResponse[]>, ValidationProblem, ProblemHttpResult>> ListAgreements(
        [FromQuery] string? employerId, [FromQuery] string? page, [FromQuery] string? pageSize, Caller caller, HttpResponse response,
        AgreementRepository agreements, CancellationToken cancellationToken)
    {
        var problems = new Problems();
        employerId = problems.EmployerId(employerId);
        var paging = Paging.From(problems, page, pageSize);
        if (problems.Any) return problems.ToResult();
        if (!Employer.MayRead(caller, employerId)) return Access.Denied("An employer lists its own agreements only.");

        var signed = await agreements.ListAsync(employerId, paging, cancellationToken);
        var total = await agreements.CountAsync(employerId, cancellationToken);
        paging.Describe(response, $"/agreements?employerId={Uri.EscapeDataString(employerId)}", total);
        return TypedResults.Ok(signed.Select(AgreementResponse.From).ToArray());
    }
}

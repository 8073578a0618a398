using Matching.Hosting.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Employers.Api.Agreements;

public static class AgreementsApi
{
    public static IEndpointRouteBuilder MapAgreements(this IEndpointRouteBuilder app)
    {
        var agreements = app.MapGroup("/agreements").WithTags("Agreements");

        agreements.MapPost("/", SignAsync)
            .WithName("SignAgreement")
            .WithSummary("Sign an agreement with the city")
            .WithDescription("Up to quota hires into the given occupations at a lower level; publishes AgreementSigned.");
        agreements.MapGet("/{id:guid}", GetAsync)
            .WithName("GetAgreement")
            .WithSummary("Get an agreement");
        agreements.MapGet("/", ListAsync)
            .WithName("ListAgreements")
            .WithSummary("List an employer's agreements")
            .WithDescription("Earliest valid first.");
        return app;
    }

    private static async Task<Results<Created<Agreement>, ValidationProblem>> SignAsync(PostAgreement request, AgreementRepository agreements)
    {
        var problems = new Problems();
        var agreement = request.ToAgreement(problems);
        if (problems.Any) return problems.ToResult();

        await agreements.SignAsync(agreement);
        return TypedResults.Created($"/agreements/{agreement.Id}", agreement);
    }

    private static async Task<Results<Ok<Agreement>, NotFound>> GetAsync(Guid id, AgreementRepository agreements) =>
        await agreements.FindAsync(id) is { } agreement ? TypedResults.Ok(agreement) : TypedResults.NotFound();

    private static async Task<Results<Ok<IReadOnlyList<Agreement>>, ValidationProblem>> ListAsync(string? employerId, AgreementRepository agreements)
    {
        var problems = new Problems();
        employerId = problems.EmployerId(employerId);
        if (problems.Any) return problems.ToResult();

        return TypedResults.Ok(await agreements.ListAsync(employerId));
    }
}

using System.Net;
using Employers.Api.Agreements;
using Matching.Contracts;
using Matching.Vocabulary;

namespace Employers.Tests;

public sealed class SigningAgreements(EmployersApi api) : IClassFixture<EmployersApi>
{
    [Fact]
    public async Task A_coordinator_signing_an_agreement_stores_it_with_its_whole_quota_left_and_who_signed_and_publishes_version_1()
    {
        var response = await api.PostAsync("/agreements", Requests.Agreement());

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var agreement = await api.ReadAsync<AgreementResponse>(response);
        Assert.Equal($"/agreements/{agreement.Id}", response.Headers.Location?.OriginalString);
        Assert.Equivalent(new AgreementResponse(agreement.Id, 1, "rhein-logistik", ["93", "5322"], Level.A2, 10, 10,
            new DateOnly(2027, 1, 1), new DateOnly(2027, 12, 31), "Deutsch am Arbeitsplatz, 2 h/Woche", "test-coordinator-account"),
            agreement, strict: true);

        Assert.Equivalent(agreement, await api.ReadAsync<AgreementResponse>(await api.AsEmployer().GetAsync($"/agreements/{agreement.Id}")), strict: true);
        var signed = Assert.Single(await api.PublishedAsync<AgreementSigned>(), signed => signed.Agreement.Id == agreement.Id);
        Assert.Equivalent(StateOf(agreement), signed.Agreement, strict: true);
    }

    [Fact]
    public async Task An_agreement_without_occupations_or_language_support_covers_all_openings()
    {
        var body = Requests.Agreement().With("occupations", "[]").With("languageSupport", null);

        var agreement = await api.ReadAsync<AgreementResponse>(await api.PostAsync("/agreements", body));

        Assert.Empty(agreement.Occupations);
        Assert.Null(agreement.LanguageSupport);
        Assert.Empty((await api.ReadAsync<AgreementResponse>(await api.AsEmployer().GetAsync($"/agreements/{agreement.Id}"))).Occupations);
    }

    [Fact]
    public async Task An_employer_sees_its_own_agreements_earliest_first()
    {
        var later = Requests.Agreement("pflege-west").With("validFrom", "\"2027-06-01\"");
        var second = await api.ReadAsync<AgreementResponse>(await api.PostAsync("/agreements", later));
        var first = await api.ReadAsync<AgreementResponse>(await api.PostAsync("/agreements", Requests.Agreement("pflege-west")));
        await api.PostAsync("/agreements", Requests.Agreement("someone-else"));

        var listed = await api.ReadAsync<AgreementResponse[]>(await api.AsEmployer("pflege-west").GetAsync("/agreements?employerId=pflege-west"));

        Assert.Equal([first.Id, second.Id], listed.Select(agreement => agreement.Id));
    }

    [Fact]
    public async Task Listing_agreements_without_an_employerId_is_refused()
    {
        var response = await api.AsEmployer().GetAsync("/agreements?employerId=%20");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["employerId"], await api.ErrorFieldsAsync(response));
    }

    [Fact]
    public async Task An_unknown_agreement_is_not_found()
    {
        var response = await api.AsCoordinator().GetAsync("/agreements/0198a6c2-0000-7000-8000-000000000000");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    /// <summary>What the events should carry of the agreement the API shows.</summary>
    private static AgreementState StateOf(AgreementResponse agreement) => new(agreement.Id, agreement.Version, agreement.EmployerId,
        agreement.Occupations, agreement.MinLevel, agreement.Quota, agreement.QuotaLeft, agreement.ValidFrom, agreement.ValidTo,
        agreement.LanguageSupport, agreement.SignedBy is null ? null : new Actor(agreement.SignedBy, "coordinator"));
}

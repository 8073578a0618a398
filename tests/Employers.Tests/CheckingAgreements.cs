using System.Text.Json.Nodes;
using Employers.Api.Agreements;
using Employers.Api.Openings;
using Matching.Contracts;

namespace Employers.Tests;

/// <summary>
/// A position reserved under an agreement, over the bus: the agreement must be the opening's employer's, valid on the day
/// the opening starts and cover its occupation; otherwise the placement is refused with the reason and nothing is held.
/// </summary>
public sealed class CheckingAgreements(EmployersApi api) : IClassFixture<EmployersApi>
{
    // The opening: rhein-logistik's 9333 (freight handlers), starting 2027-08-01.
    [Theory]
    [InlineData("""{ "validFrom": "2026-01-01", "validTo": "2026-12-31" }""", "agreement not valid when the opening starts")]
    [InlineData("""{ "validFrom": "2027-08-02", "validTo": "2027-12-31" }""", "agreement not valid when the opening starts")]
    [InlineData("""{ "validFrom": "2027-01-01", "validTo": "2027-07-31" }""", "agreement not valid when the opening starts")]
    [InlineData("""{ "occupations": ["52"] }""", "agreement does not cover the opening's occupation")]
    [InlineData("""{ "occupations": ["9334", "8"] }""", "agreement does not cover the opening's occupation")]
    [InlineData("""{ "employerId": "someone-else" }""", "agreement of another employer")]
    public async Task An_agreement_that_does_not_fit_the_opening_should_be_refused_and_hold_nothing(string agreementFields, string reason)
    {
        var (opening, agreement) = await PublishAsync(agreementFields);
        var openingBefore = await api.GetJsonAsync($"/openings/{opening}");
        var agreementBefore = await api.GetJsonAsync($"/agreements/{agreement}");

        var refusal = await api.HoldPositionAsync(new HoldPosition(Guid.CreateVersion7(), opening, agreement));

        Assert.Equal(reason, refusal);
        Assert.Equal(openingBefore.ToJsonString(), (await api.GetJsonAsync($"/openings/{opening}")).ToJsonString());
        Assert.Equal(agreementBefore.ToJsonString(), (await api.GetJsonAsync($"/agreements/{agreement}")).ToJsonString());
        Assert.DoesNotContain(await api.PublishedAsync<OpeningPositionsChanged>(), changed => changed.Opening.Id == opening);
        Assert.DoesNotContain(await api.PublishedAsync<AgreementQuotaChanged>(), changed => changed.Agreement.Id == agreement);
    }

    [Theory]
    [InlineData("""{ "validFrom": "2027-08-01", "validTo": "2027-08-01" }""")]
    [InlineData("""{ "occupations": [] }""")]
    [InlineData("""{ "occupations": ["9"] }""")]
    [InlineData("""{ "occupations": ["52", "9333"] }""")]
    public async Task An_agreement_that_fits_the_opening_should_hold_a_position_and_a_unit_of_quota(string agreementFields)
    {
        var (opening, agreement) = await PublishAsync(agreementFields);

        var refusal = await api.HoldPositionAsync(new HoldPosition(Guid.CreateVersion7(), opening, agreement));

        Assert.Null(refusal);
        Assert.Equal(2, (int)(await api.GetJsonAsync($"/openings/{opening}"))["positionsLeft"]!);
        Assert.Equal(9, (int)(await api.GetJsonAsync($"/agreements/{agreement}"))["quotaLeft"]!);
    }

    /// <summary>An opening of the example and an agreement of the example with <paramref name="agreementFields"/> changed.</summary>
    private async Task<(Guid Opening, Guid Agreement)> PublishAsync(string agreementFields)
    {
        var opening = await api.ReadAsync<OpeningResponse>(await api.PostAsync("/openings", Requests.Opening()));
        var body = Requests.Agreement();
        foreach (var (field, value) in JsonNode.Parse(agreementFields)!.AsObject()) body.With(field, value!.ToJsonString());
        var agreement = await api.ReadAsync<AgreementResponse>(await api.PostAsync("/agreements", body));
        return (opening.Id, agreement.Id);
    }
}

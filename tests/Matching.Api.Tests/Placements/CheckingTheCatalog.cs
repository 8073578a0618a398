using System.Net;
using Matching.Contracts;

namespace Matching.Api.Tests.Placements;

/// <summary>
/// What the catalog knows decides before anything is sent: no placement for a withdrawn course, a closed opening or an
/// agreement that does not cover the opening, and no confirmation once the course or opening is gone.
/// </summary>
public sealed class CheckingTheCatalog(PlacementsApp app) : IClassFixture<PlacementsApp>
{
    [Fact]
    public async Task A_placement_for_a_withdrawn_course_should_be_refused_with_the_reason_and_nothing_sent()
    {
        var offer = await app.OfferAsync();
        await app.WithdrawAsync(offer.Course);

        using var response = await app.RequestAsync(new { reference = "withdrawn-1", courseId = offer.Course.Id, openingId = offer.Opening.Id });

        var problem = await PlacementsApp.ProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Contains("withdrawn", (string?)problem["title"]);
        Assert.Empty(await app.PlacementsAsync("withdrawn-1"));
        Assert.Equal(0, app.Sent<HoldPosition>(command => command.OpeningId == offer.Opening.Id));
    }

    [Fact]
    public async Task A_placement_for_a_closed_opening_should_be_refused_with_the_reason_and_nothing_sent()
    {
        var offer = await app.OfferAsync();
        await app.CloseAsync(offer.Opening);

        using var response = await app.RequestAsync(new { reference = "closed-1", courseId = offer.Course.Id, openingId = offer.Opening.Id });

        var problem = await PlacementsApp.ProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Contains("closed", (string?)problem["title"]);
        Assert.Empty(await app.PlacementsAsync("closed-1"));
        Assert.Equal(0, app.Sent<ReserveSeat>(command => command.CourseId == offer.Course.Id));
    }

    public static TheoryData<string, Func<AgreementState, AgreementState>> AgreementsThatDoNotCover => new()
    {
        { "valid only before the opening starts", agreement => agreement with { ValidTo = new DateOnly(2027, 7, 31) } },
        { "valid only after the opening starts", agreement => agreement with { ValidFrom = new DateOnly(2027, 8, 2) } },
        { "for other occupations", agreement => agreement with { Occupations = ["92", "8"] } },
        { "of another employer", agreement => agreement with { EmployerId = "someone-else" } },
    };

    [Theory]
    [MemberData(nameof(AgreementsThatDoNotCover))]
    public async Task A_placement_with_an_agreement_that_does_not_cover_the_opening_should_be_refused_naming_the_agreement(
        string what, Func<AgreementState, AgreementState> agreement)
    {
        var offer = await app.OfferAsync(agreement);
        var reference = "agreement-" + Guid.NewGuid().ToString("N")[..8];

        using var response = await app.RequestAsync(new { reference, openingId = offer.Opening.Id, agreementId = offer.Agreement.Id });

        var problem = await PlacementsApp.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem["errors"]!.AsObject().ContainsKey("agreementId"), $"{what}: {problem.ToJsonString()}");
        Assert.Empty(await app.PlacementsAsync(reference));
    }

    [Fact]
    public async Task A_placement_with_an_agreement_for_every_occupation_or_the_exact_one_should_be_accepted()
    {
        var everything = await app.OfferAsync(agreement => agreement with { Occupations = [] });
        var exact = await app.OfferAsync(agreement => agreement with { Occupations = ["9333"], ValidFrom = new DateOnly(2027, 8, 1), ValidTo = new DateOnly(2027, 8, 1) });

        await app.PlaceAsync(new { reference = "agreement-all", openingId = everything.Opening.Id, agreementId = everything.Agreement.Id });
        await app.PlaceAsync(new { reference = "agreement-exact", openingId = exact.Opening.Id, agreementId = exact.Agreement.Id });
    }

    [Fact]
    public async Task A_placement_with_an_agreement_whose_quota_is_used_up_should_be_refused_with_the_reason()
    {
        var offer = await app.OfferAsync(agreement => agreement with { QuotaLeft = 0 });

        using var response = await app.RequestAsync(new { reference = "quota-1", openingId = offer.Opening.Id, agreementId = offer.Agreement.Id });

        var problem = await PlacementsApp.ProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Contains("quota", (string?)problem["title"]);
        Assert.Empty(await app.PlacementsAsync("quota-1"));
        Assert.Equal(0, app.Sent<HoldPosition>(command => command.OpeningId == offer.Opening.Id));
    }

    [Fact]
    public async Task A_reserved_placement_whose_course_was_withdrawn_since_cannot_be_confirmed()
    {
        var offer = await app.OfferAsync();
        var id = await ReservedAsync(offer, "confirm-withdrawn");
        await app.WithdrawAsync(offer.Course);

        using var response = await app.ConfirmAsync(id);

        var problem = await PlacementsApp.ProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Contains("withdrawn", (string?)problem["title"]);
        Assert.Equal("reserved", PlacementsApp.State(await app.PlacementAsync(id)));
    }

    [Fact]
    public async Task A_reserved_placement_whose_opening_was_closed_since_cannot_be_confirmed()
    {
        var offer = await app.OfferAsync();
        var id = await ReservedAsync(offer, "confirm-closed");
        await app.CloseAsync(offer.Opening);

        using var response = await app.ConfirmAsync(id);

        var problem = await PlacementsApp.ProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Contains("closed", (string?)problem["title"]);
        Assert.Equal("reserved", PlacementsApp.State(await app.PlacementAsync(id)));
    }

    [Fact]
    public async Task A_reserved_placement_whose_course_and_opening_are_still_there_should_be_confirmed()
    {
        var offer = await app.OfferAsync();
        var id = await ReservedAsync(offer, "confirm-fine");

        using var response = await app.ConfirmAsync(id);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("confirmed", PlacementsApp.State(await app.PlacementAsync(id)));
    }

    private async Task<Guid> ReservedAsync(Offer offer, string reference)
    {
        var id = await app.PlaceAsync(new { reference, courseId = offer.Course.Id, openingId = offer.Opening.Id, agreementId = offer.Agreement.Id });
        await app.AnswerAsync(new SeatReserved(id, offer.Course.Id));
        await app.AnswerAsync(new PositionHeld(id, offer.Opening.Id, offer.Agreement.Id));
        await app.WaitForAsync(id, "reserved");
        return id;
    }
}

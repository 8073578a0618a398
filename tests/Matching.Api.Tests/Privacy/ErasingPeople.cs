using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Matching.Api.Tests.Placements;
using Matching.Contracts;
using Matching.Testing;

namespace Matching.Api.Tests.Privacy;

/// <summary><c>DELETE /people/{reference}</c>: every placement and history entry of the pseudonym gone, what they held given back, the other services asked.</summary>
public abstract class ErasingPeople<TApp>(TApp app) : IClassFixture<TApp> where TApp : PrivacyApp
{
    [Fact]
    public async Task Erasing_a_person_should_leave_nothing_of_the_pseudonym_and_give_back_what_is_not_in_use()
    {
        var reference = "erase-" + Guid.NewGuid().ToString("N");
        var (first, second, third) = (await app.OfferAsync(), await app.OfferAsync(), await app.OfferAsync());
        var reserved = await app.PlaceAsync(new { reference, courseId = first.Course.Id, openingId = first.Opening.Id, agreementId = first.Agreement.Id });
        // One answer after the other: the harness retries no answer that met the other's change of the same placement.
        await app.AnswerAsync(new SeatReserved(reserved, first.Course.Id));
        await app.ConsumedAsync<SeatReserved>(answer => answer.PlacementId == reserved);
        await app.AnswerAsync(new PositionHeld(reserved, first.Opening.Id, first.Agreement.Id));
        var confirmed = await app.PlaceAsync(new { reference, courseId = second.Course.Id });
        await app.AnswerAsync(new SeatReserved(confirmed, second.Course.Id));
        await app.WaitForAsync(confirmed, "reserved");
        (await app.ConfirmAsync(confirmed)).EnsureSuccessStatusCode();
        var requested = await app.PlaceAsync(new { reference, courseId = third.Course.Id });
        await app.WaitForAsync(reserved, "reserved");
        Assert.NotEmpty(await app.RowsHoldingAsync(reference));

        using var response = await app.EraseAsync(reference);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var erasure = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        var erasureId = (Guid)erasure["id"]!;
        Assert.Equal($"/erasures/{erasureId}", response.Headers.Location?.OriginalString);
        Assert.Equal((3, "request", false), ((int)erasure["placements"]!, (string?)erasure["cause"], (bool)erasure["complete"]!));
        Assert.Empty(await app.RowsHoldingAsync(reference));
        Assert.Empty(await app.PlacementsAsync(reference));
        Assert.Equal(HttpStatusCode.NotFound, (await app.AsCaseworker().GetAsync($"/placements/{reserved}")).StatusCode);

        // What a reserved or requested placement held or asked for is given back; a confirmed one's seat is in use.
        await app.SentAsync<ReleaseSeat>(release => release.PlacementId == reserved);
        await app.SentAsync<ReleasePosition>(release => release.PlacementId == reserved);
        await app.SentAsync<ReleaseSeat>(release => release.PlacementId == requested);
        await app.SentAsync<ErasePlacements>(erase => erase.ErasureId == erasureId);
        Assert.Equal(new[] { confirmed, requested, reserved }.Order(), OnlyErasure(erasureId).PlacementIds.Order());
        Assert.Equal(0, app.Sent<ReleaseSeat>(release => release.PlacementId == confirmed));

        await app.AnswerAsync(new PlacementsErased(erasureId, "courses", 3));
        var halfway = await ErasureOnceAsync(erasureId, shown => shown["confirmed"]!["courses"] is not null);
        Assert.False((bool)halfway["complete"]!);
        await app.AnswerAsync(new PlacementsErased(erasureId, "employers", 1));
        await ErasureOnceAsync(erasureId, shown => (bool)shown["complete"]!);
    }

    [Fact]
    public async Task Erasing_again_should_find_nothing_more_and_be_complete_at_once()
    {
        var reference = "again-" + Guid.NewGuid().ToString("N");
        var offer = await app.OfferAsync();
        await app.PlaceAsync(new { reference, courseId = offer.Course.Id });
        (await app.EraseAsync(reference)).EnsureSuccessStatusCode();

        using var again = await app.EraseAsync(reference);

        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        var erasure = (await again.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal((0, true), ((int)erasure["placements"]!, (bool)erasure["complete"]!));
        Assert.Equal(0, app.Sent<ErasePlacements>(erase => erase.ErasureId == (Guid)erasure["id"]!));
    }

    [Theory]
    [InlineData(101)]
    [InlineData(0)]
    public async Task A_reference_that_cannot_be_one_should_be_refused_naming_it_and_erase_nothing(int length)
    {
        var reference = "kept-" + Guid.NewGuid().ToString("N");
        var offer = await app.OfferAsync();
        var placement = await app.PlaceAsync(new { reference, courseId = offer.Course.Id });

        using var response = await app.EraseAsync(length == 0 ? " " : new string('x', length));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["reference"], await MatchingApp.ErrorFieldsAsync(response));
        Assert.Equal(placement, (Guid)(await app.PlacementAsync(placement))["id"]!);
    }

    [Fact]
    public async Task Only_a_caseworker_should_erase_a_person()
    {
        var reference = "coordinated-" + Guid.NewGuid().ToString("N");
        var offer = await app.OfferAsync();
        var placement = await app.PlaceAsync(new { reference, courseId = offer.Course.Id });

        using var response = await app.CreateClient().SignedIn(Tokens.Coordinator()).DeleteAsync($"/people/{reference}");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(placement, (Guid)(await app.PlacementAsync(placement))["id"]!);
    }

    private ErasePlacements OnlyErasure(Guid erasureId)
    {
        ErasePlacements? found = null;
        Assert.Equal(1, app.Sent<ErasePlacements>(erase => erase.ErasureId == erasureId && (found = erase) is not null));
        return found!;
    }

    private async Task<JsonObject> ErasureOnceAsync(Guid id, Func<JsonObject, bool> condition)
    {
        JsonObject shown = [];
        await Poll.UntilAsync(async () => condition(shown = (await app.AsCaseworker().GetFromJsonAsync<JsonObject>($"/erasures/{id}"))!),
            TimeSpan.FromSeconds(60), () => $"the erasure should move on, is {shown.ToJsonString()}");
        return shown;
    }
}

public sealed class ErasingPeopleOnSqlite(PrivacyApp app) : ErasingPeople<PrivacyApp>(app);

public sealed class ErasingPeopleOnPostgres(PostgresPrivacyApp app) : ErasingPeople<PostgresPrivacyApp>(app);

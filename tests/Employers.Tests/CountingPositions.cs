using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Employers.Api.Openings;
using Employers.Api.Positions;
using Matching.Contracts;

namespace Employers.Tests;

/// <summary>
/// An opening's positions are its total, the positions its employer filled itself and the positions reserved through the
/// system; what is left is the rest. What an employer publishes and what placements reserve never count the same position twice.
/// </summary>
public sealed class CountingPositions(EmployersApi api) : IClassFixture<EmployersApi>
{
    [Fact]
    public async Task Positions_left_from_before_a_reservation_should_be_refused_so_one_position_goes_to_one_placement()
    {
        var opening = await PostAsync(positions: 1);
        Assert.Null(await api.HoldPositionAsync(new HoldPosition(Guid.CreateVersion7(), opening, null)));

        // The employer sends "1 left" again from a page loaded before the reservation.
        var response = await api.AsEmployer().PutAsJsonAsync($"/openings/{opening}/positions", new { positionsLeft = 1 });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(["positionsLeft"], await api.ErrorFieldsAsync(response));
        Assert.Equal(PositionReservations.NoPositionsLeft, await api.HoldPositionAsync(new HoldPosition(Guid.CreateVersion7(), opening, null)));
        Assert.Equal((1, 0, 1, 0), Positions(await api.GetJsonAsync($"/openings/{opening}")));
    }

    [Fact]
    public async Task Positions_left_as_the_employer_sees_them_should_count_the_rest_as_taken_outside_and_keep_reserved_ones_apart()
    {
        var opening = await PostAsync(positions: 5);
        var placement = Guid.CreateVersion7();
        Assert.Null(await api.HoldPositionAsync(new HoldPosition(placement, opening, null)));
        Assert.Equal((5, 0, 1, 4), Positions(await api.GetJsonAsync($"/openings/{opening}")));

        var changed = await PutPositionsAsync(opening, new { positionsLeft = 2 });

        Assert.Equal((5, 2, 1, 2), Positions(changed));
        Assert.Contains(await api.PublishedAsync<OpeningPositionsChanged>(),
            e => e.Opening.Id == opening && e.Opening.PositionsLeft == 2 && e.Opening.Positions == 5 && e.Opening.Version == (long)changed["version"]!);
        await api.ReleasePositionAsync(new ReleasePosition(placement, opening));
        Assert.Equal((5, 2, 0, 3), Positions(await api.GetJsonAsync($"/openings/{opening}")));
    }

    [Fact]
    public async Task Positions_taken_outside_and_the_total_should_be_publishable_on_their_own()
    {
        var opening = await PostAsync(positions: 5);
        Assert.Null(await api.HoldPositionAsync(new HoldPosition(Guid.CreateVersion7(), opening, null)));

        Assert.Equal((5, 3, 1, 1), Positions(await PutPositionsAsync(opening, new { positionsTakenOutside = 3 })));
        Assert.Equal((8, 3, 1, 4), Positions(await PutPositionsAsync(opening, new { positions = 8 })));
        Assert.Equal((6, 3, 1, 2), Positions(await PutPositionsAsync(opening, new { positions = 6, positionsLeft = 2 })));
        Assert.Equal((2, 0, 1, 1), Positions(await PutPositionsAsync(opening, new { positions = 2, positionsTakenOutside = 0 })));
        Assert.Equal((2, 0, 1, 1), Positions(await api.GetJsonAsync($"/openings/{opening}")));
    }

    [Theory]
    [InlineData("""{ "positionsTakenOutside": 5 }""", "positionsTakenOutside")]
    [InlineData("""{ "positions": 2 }""", "positions")]
    [InlineData("""{ "positionsLeft": 5 }""", "positionsLeft")]
    [InlineData("""{ "positions": 4, "positionsLeft": 4 }""", "positionsLeft")]
    public async Task Positions_that_would_leave_no_room_for_the_reserved_ones_should_be_a_conflict_naming_the_field(string body, string field)
    {
        var opening = await PostAsync(positions: 5);
        await PutPositionsAsync(opening, new { positionsTakenOutside = 2 });
        Assert.Null(await api.HoldPositionAsync(new HoldPosition(Guid.CreateVersion7(), opening, null)));
        var before = await api.GetJsonAsync($"/openings/{opening}");

        var response = await PutAsync(opening, body);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal([field], await api.ErrorFieldsAsync(response));
        Assert.Equal(before.ToJsonString(), (await api.GetJsonAsync($"/openings/{opening}")).ToJsonString());
    }

    [Theory]
    [InlineData("""{ }""", "positionsLeft")]
    [InlineData("""{ "positionsLeft": 1, "positionsTakenOutside": 1 }""", "positionsTakenOutside")]
    [InlineData("""{ "positionsTakenOutside": -1 }""", "positionsTakenOutside")]
    [InlineData("""{ "positionsTakenOutside": 4 }""", "positionsTakenOutside")]
    [InlineData("""{ "positionsLeft": 4 }""", "positionsLeft")]
    [InlineData("""{ "positions": 0 }""", "positions")]
    [InlineData("""{ "positions": 1001 }""", "positions")]
    [InlineData("""{ "positions": 2, "positionsLeft": 3 }""", "positionsLeft")]
    [InlineData("""{ "positionsLeft": "two" }""", "positionsLeft")]
    public async Task Positions_that_cannot_be_should_be_refused_naming_the_field(string body, string field)
    {
        var opening = await PostAsync(positions: 3);

        var response = await PutAsync(opening, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal([field], await api.ErrorFieldsAsync(response));
        Assert.Equal((3, 0, 0, 3), Positions(await api.GetJsonAsync($"/openings/{opening}")));
    }

    [Fact]
    public async Task Positions_of_a_closed_opening_should_be_a_conflict_and_of_an_unknown_one_not_found()
    {
        var opening = await PostAsync(positions: 3);
        await api.AsEmployer().PostAsync($"/openings/{opening}/close", null);

        var closed = await api.AsEmployer().PutAsJsonAsync($"/openings/{opening}/positions", new { positionsLeft = 1 });
        var unknown = await api.AsEmployer().PutAsJsonAsync($"/openings/{Guid.CreateVersion7()}/positions", new { positionsLeft = 1 });

        Assert.Equal((HttpStatusCode.Conflict, HttpStatusCode.NotFound), (closed.StatusCode, unknown.StatusCode));
        Assert.Equal("application/problem+json", closed.Content.Headers.ContentType?.MediaType);
    }

    private async Task<Guid> PostAsync(int positions) =>
        (await api.ReadAsync<OpeningResponse>(await api.PostAsync("/openings", Requests.Opening().With("positions", positions.ToString())))).Id;

    private Task<HttpResponseMessage> PutAsync(Guid opening, string body) =>
        api.AsEmployer().PutAsync($"/openings/{opening}/positions", new StringContent(body, Encoding.UTF8, "application/json"));

    private async Task<JsonObject> PutPositionsAsync(Guid opening, object body)
    {
        var response = await api.AsEmployer().PutAsJsonAsync($"/openings/{opening}/positions", body);
        var answer = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"PUT positions answered {(int)response.StatusCode}: {answer}");
        return JsonNode.Parse(answer)!.AsObject();
    }

    /// <summary>(positions, taken outside, reserved, left) as the opening answer shows them.</summary>
    private static (int?, int?, int?, int?) Positions(JsonObject opening) =>
        ((int?)opening["positions"], (int?)opening["positionsTakenOutside"], (int?)opening["positionsReserved"], (int?)opening["positionsLeft"]);
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Courses.Api.Reservations;
using Matching.Contracts;

namespace Courses.Tests;

/// <summary>
/// A course's seats are its total, the seats its provider filled itself and the seats reserved through the system; free
/// is what is left. What a provider publishes and what placements reserve never count the same seat twice.
/// </summary>
public sealed class CountingSeats(CoursesApp app) : IClassFixture<CoursesApp>
{
    private readonly HttpClient client = app.AsProvider();

    [Fact]
    public async Task A_free_count_from_before_a_reservation_should_be_refused_so_one_seat_goes_to_one_placement()
    {
        var course = await PublishAsync(seatsTotal: 1, seatsFree: 1);
        Assert.Null(await app.ReserveSeatAsync(course, Guid.CreateVersion7()));

        // The provider sends "1 free" again from a page loaded before the reservation.
        var response = await client.PutAsJsonAsync($"/courses/{course}/seats", new { seatsFree = 1 });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.True((await CoursesApp.ReadErrorsAsync(response)).TryGetProperty("seatsFree", out _));
        Assert.Equal(SeatReservations.NoSeatsLeft, await app.ReserveSeatAsync(course, Guid.CreateVersion7()));
        Assert.Equal((1, 0, 1, 0), Seats(await app.GetCourseAsync(course)));
    }

    [Fact]
    public async Task Free_seats_as_the_provider_sees_them_should_count_the_rest_as_taken_outside_and_keep_reserved_seats_apart()
    {
        var course = await PublishAsync(seatsTotal: 20, seatsFree: 6);
        Assert.Equal((20, 14, 0, 6), Seats(await app.GetCourseAsync(course)));
        var placement = Guid.CreateVersion7();
        Assert.Null(await app.ReserveSeatAsync(course, placement));
        Assert.Equal((20, 14, 1, 5), Seats(await app.GetCourseAsync(course)));

        var response = await client.PutAsJsonAsync($"/courses/{course}/seats", new { seatsFree = 3 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal((20, 16, 1, 3), Seats((await response.Content.ReadFromJsonAsync<JsonObject>())!));
        var changed = await app.PublishedAsync<CourseSeatsChanged>(e => e.Course.Id == course && e.Course.SeatsFree == 3);
        Assert.Equal(20, changed.Course.SeatsTotal);

        await app.ReleaseSeatAsync(course, placement);
        Assert.Equal((20, 16, 0, 4), Seats(await app.GetCourseAsync(course)));
    }

    [Fact]
    public async Task A_seat_a_provider_already_counts_as_free_should_not_be_given_back_twice()
    {
        var course = await PublishAsync(seatsTotal: 3, seatsFree: 3);
        var placement = Guid.CreateVersion7();
        Assert.Null(await app.ReserveSeatAsync(course, placement));

        // The provider heard the person will not come and counts the seat as free before the placement is released.
        var response = await client.PutAsJsonAsync($"/courses/{course}/seats", new { seatsFree = 3 });
        await app.ReleaseSeatAsync(course, placement);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal((3, 0, 0, 3), Seats(await app.GetCourseAsync(course)));
    }

    [Fact]
    public async Task Seats_taken_outside_and_the_total_should_be_publishable_on_their_own()
    {
        var course = await PublishAsync(seatsTotal: 20, seatsFree: 6);
        Assert.Null(await app.ReserveSeatAsync(course, Guid.CreateVersion7()));

        Assert.Equal((20, 5, 1, 14), Seats(await PutSeatsAsync(course, new { seatsTakenOutside = 5 })));
        Assert.Equal((10, 5, 1, 4), Seats(await PutSeatsAsync(course, new { seatsTotal = 10 })));
        Assert.Equal((12, 9, 1, 2), Seats(await PutSeatsAsync(course, new { seatsTotal = 12, seatsFree = 2 })));
        Assert.Equal((8, 0, 1, 7), Seats(await PutSeatsAsync(course, new { seatsTotal = 8, seatsTakenOutside = 0 })));
        Assert.Equal((8, 0, 1, 7), Seats(await app.GetCourseAsync(course)));
    }

    [Theory]
    [InlineData("""{ "seatsTakenOutside": 20 }""", "seatsTakenOutside")]
    [InlineData("""{ "seatsTotal": 14 }""", "seatsTotal")]
    [InlineData("""{ "seatsTotal": 15, "seatsFree": 15 }""", "seatsFree")]
    [InlineData("""{ "seatsFree": 20 }""", "seatsFree")]
    public async Task Seats_that_would_leave_no_room_for_the_reserved_ones_should_be_a_conflict_naming_the_field(string body, string field)
    {
        var course = await PublishAsync(seatsTotal: 20, seatsFree: 6);
        Assert.Null(await app.ReserveSeatAsync(course, Guid.CreateVersion7()));
        var before = await app.GetCourseAsync(course);

        var response = await client.PutAsync($"/courses/{course}/seats", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var errors = await CoursesApp.ReadErrorsAsync(response);
        Assert.Equal([field], errors.EnumerateObject().Select(error => error.Name));
        Assert.Equal(before.ToJsonString(), (await app.GetCourseAsync(course)).ToJsonString());
    }

    [Theory]
    [InlineData("""{ }""", "seatsFree")]
    [InlineData("""{ "seatsFree": 3, "seatsTakenOutside": 3 }""", "seatsTakenOutside")]
    [InlineData("""{ "seatsTakenOutside": -1 }""", "seatsTakenOutside")]
    [InlineData("""{ "seatsTakenOutside": 21 }""", "seatsTakenOutside")]
    [InlineData("""{ "seatsTotal": 0 }""", "seatsTotal")]
    [InlineData("""{ "seatsTotal": 1001 }""", "seatsTotal")]
    [InlineData("""{ "seatsTotal": 10, "seatsFree": 11 }""", "seatsFree")]
    public async Task Seats_that_cannot_be_should_be_refused_naming_the_field(string body, string field)
    {
        var course = await PublishAsync(seatsTotal: 20, seatsFree: 6);

        var response = await client.PutAsync($"/courses/{course}/seats", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal([field], (await CoursesApp.ReadErrorsAsync(response)).EnumerateObject().Select(error => error.Name));
        Assert.Equal((20, 14, 0, 6), Seats(await app.GetCourseAsync(course)));
    }

    private async Task<Guid> PublishAsync(int seatsTotal, int seatsFree)
    {
        var request = CoursesApp.ExampleCourse();
        request["seatsTotal"] = seatsTotal;
        request["seatsFree"] = seatsFree;
        return (await app.PublishAsync(request)).Id;
    }

    private async Task<JsonObject> PutSeatsAsync(Guid course, object body)
    {
        var response = await client.PutAsJsonAsync($"/courses/{course}/seats", body);
        var answer = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"PUT seats answered {(int)response.StatusCode}: {answer}");
        return JsonNode.Parse(answer)!.AsObject();
    }

    /// <summary>(total, taken outside, reserved, free) as the course answer shows them.</summary>
    private static (int?, int?, int?, int?) Seats(JsonObject course) =>
        ((int?)course["seatsTotal"], (int?)course["seatsTakenOutside"], (int?)course["seatsReserved"], (int?)course["seatsFree"]);
}

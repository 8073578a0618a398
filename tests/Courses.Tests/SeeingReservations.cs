using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Courses.Tests;

/// <summary>A provider sees which placements reserved seats of its course, and whether they hold them; by placement id alone.</summary>
public sealed class SeeingReservations(CoursesApp app) : IClassFixture<CoursesApp>
{
    [Fact]
    public async Task A_provider_should_see_each_placement_that_asked_for_a_seat_of_its_course_and_its_state()
    {
        var course = await PublishAsync(seatsFree: 1);
        var (held, released, refused) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
        Assert.Null(await app.ReserveSeatAsync(course, released));
        await app.ReleaseSeatAsync(course, released);
        Assert.Null(await app.ReserveSeatAsync(course, held));
        Assert.NotNull(await app.ReserveSeatAsync(course, refused));
        var elsewhere = await PublishAsync(seatsFree: 1);
        Assert.Null(await app.ReserveSeatAsync(elsewhere, Guid.CreateVersion7()));

        var response = await app.AsProvider().GetAsync($"/courses/{course}/reservations");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reservations = (await response.Content.ReadFromJsonAsync<JsonArray>())!.Select(reservation => reservation!.AsObject()).ToArray();
        Assert.Equal(
            [(released.ToString(), "released"), (held.ToString(), "held"), (refused.ToString(), "refused")],
            reservations.Select(reservation => ((string?)reservation["placementId"], (string?)reservation["state"])));
        Assert.All(reservations, reservation => Assert.Equal(["placementId", "state", "changedAt"], reservation.Select(field => field.Key)));
        Assert.Equal(["3"], response.Headers.GetValues("X-Total-Count"));
    }

    [Fact]
    public async Task A_course_without_reservations_should_show_none_and_a_page_out_of_range_be_refused()
    {
        var course = await PublishAsync(seatsFree: 1);

        var none = await app.AsProvider().GetAsync($"/courses/{course}/reservations");
        var badPage = await app.AsProvider().GetAsync($"/courses/{course}/reservations?pageSize=101");

        Assert.Empty((await none.Content.ReadFromJsonAsync<JsonArray>())!);
        Assert.Equal(HttpStatusCode.BadRequest, badPage.StatusCode);
        Assert.Equal(["pageSize"], (await CoursesApp.ReadErrorsAsync(badPage)).EnumerateObject().Select(error => error.Name));
    }

    [Fact]
    public async Task Reservations_should_come_in_pages()
    {
        var course = await PublishAsync(seatsFree: 3);
        for (var i = 0; i < 3; i++) Assert.Null(await app.ReserveSeatAsync(course, Guid.CreateVersion7()));

        var first = await app.AsProvider().GetAsync($"/courses/{course}/reservations?pageSize=2");
        var second = await app.AsProvider().GetAsync($"/courses/{course}/reservations?page=2&pageSize=2");

        Assert.Equal((2, 1), ((await first.Content.ReadFromJsonAsync<JsonArray>())!.Count, (await second.Content.ReadFromJsonAsync<JsonArray>())!.Count));
        Assert.Contains("rel=\"next\"", first.Headers.GetValues("Link").Single());
    }

    private async Task<Guid> PublishAsync(int seatsFree)
    {
        var request = CoursesApp.ExampleCourse();
        request["seatsFree"] = seatsFree;
        return (await app.PublishAsync(request)).Id;
    }
}

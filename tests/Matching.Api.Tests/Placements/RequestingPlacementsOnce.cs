using System.Net;
using Matching.Contracts;

namespace Matching.Api.Tests.Placements;

/// <summary>A retried request holds nothing twice: one placement per Idempotency-Key, one active placement per person and course or opening.</summary>
public abstract class RequestingPlacementsOnce<TApp>(TApp app) : IClassFixture<TApp> where TApp : PlacementsApp
{
    [Fact]
    public async Task The_same_request_with_the_same_key_should_give_the_same_placement_and_send_nothing_twice()
    {
        var offer = await app.OfferAsync();
        var body = new { reference = "retry-1", courseId = offer.Course.Id, openingId = offer.Opening.Id };
        var key = Guid.NewGuid().ToString();

        var first = await app.PlaceAsync(body, key);
        await app.SentAsync<ReserveSeat>(command => command.PlacementId == first);
        // A retry after a lost answer, and a few more at once.
        var retries = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => app.PlaceAsync(body, key)));

        Assert.All(retries, retry => Assert.Equal(first, retry));
        Assert.Single(await app.PlacementsAsync("retry-1"));
        // Another placement after the retries: once its command is out, any the retries had written would be too.
        var later = await app.OfferAsync();
        var sentinel = await app.PlaceAsync(new { reference = "retry-1-later", courseId = later.Course.Id });
        await app.SentAsync<ReserveSeat>(command => command.PlacementId == sentinel);
        Assert.Equal(1, app.Sent<ReserveSeat>(command => command.PlacementId == first));
        Assert.Equal(1, app.Sent<HoldPosition>(command => command.PlacementId == first));
        Assert.Equal(2, app.Sent<ReserveSeat>(command => command.CourseId == offer.Course.Id || command.CourseId == later.Course.Id));
    }

    [Fact]
    public async Task The_same_key_with_another_request_should_be_refused_naming_the_header()
    {
        var offer = await app.OfferAsync();
        var key = Guid.NewGuid().ToString();
        var first = await app.PlaceAsync(new { reference = "retry-2", courseId = offer.Course.Id }, key);

        using var otherPerson = await app.RequestAsync(new { reference = "retry-2-other", courseId = offer.Course.Id }, key);
        using var otherParts = await app.RequestAsync(new { reference = "retry-2", courseId = offer.Course.Id, openingId = offer.Opening.Id }, key);

        foreach (var response in new[] { otherPerson, otherParts })
        {
            var problem = await PlacementsApp.ProblemAsync(response, HttpStatusCode.UnprocessableEntity);
            Assert.Contains("Idempotency-Key", problem.ToJsonString());
        }
        Assert.Empty(await app.PlacementsAsync("retry-2-other"));
        Assert.Equal(first, (Guid)Assert.Single(await app.PlacementsAsync("retry-2"))!["id"]!);
    }

    [Fact]
    public async Task Requests_for_different_people_under_one_key_at_once_should_make_one_placement()
    {
        var offer = await app.OfferAsync();
        var key = Guid.NewGuid().ToString();

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => app.RequestAsync(new { reference = $"retry-4-{i}", courseId = offer.Course.Id }, key)));

        Assert.Single(responses, response => response.StatusCode == HttpStatusCode.Accepted);
        Assert.All(responses.Where(response => response.StatusCode != HttpStatusCode.Accepted),
            response => Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode));
        foreach (var response in responses) response.Dispose();
    }

    [Fact]
    public async Task An_idempotency_key_that_is_too_long_should_be_refused_naming_the_header()
    {
        var offer = await app.OfferAsync();

        using var response = await app.RequestAsync(new { reference = "retry-3", courseId = offer.Course.Id }, new string('k', 201));

        var problem = await PlacementsApp.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem["errors"]!.AsObject().ContainsKey("Idempotency-Key"), problem.ToJsonString());
    }

    [Fact]
    public async Task A_second_active_placement_of_a_person_for_the_same_course_or_opening_should_be_refused_naming_the_first()
    {
        var offer = await app.OfferAsync();
        var other = await app.OfferAsync();
        var first = await app.PlaceAsync(new { reference = "twice-1", courseId = offer.Course.Id, openingId = offer.Opening.Id });

        using var sameCourse = await app.RequestAsync(new { reference = "twice-1", courseId = offer.Course.Id, openingId = other.Opening.Id });
        using var sameOpening = await app.RequestAsync(new { reference = "twice-1", courseId = other.Course.Id, openingId = offer.Opening.Id });
        using var courseOnly = await app.RequestAsync(new { reference = "twice-1", courseId = offer.Course.Id });

        foreach (var response in new[] { sameCourse, sameOpening, courseOnly })
        {
            var problem = await PlacementsApp.ProblemAsync(response, HttpStatusCode.Conflict);
            Assert.Equal(first, (Guid)problem["placementId"]!);
            Assert.Contains(first.ToString(), (string?)problem["detail"]);
        }
        Assert.Single(await app.PlacementsAsync("twice-1"));
        // Another person, or the same person for something else, is placed as usual.
        await app.PlaceAsync(new { reference = "twice-1-other", courseId = offer.Course.Id, openingId = offer.Opening.Id });
        await app.PlaceAsync(new { reference = "twice-1", courseId = other.Course.Id, openingId = other.Opening.Id });
    }

    [Fact]
    public async Task Many_requests_of_a_person_for_one_course_at_once_should_make_one_placement()
    {
        var offer = await app.OfferAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => app.RequestAsync(new { reference = "twice-2", courseId = offer.Course.Id })));

        Assert.Single(responses, response => response.StatusCode == HttpStatusCode.Accepted);
        Assert.All(responses.Where(response => response.StatusCode != HttpStatusCode.Accepted), response => Assert.Equal(HttpStatusCode.Conflict, response.StatusCode));
        Assert.Single(await app.PlacementsAsync("twice-2"));
        foreach (var response in responses) response.Dispose();
    }

    [Fact]
    public async Task A_person_whose_placement_was_rejected_may_be_placed_there_again()
    {
        var offer = await app.OfferAsync();
        var rejected = await app.PlaceAsync(new { reference = "again-1", courseId = offer.Course.Id });
        await app.AnswerAsync(new SeatRefused(rejected, offer.Course.Id, "no seats left"));
        await app.WaitForAsync(rejected, "rejected");

        var again = await app.PlaceAsync(new { reference = "again-1", courseId = offer.Course.Id });

        Assert.NotEqual(rejected, again);
        Assert.Equal(2, (await app.PlacementsAsync("again-1")).Count);
    }
}

public sealed class RequestingPlacementsOnceOnSqlite(PlacementsApp app) : RequestingPlacementsOnce<PlacementsApp>(app);

public sealed class RequestingPlacementsOnceOnPostgres(PostgresPlacementsApp app) : RequestingPlacementsOnce<PostgresPlacementsApp>(app);

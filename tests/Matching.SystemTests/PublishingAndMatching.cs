using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Matching.SystemTests;

[Collection(nameof(MatchingSystem))]
public sealed class PublishingAndMatching(MatchingSystem system)
{
    // Each test uses an occupation code of its own, so tests sharing the running system never see each other's openings.
    private static int nextOccupation = 9300;

    [Fact]
    public async Task A_new_opening_agreement_and_course_should_show_up_in_matches()
    {
        var (occupation, courseId, openingId, agreementId, _) = await PublishPathwayAsync();

        var query = PersonAtA2(occupation);
        JsonNode? pathway = null;
        await system.EventuallyAsync(async () =>
        {
            pathway = (await system.SuggestionsAsync(query)).FirstOrDefault(s =>
                (string?)s!["kind"] == "course-then-job" && (string?)s["course"]?["id"] == courseId && (string?)s["opening"]?["id"] == openingId);
            return pathway is not null;
        }, "the course-then-job pathway appears");

        // The agreement accepts B1 here although the opening asks for B2: a B1 course is enough.
        Assert.Equal(agreementId, (string?)pathway!["agreement"]?["id"]);
        Assert.NotEmpty(pathway["reasons"]!.AsArray());
        Assert.InRange((double)pathway["score"]!, 0, 1);
    }

    [Fact]
    public async Task Publishing_zero_free_seats_should_remove_the_course_from_matches()
    {
        var (occupation, courseId, _, _, _) = await PublishPathwayAsync();
        await WaitForCourseAsync(occupation, courseId, present: true);

        var response = await (await system.AsProviderAsync()).PutAsJsonAsync($"/courses/{courseId}/seats", new { seatsFree = 0 });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        await WaitForCourseAsync(occupation, courseId, present: false);
    }

    [Fact]
    public async Task Closing_the_opening_should_remove_it_from_matches()
    {
        var (occupation, _, openingId, _, employer) = await PublishPathwayAsync();
        await WaitForOpeningAsync(occupation, openingId, present: true);

        var response = await (await system.AsEmployerAsync(employer)).PostAsync($"/openings/{openingId}/close", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        await WaitForOpeningAsync(occupation, openingId, present: false);
    }

    [Fact]
    public async Task A_restarted_matching_service_should_keep_its_projection()
    {
        var (occupation, courseId, openingId, _, _) = await PublishPathwayAsync();
        await WaitForOpeningAsync(occupation, openingId, present: true);
        await WaitForCourseAsync(occupation, courseId, present: true);

        await system.RestartMatchingAsync();

        var suggestions = await system.SuggestionsAsync(PersonAtA2(occupation));
        Assert.Contains(suggestions, s => (string?)s!["opening"]?["id"] == openingId);
        Assert.Contains(suggestions, s => (string?)s!["course"]?["id"] == courseId);
    }

    [Fact]
    public async Task Every_replica_of_the_matching_service_should_see_every_change()
    {
        await using var replica = await system.StartMatchingReplicaAsync();
        var (occupation, courseId, openingId, _, _) = await PublishPathwayAsync();
        await WaitForCourseAsync(occupation, courseId, present: true);

        // The shared durable queue hands each event to one replica; each one's own queue brings it to the other.
        await system.EventuallyAsync(async () =>
        {
            var suggestions = await system.SuggestionsAsync(replica, PersonAtA2(occupation));
            return suggestions.Any(s => (string?)s!["course"]?["id"] == courseId) && suggestions.Any(s => (string?)s!["opening"]?["id"] == openingId);
        }, "the replica suggests the new course and opening");

        var response = await (await system.AsProviderAsync()).PutAsJsonAsync($"/courses/{courseId}/seats", new { seatsFree = 0 });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await WaitForCourseAsync(occupation, courseId, present: false);
        await system.EventuallyAsync(async () =>
            !(await system.SuggestionsAsync(replica, PersonAtA2(occupation))).Any(s => (string?)s!["course"]?["id"] == courseId),
            "the replica no longer suggests the full course");
    }

    /// <summary>An opening of a new employer, an agreement the coordinator signs with it, and a course of the provider.</summary>
    private async Task<(string Occupation, string CourseId, string OpeningId, string AgreementId, string Employer)> PublishPathwayAsync()
    {
        var occupation = Interlocked.Increment(ref nextOccupation).ToString();
        var employer = system.NewEmployer();
        var opening = await PostAsync(await system.AsEmployerAsync(employer), "/openings", new
        {
            employerId = employer, title = "Lagerhelfer/in", occupation, location = new { place = "Rheinhausen" },
            minLevel = "B2", positions = 3, startsOn = "2027-08-01", hoursPerWeek = 38, languageSupport = true,
        });
        var agreement = await PostAsync(await system.AsCoordinatorAsync(), "/agreements", new
        {
            employerId = employer, occupations = new[] { occupation[..2] }, minLevel = "B1", quota = 10,
            validFrom = "2027-01-01", validTo = "2027-12-31", languageSupport = "Deutsch am Arbeitsplatz, 2 h/Woche",
        });
        var course = await PostAsync(await system.AsProviderAsync(), "/courses", new
        {
            providerId = MatchingSystem.Provider, title = "Berufssprachkurs A2-B1", kind = "job-related", levelFrom = "A2", levelTo = "B1",
            location = new { place = "Hochfeld" }, online = false, startsOn = "2027-02-01", endsOn = "2027-06-30",
            hoursPerWeek = 20, schedule = "morning", childcare = false, seatsTotal = 20, seatsFree = 6,
        });
        return (occupation, course, opening, agreement, employer);
    }

    private static object PersonAtA2(string occupation) => new
    {
        reference = "case-" + occupation, level = "A2", location = new { place = "Meiderich" }, maxDistanceKm = 25,
        availableFrom = "2027-01-04", occupations = new[] { occupation }, limit = 500,
    };

    private Task WaitForCourseAsync(string occupation, string courseId, bool present) =>
        system.EventuallyAsync(async () =>
            (await system.SuggestionsAsync(PersonAtA2(occupation))).Any(s => (string?)s!["course"]?["id"] == courseId) == present,
            $"course {courseId} is {(present ? "" : "no longer ")}suggested");

    private Task WaitForOpeningAsync(string occupation, string openingId, bool present) =>
        system.EventuallyAsync(async () =>
            (await system.SuggestionsAsync(PersonAtA2(occupation))).Any(s => (string?)s!["opening"]?["id"] == openingId) == present,
            $"opening {openingId} is {(present ? "" : "no longer ")}suggested");

    private static async Task<string> PostAsync(HttpClient client, string path, object body)
    {
        using var response = await client.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST {path} answered {(int)response.StatusCode}: {text}");
        return (string)JsonNode.Parse(text)!["id"]!;
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Matching.Contracts;
using Matching.Testing;
using Matching.Vocabulary;

namespace Matching.Api.Tests;

/// <summary><c>POST /matches/why-not</c>, and what the person's admission does to <c>POST /matches</c>.</summary>
public sealed class AskingWhyNot(MatchingApp app) : IClassFixture<MatchingApp>
{
    private async Task<HttpResponseMessage> AskAsync(JsonNode body) =>
        await app.AsCaseworker().PostAsJsonAsync("/matches/why-not", body);

    private async Task<JsonObject> ExplanationAsync(JsonNode body)
    {
        using var response = await AskAsync(body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"/matches/why-not answered {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>Asks until the answer is 200 and <paramref name="condition"/> holds (the catalog is fed on a queue of its own).</summary>
    private async Task<JsonObject> ExplainedOnceAsync(JsonObject body, Func<JsonObject, bool> condition, string what)
    {
        var last = "";
        JsonObject answer = [];
        await Poll.UntilAsync(async () =>
        {
            using var response = await AskAsync(body.DeepClone());
            last = await response.Content.ReadAsStringAsync();
            return response.StatusCode == HttpStatusCode.OK && condition(answer = JsonNode.Parse(last)!.AsObject());
        }, TimeSpan.FromSeconds(30), () => $"{what}; the last answer was {last}");
        return answer;
    }

    private async Task<CourseState> PublishedAsync(CourseState course)
    {
        await app.PublishAsync(new CoursePublished(course));
        await app.ConsumedAsync<CoursePublished>(published => published.Course.Id == course.Id);
        return course;
    }

    [Fact]
    public async Task A_course_beyond_the_distance_asked_should_be_explained_by_distance()
    {
        var spot = Given.SpotOfItsOwn();
        var course = await PublishedAsync(Given.Course(spot.North(40)));
        var person = Given.Person(spot).With("maxDistanceKm", 10);

        var answer = await ExplainedOnceAsync(new JsonObject { ["person"] = person, ["courseId"] = course.Id },
            answer => answer["excludedBy"]!.AsArray().Count > 0, "the course should be excluded");

        var exclusion = Assert.Single(answer["excludedBy"]!.AsArray())!;
        Assert.Equal("distance", (string?)exclusion["rule"]);
        Assert.Equal("40.0 km away, beyond the 10 km asked", (string?)exclusion["reason"]);
        Assert.Null(answer["rank"]);
    }

    [Fact]
    public async Task A_suggested_course_should_say_its_rank_and_carry_its_suggestion()
    {
        var spot = Given.SpotOfItsOwn();
        var course = await PublishedAsync(Given.Course(spot.North(2)));

        var answer = await ExplainedOnceAsync(new JsonObject { ["person"] = Given.Person(spot), ["courseId"] = course.Id },
            answer => (int?)answer["rank"] == 1, "the course should rank first");

        Assert.Empty(answer["excludedBy"]!.AsArray());
        Assert.Equal(course.Id, (Guid)answer["best"]!["course"]!["id"]!);
        Assert.Equal("Suggested: ranked 1", (string?)answer["summary"]);
    }

    [Fact]
    public async Task An_integration_course_should_leave_the_suggestions_of_someone_known_not_to_be_admitted()
    {
        var spot = Given.SpotOfItsOwn();
        var course = await PublishedAsync(Given.Course(spot.North(2)));
        var unchecked_ = Given.Person(spot);
        var notAdmitted = Given.Person(spot).With("admission", new JsonObject { ["integrationCourse"] = "none" });

        var suggestions = await app.SuggestionsOnceAsync(unchecked_, s => s.Count > 0, "the course should be suggested");
        Assert.Contains("To check: entitled, obliged or admitted to attend integration courses",
            suggestions[0]!["reasons"]!.AsArray().Select(reason => (string?)reason));
        Assert.Equal("integration", (string?)suggestions[0]!["course"]!["kind"]);
        Assert.Empty(await app.SuggestionsAsync(notAdmitted));

        var answer = await ExplanationAsync(new JsonObject { ["person"] = notAdmitted.DeepClone(), ["courseId"] = course.Id });
        Assert.Equal("admission", (string?)Assert.Single(answer["excludedBy"]!.AsArray())!["rule"]);
    }

    [Fact]
    public async Task An_unknown_course_or_opening_should_be_404()
    {
        var person = Given.Person(Given.SpotOfItsOwn());

        using var course = await AskAsync(new JsonObject { ["person"] = person.DeepClone(), ["courseId"] = Guid.NewGuid() });
        using var opening = await AskAsync(new JsonObject { ["person"] = person.DeepClone(), ["openingId"] = Guid.NewGuid() });

        Assert.Equal(HttpStatusCode.NotFound, course.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, opening.StatusCode);
    }

    public static TheoryData<string, string> BadQuestions() => new()
    {
        { """{ "courseId": "5d0c6a4e-1111-4c1e-9a44-1c5b1f1f0001" }""", "person" },
        { """{ "person": { "reference": "case-1", "location": { "place": "Meiderich" } }, "courseId": "5d0c6a4e-1111-4c1e-9a44-1c5b1f1f0001" }""", "person.level" },
        { """{ "person": { "reference": "case-1", "level": "A2", "location": { "place": "Meiderich" } } }""", "courseId" },
        { """{ "person": { "reference": "case-1", "level": "A2", "location": { "place": "Meiderich" } }, "courseId": "5d0c6a4e-1111-4c1e-9a44-1c5b1f1f0001", "openingId": "5d0c6a4e-1111-4c1e-9a44-1c5b1f1f0002" }""", "openingId" },
    };

    [Theory]
    [MemberData(nameof(BadQuestions))]
    public async Task A_question_missing_what_it_needs_should_be_400_naming_the_field(string body, string field)
    {
        using var response = await AskAsync(JsonNode.Parse(body)!);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, await MatchingApp.ErrorFieldsAsync(response));
    }

    [Fact]
    public async Task An_admission_status_the_rules_do_not_know_should_be_400()
    {
        var person = Given.Person(Given.SpotOfItsOwn()).With("admission", new JsonObject { ["integrationCourse"] = "perhaps" });

        using var response = await app.MatchAsync(person);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(await MatchingApp.ErrorFieldsAsync(response), field => field.Contains("integrationCourse"));
    }
}

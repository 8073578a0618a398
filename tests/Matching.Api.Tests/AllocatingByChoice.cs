using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Matching.Contracts;
using Matching.Vocabulary;

namespace Matching.Api.Tests;

/// <summary><c>POST /allocations</c> with people's ranked choices and priority for integration-course seats.</summary>
public sealed class AllocatingByChoice(MatchingApp app) : IClassFixture<MatchingApp>
{
    private async Task<JsonNode> AllocateAsync(JsonObject cohort)
    {
        using var response = await app.AsCaseworker().PostAsJsonAsync("/allocations", cohort);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"/allocations answered {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!;
    }

    [Fact]
    public async Task A_strict_priority_should_give_the_seat_to_the_person_obliged_to_attend_and_report_what_the_lenient_one_blocks()
    {
        // One seat in an integration course. Ben lives beside it; Anna, 4 km away, is obliged to attend. Both rank it first.
        var here = Given.SpotOfItsOwn();
        var course = Given.Course(here) with { SeatsFree = 1 };
        await app.PublishAsync(new CoursePublished(course));
        await app.SuggestionsOnceAsync(Given.Person(here, "none"), s => s.Mention(course.Id), "the course should be suggested");
        var choice = new JsonArray(new JsonObject { ["courseId"] = course.Id });
        var ben = Given.Person(here, "none").With("reference", "ben").With("choices", choice.DeepClone());
        var anna = Given.Person(here.North(4), "none").With("reference", "anna").With("choices", choice.DeepClone())
            .With("admission", new JsonObject { ["integrationCourse"] = "obliged" });

        var lenient = await AllocateAsync(new JsonObject { ["people"] = new JsonArray(ben.DeepClone(), anna.DeepClone()) });
        var strict = await AllocateAsync(new JsonObject { ["people"] = new JsonArray(ben.DeepClone(), anna.DeepClone()), ["priority"] = "strict" });

        Assert.Equal("report", (string?)lenient["priority"]);
        Assert.Equal(course.Id, lenient["assignments"]![0]!["suggestion"].CourseId());
        var pair = Assert.Single(lenient["choices"]!["blockingPairs"]!.AsArray())!;
        Assert.Equal(("anna", "ben", course.Id), ((string?)pair["reference"], (string?)pair["heldBy"], (Guid)pair["courseId"]!));

        Assert.Equal("strict", (string?)strict["priority"]);
        Assert.Null(strict["assignments"]![0]!["suggestion"]);
        Assert.Equal(course.Id, strict["assignments"]![1]!["suggestion"].CourseId());
        Assert.Empty(strict["choices"]!["blockingPairs"]!.AsArray());
        Assert.Equal([1], strict["choices"]!["byChoice"]!.AsArray().Select(n => (int)n!));
        Assert.Single(strict["greedy"]!["choices"]!["blockingPairs"]!.AsArray()); // first come, first served: Ben
    }

    [Fact]
    public async Task First_choices_should_come_before_a_higher_score()
    {
        // Two courses with one seat each. Anna ranks the near one first, the far one second; Ben ranks only the near one.
        var here = Given.SpotOfItsOwn();
        var near = Given.Course(here) with { SeatsFree = 1 };
        var far = Given.Course(here.North(8)) with { SeatsFree = 1 };
        await app.PublishAsync(new CoursePublished(near));
        await app.PublishAsync(new CoursePublished(far));
        await app.SuggestionsOnceAsync(Given.Person(here, "none"), s => s.Mention(near.Id) && s.Mention(far.Id), "both courses should be suggested");
        var anna = Given.Person(here, "none").With("reference", "anna").With("choices", new JsonArray(
            new JsonObject { ["courseId"] = near.Id }, new JsonObject { ["courseId"] = far.Id }));
        var ben = Given.Person(here.North(8), "none").With("reference", "ben").With("choices", new JsonArray(new JsonObject { ["courseId"] = near.Id }));

        var answer = await AllocateAsync(new JsonObject { ["people"] = new JsonArray(anna, ben) });

        Assert.Equal(far.Id, answer["assignments"]![0]!["suggestion"].CourseId());
        Assert.Equal(near.Id, answer["assignments"]![1]!["suggestion"].CourseId());
        Assert.Equal([1, 1], answer["choices"]!["byChoice"]!.AsArray().Select(n => (int)n!));
        Assert.Equal(0, (int)answer["choices"]!["outsideChoices"]!);
        Assert.True((bool)answer["rankMaximal"]!);
    }

    [Theory]
    [InlineData("""{"people": [{"reference": "a", "level": "A2", "location": {"place": "Hochfeld"}, "choices": [{}]}]}""", "people[0].choices[0]")]
    [InlineData("""{"people": [{"reference": "a", "level": "A2", "location": {"place": "Hochfeld"}, "choices": [{"courseId": "5d0c6a4e-1111-4c1e-9a44-1c5b1f1f0001"}, {"courseId": "5d0c6a4e-1111-4c1e-9a44-1c5b1f1f0001"}]}]}""", "people[0].choices[1]")]
    [InlineData("""{"people": [{"reference": "a", "level": "A2", "location": {"place": "Hochfeld"}, "choices": [{"courseId": "5d0c6a4e-1111-4c1e-9a44-1c5b1f1f0001"}, {"courseId": "5d0c6a4e-1111-4c1e-9a44-1c5b1f1f0002"}, {"courseId": "5d0c6a4e-1111-4c1e-9a44-1c5b1f1f0003"}, {"courseId": "5d0c6a4e-1111-4c1e-9a44-1c5b1f1f0004"}, {"courseId": "5d0c6a4e-1111-4c1e-9a44-1c5b1f1f0005"}, {"courseId": "5d0c6a4e-1111-4c1e-9a44-1c5b1f1f0006"}]}]}""", "people[0].choices")]
    [InlineData("""{"people": [{"reference": "a", "level": "A2", "location": {"place": "Hochfeld"}, "waitingSince": "1850-01-01"}]}""", "people[0].waitingSince")]
    public async Task Bad_choices_should_be_refused_naming_the_field(string body, string field)
    {
        using var response = await app.AsCaseworker().PostAsync("/allocations", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, await MatchingApp.ErrorFieldsAsync(response));
    }

    [Fact]
    public async Task A_priority_the_service_does_not_know_should_be_400()
    {
        using var response = await app.AsCaseworker().PostAsync("/allocations", new StringContent(
            """{"people": [{"reference": "a", "level": "A2", "location": {"place": "Hochfeld"}}], "priority": "fair"}""",
            System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Matching.Contracts;

namespace Matching.Api.Tests;

public sealed class AllocatingACohort(MatchingApp app) : IClassFixture<MatchingApp>
{
    [Fact]
    public async Task The_optimiser_places_both_people_where_first_come_first_served_places_one()
    {
        // Anna could take either course and prefers the nearer one; Ben needs childcare, which only the nearer one offers.
        var here = Given.SpotOfItsOwn();
        var near = Given.Course(here) with { SeatsFree = 1, Childcare = true };
        var far = Given.Course(here.North(5)) with { SeatsFree = 1, Childcare = false };
        await app.PublishAsync(new CoursePublished(near));
        await app.PublishAsync(new CoursePublished(far));
        await app.SuggestionsOnceAsync(Given.Person(here, "none"), s => s.Mention(near.Id) && s.Mention(far.Id), "both courses should be suggested");

        var anna = Given.Person(here, "none").With("reference", "anna");
        var ben = Given.Person(here, "none").With("reference", "ben").With("needsChildcare", true);
        using var response = await app.AsCaseworker().PostAsJsonAsync("/allocations", new JsonObject { ["people"] = new JsonArray(anna, ben) });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(2, (int)answer["placed"]!);
        Assert.Equal(1, (int)answer["greedy"]!["placed"]!);
        Assert.True((bool)answer["optimal"]!);
        Assert.Equal((double)answer["objective"]!, (double)answer["bound"]!);
        var assignments = answer["assignments"]!.AsArray();
        Assert.Equal(["anna", "ben"], assignments.Select(a => (string?)a!["reference"]));
        Assert.Equal(far.Id, assignments[0]!["suggestion"].CourseId());
        Assert.Equal(near.Id, assignments[1]!["suggestion"].CourseId());
    }

    [Fact]
    public async Task A_person_nothing_fits_is_assigned_nothing()
    {
        var nowhere = Given.SpotOfItsOwn();
        using var response = await app.AsCaseworker().PostAsJsonAsync("/allocations",
            new JsonObject { ["people"] = new JsonArray(Given.Person(nowhere, "C2")) });

        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(0, (int)answer["placed"]!);
        Assert.Null(answer["assignments"]![0]!["suggestion"]);
    }

    [Theory]
    [InlineData("""{"people": []}""", "people")]
    [InlineData("""{}""", "people")]
    [InlineData("""{"people": [{"reference": "a", "level": "A2", "location": {"place": "Hochfeld"}}, {"reference": "b", "location": {"place": "Hochfeld"}}]}""", "people[1].level")]
    [InlineData("""{"people": [{"reference": "a", "level": "A2", "location": {"place": "Atlantis"}}]}""", "people[0].location.place")]
    [InlineData("""{"people": [null]}""", "people[0]")]
    [InlineData("""{"people": [{"reference": "a", "level": "A2", "location": {"place": "Hochfeld"}}], "timeLimitSeconds": 0}""", "timeLimitSeconds")]
    [InlineData("""{"people": [{"reference": "a", "level": "A2", "location": {"place": "Hochfeld"}}], "timeLimitSeconds": 3600}""", "timeLimitSeconds")]
    public async Task A_bad_cohort_is_refused_naming_the_field(string body, string field)
    {
        using var response = await app.AsCaseworker().PostAsync("/allocations", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, await MatchingApp.ErrorFieldsAsync(response));
    }
}

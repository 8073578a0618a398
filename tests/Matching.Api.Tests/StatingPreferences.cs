using System.Net;
using System.Text.Json.Nodes;
using Matching.Contracts;

namespace Matching.Api.Tests;

/// <summary>A person's preferences in <c>POST /matches</c>: a sixth score part and reasons, never a different set.</summary>
public sealed class StatingPreferences(MatchingApp app) : IClassFixture<MatchingApp>
{
    [Fact]
    public async Task A_wished_occupation_should_add_a_preference_part_and_say_so()
    {
        var here = Given.SpotOfItsOwn();
        var opening = Given.Opening(here.North(1));
        await app.PublishAsync(new OpeningPosted(opening));
        var person = Given.Person(here, "B1");
        await app.SuggestionsOnceAsync(person, s => s.Contain("job", opening: opening.Id), "the job should be suggested");

        var wanting = await app.SuggestionsAsync(Given.Person(here, "B1").With("preferences", new JsonObject
        {
            ["occupations"] = new JsonArray("93"), ["first"] = "job", ["schedules"] = new JsonArray("evening"),
        }));

        var job = wanting.Single("job", opening: opening.Id);
        Assert.Equal(0.833, (double)job["scoreParts"]!["preference"]!); // (1 occupation + 1 a job now + ½ no course time) / 3
        var reasons = job["reasons"]!.AsArray().Select(reason => (string?)reason).ToList();
        Assert.Contains("Preferred occupation (1st wish): 93", reasons);
        Assert.Contains("Preferred: a job now", reasons);
    }

    [Theory]
    [InlineData("""{"occupations": ["9x"]}""", "preferences.occupations[0]")]
    [InlineData("""{"schedules": ["morning", "afternoon", "evening", "weekend", "morning"]}""", "preferences.schedules")]
    public async Task Bad_preferences_should_be_400_naming_the_field(string preferences, string field)
    {
        var person = Given.Person(Given.SpotOfItsOwn()).With("preferences", JsonNode.Parse(preferences));

        using var response = await app.MatchAsync(person);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, await MatchingApp.ErrorFieldsAsync(response));
    }

    [Fact]
    public async Task A_first_the_service_does_not_know_should_be_400()
    {
        using var response = await app.MatchAsync(Given.Person(Given.SpotOfItsOwn()).With("preferences", new JsonObject { ["first"] = "later" }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}

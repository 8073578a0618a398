using System.Text.Json.Nodes;
using Matching.Contracts;
using Matching.Engine;
using Matching.Vocabulary;

namespace Matching.Api.Tests;

public sealed class AnsweringACaseworker(MatchingApp app) : IClassFixture<MatchingApp>
{
    [Fact]
    public async Task The_answer_carries_what_a_caseworker_needs_to_decide_in_the_shape_of_the_design()
    {
        // A person at A2 in Meiderich; a warehouse job in Rheinhausen needs B2, but its employer accepts B1;
        // an A2 → B1 course in Hochfeld ends before the job starts. And an online course, which has no distance.
        var course = Given.Course(Given.At("Hochfeld")) with
        {
            Title = "Berufssprachkurs A2 → B1", Kind = CourseKind.JobRelated, LevelFrom = Level.A2, LevelTo = Level.B1,
        };
        var online = Given.Course(Given.At("Hochfeld")) with { Lat = null, Lon = null, Online = true, Title = "Deutsch online" };
        var opening = Given.Opening(Given.At("Rheinhausen")) with { MinLevel = Level.B2 };
        var agreement = Given.Agreement(opening) with { MinLevel = Level.B1, QuotaLeft = 7 };
        await app.PublishAsync(new CoursePublished(course));
        await app.PublishAsync(new CoursePublished(online));
        await app.PublishAsync(new OpeningPosted(opening));
        await app.PublishAsync(new AgreementSigned(agreement));
        var query = JsonNode.Parse("""
            { "reference": "case-4711", "level": "A2", "location": { "place": "Meiderich" },
              "maxDistanceKm": 15, "availableFrom": "2027-01-04", "schedules": ["morning"],
              "needsChildcare": true, "occupations": ["93"], "limit": 10 }
            """)!;
        await app.SuggestionsOnceAsync(query, s => s.Contain("course-then-job", course.Id, opening.Id) && s.Contain("course", online.Id),
            "the course then the job, and the online course, should be suggested");

        var answer = await app.AnswerAsync(query);

        Assert.Equal("case-4711", (string?)answer["reference"]);
        var suggestions = answer["suggestions"]!.AsArray();
        var scores = suggestions.Select(s => (double)s!["score"]!).ToList();
        Assert.Equal(scores.OrderDescending(), scores);

        var pathway = suggestions.Single("course-then-job", course.Id, opening.Id).AsObject();
        Assert.InRange((double)pathway["score"]!, 0, 1);
        var parts = pathway["scoreParts"]!.AsObject();
        Assert.Equal(["agreement", "distance", "level", "scarcity", "time"], parts.Select(part => part.Key).Order());
        Assert.All(parts, part => Assert.InRange((double)part.Value!, 0, 1));
        Assert.NotEmpty(pathway["reasons"]!.AsArray());
        Assert.All(pathway["reasons"]!.AsArray(), reason => Assert.False(string.IsNullOrWhiteSpace((string?)reason)));

        var shownCourse = pathway["course"]!;
        Assert.Equal(course.Id, (Guid)shownCourse["id"]!);
        Assert.Equal("Berufssprachkurs A2 → B1", (string?)shownCourse["title"]);
        Assert.Equal("vhs-duisburg", (string?)shownCourse["providerId"]);
        Assert.Equal("B1", (string?)shownCourse["levelTo"]);
        Assert.Equal("2027-01-11", (string?)shownCourse["startsOn"]);
        Assert.Equal("2027-06-30", (string?)shownCourse["endsOn"]);
        Assert.Equal(Km("Meiderich", "Hochfeld"), (double)shownCourse["distanceKm"]!);
        Assert.Equal(6, (int)shownCourse["seatsFree"]!);

        var shownOpening = pathway["opening"]!;
        Assert.Equal(opening.Id, (Guid)shownOpening["id"]!);
        Assert.Equal("Lagerhelfer/in", (string?)shownOpening["title"]);
        Assert.Equal(opening.EmployerId, (string?)shownOpening["employerId"]);
        Assert.Equal("B2", (string?)shownOpening["minLevel"]);
        Assert.Equal("2027-08-01", (string?)shownOpening["startsOn"]);
        Assert.Equal(Km("Meiderich", "Rheinhausen"), (double)shownOpening["distanceKm"]!);
        Assert.Equal(3, (int)shownOpening["positionsLeft"]!);

        var shownAgreement = pathway["agreement"]!;
        Assert.Equal(agreement.Id, (Guid)shownAgreement["id"]!);
        Assert.Equal("B1", (string?)shownAgreement["minLevel"]);
        Assert.Equal(7, (int)shownAgreement["quotaLeft"]!);

        var onlineAlone = suggestions.Single("course", online.Id).AsObject();
        var onlineCourse = onlineAlone["course"]!.AsObject();
        Assert.True(onlineCourse.ContainsKey("distanceKm") && onlineCourse["distanceKm"] is null, "an online course shows \"distanceKm\": null");
        Assert.True(onlineAlone.ContainsKey("opening") && onlineAlone["opening"] is null, "a course alone shows \"opening\": null");
        Assert.True(onlineAlone.ContainsKey("agreement") && onlineAlone["agreement"] is null, "a course alone shows \"agreement\": null");
    }

    private static double Km(string from, string to) => Math.Round(GreatCircle.Km(Given.At(from), Given.At(to)), 1);
}

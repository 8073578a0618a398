using Matching.Vocabulary;

namespace Matching.Engine.Tests;

/// <summary>What a person wants moves the score and is given as a reason, but never changes what fits.</summary>
public class PreferringWhatIsWanted
{
    private static MatchRequest Wanting(Preferences preferences, Level level = Level.A2) => Given.Person(level) with { Preferences = preferences };

    [Fact]
    public void An_opening_in_the_first_wished_occupation_should_rank_above_one_in_the_second()
    {
        var warehouse = Given.Opening(title: "Lager", at: Places.Hochfeld) with { Occupation = "9333" };
        var kitchen = Given.Opening(employer: "ruhr-kantine", title: "Küche") with { Occupation = "9412" };
        var world = new World(warehouse, kitchen);

        var plain = world.Match();
        var wanting = world.Match(Wanting(new Preferences(["94", "93"], null, [])));

        Assert.Equal(warehouse.Id, plain[0].Opening!.Id); // nearer, without preferences
        Assert.Equal(kitchen.Id, wanting[0].Opening!.Id);
        Assert.Contains("Preferred occupation (1st wish): 94", wanting[0].Reasons);
        Assert.Equal(1.0, wanting[0].ScoreParts["preference"]);
        Assert.Equal(0.5, wanting[1].ScoreParts["preference"]);
        Assert.False(plain[0].ScoreParts.ContainsKey("preference"));
    }

    [Fact]
    public void A_course_at_a_preferred_time_should_rank_above_the_same_course_at_another()
    {
        var morning = Given.Course("Vormittags");
        var evening = Given.Course("Abends", at: Places.Rheinhausen) with { Schedule = Schedule.Evening };
        var world = new World(morning, evening);

        var wanting = world.Match(Wanting(new Preferences([], null, [Schedule.Evening])));

        Assert.Equal(evening.Id, wanting[0].Course!.Id);
        Assert.Contains("Preferred: evening", wanting[0].Reasons);
        Assert.Equal(morning.Id, world.Match()[0].Course!.Id); // nearer, without preferences
    }

    [Fact]
    public void A_course_first_should_raise_courses_and_lower_jobs()
    {
        var course = Given.Course();
        var job = Given.Opening();
        var world = new World(course, job);

        var plain = world.Match();
        var courseFirst = world.Match(Wanting(new Preferences([], Pursuit.Course, [])));

        Assert.True(courseFirst.Of(SuggestionKind.Course).Score > plain.Of(SuggestionKind.Course).Score);
        Assert.True(courseFirst.Of(SuggestionKind.Job).Score < plain.Of(SuggestionKind.Job).Score);
        Assert.Contains("Preferred: a course first", courseFirst.Of(SuggestionKind.Course).Reasons);
    }

    [Fact]
    public void Preferences_should_never_change_what_is_suggested_only_its_order()
    {
        var random = new Random(16);
        for (var run = 0; run < 200; run++)
        {
            var (world, updates, request) = Generated.Instance(random);
            var plain = world.Candidates(request with { Preferences = Preferences.None });
            var wanting = world.Candidates(request with
            {
                Preferences = new Preferences(["9", "5"], run % 2 == 0 ? Pursuit.Job : Pursuit.Course, [Schedule.Evening]),
            });

            Assert.Equal(plain.Select(Key).Order(), wanting.Select(Key).Order());
            Assert.All(wanting, suggestion => Assert.InRange(suggestion.ScoreParts["preference"], 0, 1));
        }

        static string Key(Suggestion suggestion) => $"{suggestion.Kind} {suggestion.Course?.Id} {suggestion.Opening?.Id}";
    }
}

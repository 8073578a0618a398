using Matching.Vocabulary;

namespace Matching.Engine.Tests;

public class RankingSuggestions
{
    [Fact]
    public void A_closer_course_should_rank_higher()
    {
        var near = Given.Course("Hochfeld", Places.Hochfeld);       // 5.3 km
        var far = Given.Course("Oberhausen", Places.Oberhausen);    // 6.8 km

        var suggestions = new World(far, near).Match();

        Assert.Equal([near.Id, far.Id], suggestions.Select(s => s.Course!.Id));
        Assert.True(suggestions[0].ScoreParts["distance"] > suggestions[1].ScoreParts["distance"]);
    }

    [Fact]
    public void A_job_should_rank_above_a_course_then_job()
    {
        var job = Given.Opening("rhein-logistik") with { MinLevel = Level.A2 };
        var later = Given.Opening("ruhr-lager") with { MinLevel = Level.B1 };
        var course = Given.Course(at: Places.Rheinhausen) with { LevelFrom = Level.A2, LevelTo = Level.B1 };

        var suggestions = new World(course, later, job).Match(Given.Person(Level.A2));

        var direct = suggestions.Of(SuggestionKind.Job);
        var pathway = suggestions.Of(SuggestionKind.CourseThenJob);
        Assert.True(direct.Score > pathway.Score);
        Assert.True(direct.ScoreParts["time"] > pathway.ScoreParts["time"]);
    }

    [Fact]
    public void A_course_then_job_that_starts_sooner_should_rank_higher()
    {
        var opening = Given.Opening() with { MinLevel = Level.B1 };
        var soon = Given.Course("January") with { StartsOn = new DateOnly(2027, 1, 11) };
        var late = Given.Course("April") with { StartsOn = new DateOnly(2027, 4, 5) };

        var pathways = new World(late, soon, opening).Match()
            .Where(s => s.Kind == SuggestionKind.CourseThenJob).ToList();

        Assert.Equal([soon.Id, late.Id], pathways.Select(s => s.Course!.Id));
        Assert.True(pathways[0].ScoreParts["time"] > pathways[1].ScoreParts["time"]);
    }

    [Fact]
    public void A_course_that_lands_exactly_at_the_level_needed_should_rank_above_one_far_beyond()
    {
        var opening = Given.Opening() with { MinLevel = Level.B1 };
        var exact = Given.Course("To B1") with { LevelFrom = Level.A1, LevelTo = Level.B1 };
        var beyond = Given.Course("To C1") with { LevelFrom = Level.A1, LevelTo = Level.C1 };

        var pathways = new World(beyond, exact, opening).Match(Given.Person(Level.A1))
            .Where(s => s.Kind == SuggestionKind.CourseThenJob).ToList();

        Assert.Equal([exact.Id, beyond.Id], pathways.Select(s => s.Course!.Id));
        Assert.Equal([1.0, 0.25], pathways.Select(s => s.ScoreParts["level"]));
    }

    [Fact]
    public void An_employer_who_committed_under_an_agreement_with_language_support_should_rank_higher()
    {
        var committed = Given.Opening("rhein-logistik") with { MinLevel = Level.B1 };
        var plain = Given.Opening("ruhr-lager") with { MinLevel = Level.A2 };

        var suggestions = new World(plain, committed, Given.Agreement("rhein-logistik")).Match(Given.Person(Level.A2));

        Assert.Equal([committed.Id, plain.Id], suggestions.Select(s => s.Opening!.Id));
        Assert.Equal([1.0, 0.0], suggestions.Select(s => s.ScoreParts["agreement"]));
    }

    [Fact]
    public void An_agreement_or_language_support_alone_should_count_half()
    {
        var committed = Given.Opening() with { MinLevel = Level.B1 };
        var withoutSupport = Given.Agreement() with { LanguageSupport = null };
        var supportOnly = Given.Opening() with { LanguageSupport = true };

        Assert.Equal(0.5, new World(committed, withoutSupport).Match().Of(SuggestionKind.Job).ScoreParts["agreement"]);
        Assert.Equal(0.5, new World(supportOnly).Match().Of(SuggestionKind.Job).ScoreParts["agreement"]);
    }

    [Fact]
    public void A_course_with_more_free_seats_should_rank_higher()
    {
        var lastSeat = Given.Course("Last seat") with { SeatsFree = 1 };
        var roomy = Given.Course("Roomy") with { SeatsFree = 6 };

        var suggestions = new World(lastSeat, roomy).Match();

        Assert.Equal([roomy.Id, lastSeat.Id], suggestions.Select(s => s.Course!.Id));
        Assert.Equal(0.5, suggestions[1].ScoreParts["scarcity"]);
    }

    [Fact]
    public void Every_score_should_be_the_weighted_sum_of_its_named_parts()
    {
        var world = new World(
            Given.Course(), Given.Course() with { Online = true, LevelFrom = Level.A1 },
            Given.Opening() with { MinLevel = Level.B1, LanguageSupport = true }, Given.Opening("ruhr-lager"),
            Given.Agreement());

        foreach (var suggestion in world.Candidates(Given.Person(Level.A1)).Concat(world.Candidates(Given.Person(Level.A2))))
        {
            var parts = suggestion.ScoreParts;
            Assert.Equal(["distance", "time", "level", "agreement", "scarcity"], parts.Keys);
            Assert.All(parts.Values, part => Assert.InRange(part, 0, 1));
            var sum = 0.30 * parts["distance"] + 0.25 * parts["time"] + 0.20 * parts["level"]
                    + 0.15 * parts["agreement"] + 0.10 * parts["scarcity"];
            Assert.Equal(sum, suggestion.Score, 0.002);
            Assert.InRange(suggestion.Score, 0, 1);
        }
    }

    [Fact]
    public void A_course_then_job_should_say_why_in_plain_words()
    {
        var course = Given.Course("Integrationskurs (vormittags)") with { Kind = CourseKind.Integration, LevelFrom = Level.A1, LevelTo = Level.A2 };
        var opening = Given.Opening() with { MinLevel = Level.B1, PositionsLeft = 1 };

        var pathway = new World(course, opening, Given.Agreement()).Match(Given.Person(Level.A1))
            .Of(SuggestionKind.CourseThenJob);

        Assert.Equal(
            [
                "Course 'Integrationskurs (vormittags)' is 5.3 km away",
                "Opening 'Lagerhelfer/in' at rhein-logistik is 8.3 km away",
                "Reaches A2, which the opening needs",
                "Uses the agreement of rhein-logistik: A2 accepted instead of B1, with language support (Deutsch am Arbeitsplatz, 2 h/Woche)",
                "Starts 2027-01-11, ends 2027-06-30, job starts 2027-08-01",
                "6 seats free, 1 position left",
                "To check: entitled, obliged or admitted to attend integration courses",
            ],
            pathway.Reasons);
        Assert.Equal(5.3, pathway.CourseKm!.Value, 1);
        Assert.Equal(8.3, pathway.OpeningKm!.Value, 1);
    }
}

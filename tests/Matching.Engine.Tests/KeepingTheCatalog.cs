using Matching.Vocabulary;

namespace Matching.Engine.Tests;

public class KeepingTheCatalog
{
    [Fact]
    public void An_older_version_should_be_ignored()
    {
        using var catalog = new Catalog();
        var course = Given.Course() with { Version = 2, SeatsFree = 6 };

        Assert.True(catalog.Apply(course));
        Assert.False(catalog.Apply(course with { Version = 1, SeatsFree = 0 }));
        Assert.False(catalog.Apply(course with { Version = 2, SeatsFree = 0 }));

        Assert.Equal(course, catalog.FindCourse(course.Id));
        Assert.True(Matcher.Match(catalog, Given.Person()).Suggestions.Suggest(course));
    }

    [Fact]
    public void A_withdrawn_course_should_stay_known_and_return_when_published_again()
    {
        using var catalog = new Catalog();
        var course = Given.Course();

        catalog.Apply(course);
        catalog.Apply(course with { Version = 2, Withdrawn = true });
        Assert.Equal(1, catalog.CourseCount);
        Assert.Empty(Matcher.Match(catalog, Given.Person()).Suggestions);

        Assert.False(catalog.Apply(course with { Version = 1 }));
        Assert.Empty(Matcher.Match(catalog, Given.Person()).Suggestions);

        Assert.True(catalog.Apply(course with { Version = 3 }));
        Assert.True(Matcher.Match(catalog, Given.Person()).Suggestions.Suggest(course));
    }

    [Fact]
    public void A_course_that_moves_should_be_found_where_it_is_now()
    {
        using var catalog = new Catalog();
        var course = Given.Course(at: Places.Berlin);

        catalog.Apply(course);
        Assert.Empty(Matcher.Match(catalog, Given.Person()).Suggestions);

        catalog.Apply(course with { Version = 2, At = Places.Hochfeld });
        Assert.True(Matcher.Match(catalog, Given.Person()).Suggestions.Suggest(course));

        catalog.Apply(course with { Version = 3, Online = true, At = null });
        Assert.True(Matcher.Match(catalog, Given.Person()).Suggestions.Suggest(course));

        catalog.Apply(course with { Version = 4, At = Places.Berlin });
        Assert.Empty(Matcher.Match(catalog, Given.Person()).Suggestions);
    }

    [Fact]
    public void An_opening_whose_positions_are_taken_should_return_when_one_is_free_again()
    {
        using var catalog = new Catalog();
        var opening = Given.Opening();

        catalog.Apply(opening with { Version = 1, PositionsLeft = 1 });
        catalog.Apply(opening with { Version = 2, PositionsLeft = 0 });
        Assert.Empty(Matcher.Match(catalog, Given.Person()).Suggestions);

        catalog.Apply(opening with { Version = 3, PositionsLeft = 1 });
        Assert.True(Matcher.Match(catalog, Given.Person()).Suggestions.Suggest(opening));

        catalog.Apply(opening with { Version = 4, Closed = true });
        Assert.Empty(Matcher.Match(catalog, Given.Person()).Suggestions);
        Assert.Equal(1, catalog.OpeningCount);
    }

    [Fact]
    public void An_agreement_whose_quota_is_used_up_should_stop_lowering_the_level()
    {
        using var catalog = new Catalog();
        var opening = Given.Opening() with { MinLevel = Level.B1 };
        var agreement = Given.Agreement() with { QuotaLeft = 1 };
        catalog.Apply(opening);

        catalog.Apply(agreement);
        Assert.True(Matcher.Match(catalog, Given.Person(Level.A2)).Suggestions.Suggest(opening));

        catalog.Apply(agreement with { Version = 2, QuotaLeft = 0 });
        Assert.False(catalog.Apply(agreement with { Version = 1, QuotaLeft = 1 }));
        Assert.Empty(Matcher.Match(catalog, Given.Person(Level.A2)).Suggestions);
        Assert.Equal(1, catalog.AgreementCount);

        catalog.Apply(agreement with { Version = 3, QuotaLeft = 4 });
        Assert.Equal(4, Matcher.Match(catalog, Given.Person(Level.A2)).Suggestions.Of(SuggestionKind.Job).Agreement!.QuotaLeft);
    }

    [Fact]
    public async Task Queries_should_run_safely_while_updates_arrive()
    {
        using var catalog = new Catalog();
        var courses = Enumerable.Range(0, 50).Select(_ => Given.Course()).ToList();
        var openings = Enumerable.Range(0, 50).Select(i => Given.Opening($"employer-{i % 7}")).ToList();

        var updates = Task.Run(() =>
        {
            for (var version = 1; version <= 200; version++)
            {
                foreach (var course in courses)
                    catalog.Apply(course with { Version = version, SeatsFree = version % 3 });
                foreach (var opening in openings)
                    catalog.Apply(opening with { Version = version, PositionsLeft = version % 2 });
            }
        });
        var queries = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            while (!updates.IsCompleted)
                Assert.InRange(Matcher.Match(catalog, Given.Person()).Suggestions.Count, 0, 10);
        }));
        await Task.WhenAll([updates, .. queries]);

        // Version 200: two seats free in every course, no positions left anywhere.
        var suggestions = Matcher.Candidates(catalog, Given.Person());
        Assert.Equal(50, suggestions.Count);
        Assert.All(suggestions, s => Assert.Equal(SuggestionKind.Course, s.Kind));
    }
}

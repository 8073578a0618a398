using Matching.Vocabulary;

namespace Matching.Engine.Tests;

/// <summary>How long the list is, who may fill it, and in which order.</summary>
public class FillingTheList
{
    [Fact]
    public void One_employer_should_fill_at_most_three_places_in_the_list()
    {
        var big = Enumerable.Range(0, 5).Select(_ => Given.Opening("big-logistics", at: Places.Meiderich)).ToArray();
        var small = Enumerable.Range(0, 2).Select(_ => Given.Opening("small-lager")).ToArray();
        var world = new World([.. big, .. small]);

        var suggestions = world.Match();

        Assert.Equal(3, suggestions.Count(s => s.Opening!.EmployerId == "big-logistics"));
        Assert.Equal(2, suggestions.Count(s => s.Opening!.EmployerId == "small-lager"));
        Assert.Equal(7, world.Candidates().Count);
    }

    [Fact]
    public void One_course_should_fill_at_most_three_places_in_the_list()
    {
        var course = Given.Course() with { LevelFrom = Level.A1 };
        var openings = Enumerable.Range(0, 5).Select(i => Given.Opening($"employer-{i}") with { MinLevel = Level.B1 });
        var world = new World([course, .. openings]);

        var suggestions = world.Match(Given.Person(Level.A1));

        Assert.Equal(3, suggestions.Count(s => s.Course?.Id == course.Id));
        Assert.Equal(6, world.Candidates(Given.Person(Level.A1)).Count(s => s.Course?.Id == course.Id));
    }

    [Fact]
    public void The_list_should_hold_the_best_suggestions_up_to_the_limit()
    {
        var world = new World([.. Enumerable.Range(0, 8).Select(i => Given.Opening($"employer-{i}") with { PositionsLeft = i + 1 })]);
        var request = Given.Person() with { Limit = 5 };

        var suggestions = world.Match(request);

        Assert.Equal(5, suggestions.Count);
        Assert.Equal(World.Json(world.Candidates(request).Take(5)), World.Json(suggestions));
        Assert.Empty(world.Match(request with { Limit = 0 }));
    }

    [Fact]
    public void The_same_data_and_request_should_give_the_same_answer_in_the_same_order()
    {
        var world = Generated.World(new Random(4711), courses: 40, openings: 60, agreements: 10);
        var request = Given.Person(Level.A1) with { MaxDistanceKm = 50, Limit = 30 };
        using var forwards = world.Catalog();
        using var backwards = new Catalog();
        world.Agreements.AsEnumerable().Reverse().ToList().ForEach(a => backwards.Apply(a));
        world.Openings.AsEnumerable().Reverse().ToList().ForEach(o => backwards.Apply(o));
        world.Courses.AsEnumerable().Reverse().ToList().ForEach(c => backwards.Apply(c));

        var first = World.Json(Matcher.Match(forwards, request));

        Assert.Equal(first, World.Json(Matcher.Match(forwards, request)));
        Assert.Equal(first, World.Json(Matcher.Match(backwards, request)));
    }

    [Fact]
    public void Suggestions_that_score_alike_should_be_ordered_by_kind_then_id()
    {
        var twins = Enumerable.Range(0, 3).Select(i => Given.Opening($"employer-{i}")).ToArray();
        var world = new World(twins);

        var suggestions = world.Match();

        Assert.Single(suggestions.Select(s => s.Score).Distinct());
        Assert.Equal(twins.Select(o => o.Id).Order(), suggestions.Select(s => s.Opening!.Id));
    }
}

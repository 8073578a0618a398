using Matching.Vocabulary;

namespace Matching.Engine.Tests;

public class SuggestingJobs
{
    private static readonly Opening Opening = Given.Opening();

    private static bool Suggested(Opening opening, MatchRequest? request = null) =>
        new World(opening).Match(request).Suggest(opening);

    [Fact]
    public void An_open_opening_with_positions_left_should_be_suggested_as_a_job() =>
        Assert.True(Suggested(Opening));

    [Fact]
    public void A_closed_opening_should_not_be_suggested() =>
        Assert.False(Suggested(Opening with { Closed = true }));

    [Fact]
    public void An_opening_without_positions_left_should_not_be_suggested()
    {
        Assert.True(Suggested(Opening with { PositionsLeft = 1 }));
        Assert.False(Suggested(Opening with { PositionsLeft = 0 }));
    }

    [Fact]
    public void An_opening_that_starts_before_the_person_is_available_should_not_be_suggested()
    {
        Assert.True(Suggested(Opening with { StartsOn = Given.January4 }));
        Assert.False(Suggested(Opening with { StartsOn = Given.January4.AddDays(-1) }));
    }

    [Fact]
    public void An_opening_beyond_the_maximum_distance_should_not_be_suggested()
    {
        // Rheinhausen is 8.3 km from Meiderich.
        Assert.True(Suggested(Opening, Given.Person() with { MaxDistanceKm = 8.5 }));
        Assert.False(Suggested(Opening, Given.Person() with { MaxDistanceKm = 8 }));
    }

    [Theory]
    [InlineData(new string[0], true)]
    [InlineData(new[] { "9" }, true)]
    [InlineData(new[] { "93" }, true)]
    [InlineData(new[] { "5322", "9333" }, true)]
    [InlineData(new[] { "9334" }, false)]
    [InlineData(new[] { "5", "8" }, false)]
    [InlineData(new[] { "33" }, false)]
    public void An_opening_should_be_suggested_only_in_an_occupation_the_person_wishes(string[] wishes, bool suggested) =>
        Assert.Equal(suggested, Suggested(Opening with { Occupation = "9333" }, Given.Person() with { Occupations = wishes }));

    [Fact]
    public void A_job_should_not_be_suggested_below_the_level_the_opening_needs()
    {
        Assert.True(Suggested(Opening with { MinLevel = Level.A2 }, Given.Person(Level.A2)));
        Assert.True(Suggested(Opening with { MinLevel = Level.A2 }, Given.Person(Level.C1)));
        Assert.False(Suggested(Opening with { MinLevel = Level.B1 }, Given.Person(Level.A2)));
    }
}

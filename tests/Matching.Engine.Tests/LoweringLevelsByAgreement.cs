using Matching.Vocabulary;

namespace Matching.Engine.Tests;

/// <summary>An A2 speaker and a B1 opening of rhein-logistik, which has an agreement accepting A2.</summary>
public class LoweringLevelsByAgreement
{
    private static readonly Opening Opening = Given.Opening("rhein-logistik") with { MinLevel = Level.B1 };
    private static readonly Agreement Agreement = Given.Agreement("rhein-logistik");

    private static IReadOnlyList<Suggestion> Match(Agreement agreement, MatchRequest? request = null) =>
        new World(Opening, agreement).Match(request);

    [Fact]
    public void An_agreement_should_open_a_job_to_a_person_below_the_level_the_opening_asks_for()
    {
        Assert.False(new World(Opening).Match().Suggest(Opening));

        var job = Match(Agreement).Of(SuggestionKind.Job);
        Assert.Equal(Opening.Id, job.Opening!.Id);
        Assert.Equal(Agreement, job.Agreement);
    }

    [Fact]
    public void An_agreement_should_lower_the_level_only_on_the_days_it_is_valid()
    {
        var startsOn = Opening.StartsOn;
        Assert.True(Match(Agreement with { ValidFrom = startsOn, ValidTo = startsOn }).Suggest(Opening));
        Assert.False(Match(Agreement with { ValidFrom = startsOn.AddDays(1) }).Suggest(Opening));
        Assert.False(Match(Agreement with { ValidTo = startsOn.AddDays(-1) }).Suggest(Opening));
    }

    [Fact]
    public void An_agreement_without_quota_left_should_not_lower_the_level()
    {
        Assert.True(Match(Agreement with { QuotaLeft = 1 }).Suggest(Opening));
        Assert.False(Match(Agreement with { QuotaLeft = 0 }).Suggest(Opening));
    }

    [Theory]
    [InlineData(new[] { "93" }, true)]
    [InlineData(new[] { "9333" }, true)]
    [InlineData(new[] { "5322", "9" }, true)]
    [InlineData(new string[0], true)]
    [InlineData(new[] { "9334" }, false)]
    [InlineData(new[] { "5" }, false)]
    public void An_agreement_should_lower_the_level_only_for_the_occupations_it_covers(string[] occupations, bool suggested) =>
        Assert.Equal(suggested, Match(Agreement with { Occupations = occupations }).Suggest(Opening));

    [Fact]
    public void Another_employers_agreement_should_not_lower_the_level()
    {
        Assert.True(Match(Agreement with { EmployerId = "rhein-logistik" }).Suggest(Opening));
        Assert.False(Match(Agreement with { EmployerId = "ruhr-pflege" }).Suggest(Opening));
    }

    [Fact]
    public void An_agreement_that_asks_no_less_than_the_opening_should_not_be_carried()
    {
        var job = Match(Agreement with { MinLevel = Level.B1 }, Given.Person(Level.B1)).Of(SuggestionKind.Job);
        Assert.Null(job.Agreement);
    }

    [Fact]
    public void The_agreement_that_accepts_the_lowest_level_should_count()
    {
        var lowest = Agreement with { Id = Guid.NewGuid(), MinLevel = Level.A1 };
        var job = new World(Opening, Agreement, lowest).Match(Given.Person(Level.A1)).Of(SuggestionKind.Job);
        Assert.Equal(lowest.Id, job.Agreement!.Id);
    }
}

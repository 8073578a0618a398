using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Matching.Contracts;
using Matching.Testing;

namespace Matching.Api.Tests.Reports;

/// <summary>The free seats week by week: the supply sweep writes this week's seats to the database, so a week keeps what its last look found.</summary>
public sealed class KeepingTheSupplyOverTime
{
    [Fact]
    public async Task The_free_seats_of_the_week_should_be_written_down_at_start_and_shown_week_by_week()
    {
        using var database = TestDatabase.Sqlite();
        var hochfeld = Given.Course(Given.At("Hochfeld")) with { SeatsTotal = 20, SeatsFree = 6 };
        await using (var first = MatchingApp.On(database))
        {
            await first.PublishAsync(new CoursePublished(hochfeld));
            await first.ConsumedAsync<CoursePublished>(published => published.Course.Id == hochfeld.Id);
            await first.StoredAsync("courses", hochfeld.Id, 1);
        }

        // Started again, the sweep looks at once (and then every Reports:SupplyInterval).
        await using var again = MatchingApp.On(database);
        _ = again.Server;
        IReadOnlyList<(string Week, string District, int Courses, int SeatsFree)> stored = [];
        await Poll.UntilAsync(async () =>
        {
            await using var connection = await database.Db.OpenAsync();
            stored = (await connection.QueryAsync<(string, string, int, int)>(
                "select week, district, courses, seats_free from supply_counts")).ToList();
            return stored.Count > 0;
        }, TimeSpan.FromSeconds(60), () => "the supply sweep should write this week's free seats");
        Assert.Equal([("2027-W01", "Hochfeld", 1, 6)], stored);

        var weeks = (await again.CreateClient().SignedIn(Tokens.Coordinator()).GetFromJsonAsync<JsonObject>("/reports/supply"))!["weeks"]!.AsArray();
        var week = Assert.Single(weeks)!;
        Assert.Equal(("2027-W01", "Hochfeld", "integration", "none", "B1", 6), ((string?)week["week"], (string?)week["district"],
            (string?)week["kind"], (string?)week["levelFrom"], (string?)week["levelTo"], (int)week["seatsFree"]!));
    }
}

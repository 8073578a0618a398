using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Matching.Api.Tests.Placements;

/// <summary>A person's placements come oldest first, a page at a time; the answer is still a plain array.</summary>
public sealed class ListingPlacements(PlacementsApp app) : IClassFixture<PlacementsApp>
{
    [Fact]
    public async Task A_persons_placements_should_come_a_page_at_a_time_oldest_first()
    {
        var placed = new List<Guid>();
        for (var i = 0; i < 5; i++)
            placed.Add(await app.PlaceAsync(new { reference = "pages-1", courseId = (await app.OfferAsync()).Course.Id }));

        var first = await PageAsync("reference=pages-1&page=1&pageSize=2");
        var second = await PageAsync("reference=pages-1&page=2&pageSize=2");
        var last = await PageAsync("reference=pages-1&page=3&pageSize=2");
        var beyond = await PageAsync("reference=pages-1&page=4&pageSize=2");
        var byDefault = await PageAsync("reference=pages-1");

        Assert.Equal(placed[..2], Ids(first));
        Assert.Equal(placed[2..4], Ids(second));
        Assert.Equal(placed[4..], Ids(last));
        Assert.Empty(beyond);
        Assert.Equal(placed, Ids(byDefault));
        Assert.All(first, placement => Assert.Equal(["requested"], PlacementsApp.History(placement!.AsObject())));
    }

    [Fact]
    public async Task A_page_should_hold_fifty_unless_asked_otherwise()
    {
        var offers = await Task.WhenAll(Enumerable.Range(0, 51).Select(_ => app.OfferAsync()));
        foreach (var offer in offers) await app.PlaceAsync(new { reference = "pages-2", courseId = offer.Course.Id });

        Assert.Equal(50, (await PageAsync("reference=pages-2")).Count);
        Assert.Single(await PageAsync("reference=pages-2&page=2"));
        Assert.Equal(51, (await PageAsync("reference=pages-2&pageSize=100")).Count);
    }

    [Theory]
    [InlineData("page=0", "page")]
    [InlineData("page=-1", "page")]
    [InlineData("page=first", "page")]
    [InlineData("page=", "page")]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("pageSize=101", "pageSize")]
    [InlineData("pageSize=ten", "pageSize")]
    [InlineData("page=99999999999", "page")]
    public async Task A_page_out_of_range_should_be_refused_naming_the_field(string query, string field)
    {
        using var response = await app.AsCaseworker().GetAsync($"/placements?reference=pages-3&{query}");

        var problem = await PlacementsApp.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem["errors"]!.AsObject().ContainsKey(field), problem.ToJsonString());
    }

    private async Task<JsonArray> PageAsync(string query) =>
        (await app.AsCaseworker().GetFromJsonAsync<JsonArray>($"/placements?{query}"))!;

    private static List<Guid> Ids(JsonArray placements) => placements.Select(placement => (Guid)placement!["id"]!).ToList();
}

using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Matching.Api.Tests.Privacy;
using Matching.Contracts;
using Matching.Testing;

namespace Matching.Api.Tests.Reports;

/// <summary>
/// The fairness figures' share placed: a confirmed placement counts in the group its person last asked in (district,
/// level, childcare need), and stays counted once the person is erased — with nothing of the person kept for it.
/// </summary>
public abstract class CountingPlacementsByGroup<TApp>(TApp app) : IClassFixture<TApp> where TApp : PrivacyApp
{
    [Fact]
    public async Task A_confirmed_placement_should_count_in_its_persons_group_and_stay_counted_once_the_person_is_erased()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var placed = Enumerable.Range(0, 5).Select(i => $"placed-{run}-{i}").ToList();
        var waiting = Enumerable.Range(0, 5).Select(i => $"waiting-{run}-{i}").ToList();
        foreach (var reference in placed) await AskAsync(reference, "Hochfeld", "A2", childcare: true);
        foreach (var reference in waiting) await AskAsync(reference, "Meiderich", "none", childcare: false);
        foreach (var reference in placed) await PlaceAndConfirmAsync(reference);
        // Someone who did not ask here counts overall, in no group; a placement cancelled after its confirmation counts nowhere.
        var stranger = $"stranger-{run}";
        await PlaceAndConfirmAsync(stranger);
        var cancelled = await PlaceAndConfirmAsync(waiting[0]);
        (await app.CancelAsync(cancelled)).EnsureSuccessStatusCode();

        var before = await FairnessAsync();

        Assert.Equal((10.0, 6.0, 0.6), Figures(Group(before, "overall", "all"), "requests", "placed", "sharePlaced"));
        Assert.Equal((5.0, 5.0, 1.0), Figures(Group(before, "district", "Hochfeld"), "requests", "placed", "sharePlaced"));
        Assert.Equal(0.4, (double)Group(before, "district", "Hochfeld")["gapPlaced"]!, 6);
        Assert.Equal((5.0, 5.0, 1.0), Figures(Group(before, "childcare", "needed"), "requests", "placed", "sharePlaced"));
        Assert.Equal((5.0, 5.0, 1.0), Figures(Group(before, "level", "A2"), "requests", "placed", "sharePlaced"));
        Assert.Equal((5.0, 5.0, 1.0), Figures(Group(before, "literacy", "not needed"), "requests", "placed", "sharePlaced"));
        var meiderich = Group(before, "district", "Meiderich");
        Assert.All(new[] { "placed", "sharePlaced", "gapPlaced" }, field => Assert.Equal("< 5", (string?)meiderich[field]));

        var erased = placed.Append(stranger).Append(waiting[0]).ToList();
        foreach (var reference in erased) (await app.EraseAsync(reference)).EnsureSuccessStatusCode();

        foreach (var reference in erased) Assert.Empty(await app.RowsHoldingAsync(reference));
        var after = await FairnessAsync();
        Assert.Equal(before.ToJsonString(), after.ToJsonString());
    }

    private async Task AskAsync(string reference, string place, string level, bool childcare)
    {
        var query = Given.Person(Given.At(place), level).With("reference", reference).With("needsChildcare", childcare);
        using var response = await app.AsCaseworker().PostAsJsonAsync("/matches", query);
        response.EnsureSuccessStatusCode();
    }

    private async Task<Guid> PlaceAndConfirmAsync(string reference)
    {
        var offer = await app.OfferAsync();
        var placement = await app.PlaceAsync(new { reference, courseId = offer.Course.Id });
        await app.AnswerAsync(new SeatReserved(placement, offer.Course.Id));
        await app.WaitForAsync(placement, "reserved");
        (await app.ConfirmAsync(placement)).EnsureSuccessStatusCode();
        return placement;
    }

    private async Task<JsonArray> FairnessAsync()
    {
        using var response = await app.CreateClient().SignedIn(Tokens.Coordinator()).GetAsync("/reports/fairness");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"/reports/fairness answered {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!["groups"]!.AsArray();
    }

    private static JsonNode Group(JsonArray groups, string dimension, string group) =>
        groups.Single(row => (string?)row!["dimension"] == dimension && (string?)row["group"] == group)!;

    private static (double, double, double) Figures(JsonNode row, string first, string second, string third) =>
        ((double)row[first]!, (double)row[second]!, (double)row[third]!);
}

public sealed class CountingPlacementsByGroupOnSqlite(PrivacyApp app) : CountingPlacementsByGroup<PrivacyApp>(app);

public sealed class CountingPlacementsByGroupOnPostgres(PostgresPrivacyApp app) : CountingPlacementsByGroup<PostgresPrivacyApp>(app);

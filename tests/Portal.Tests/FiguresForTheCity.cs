using System.Net.Http.Json;
using Microsoft.Playwright;

namespace Portal.Tests;

/// <summary>The coordinator's pages of the city's figures: a chart drawn on the server, its numbers and the report in tables, every table as CSV.</summary>
[Collection(PortalCollection.Name)]
public sealed class FiguresForTheCity(PortalSystem system)
{
    [Fact]
    public async Task A_coordinator_should_see_where_courses_are_missing_as_a_chart_and_a_table_and_download_it_as_CSV()
    {
        // Five people in Rheinhausen asking for an evening B2 course with childcare, which no course offers.
        using (var matching = await system.MachineAsync(system.Matching, "caseworker"))
        {
            for (var i = 0; i < 5; i++)
            {
                using var answer = await matching.PostAsJsonAsync("/matches", new
                {
                    reference = $"figures-{i}", level = "B2", location = new { place = "Rheinhausen" }, schedules = new[] { "evening" }, needsChildcare = true,
                });
                answer.EnsureSuccessStatusCode();
            }
        }

        var coordinator = await system.SignedInAsync("coordinator");
        await coordinator.GotoAsync(system.Url("/coordinator/figures/demand"));

        await Assertions.Expect(coordinator.GetByRole(AriaRole.Heading, new() { Name = "Fehlende Kurse", Exact = true })).ToBeVisibleAsync();
        var chart = coordinator.Locator("figure.chart svg[role=img]");
        await Assertions.Expect(chart.Locator("title")).ToHaveTextAsync("Wo die meisten Anfragen keinen Kurs fanden");
        await Assertions.Expect(chart.Locator("rect").First).ToBeAttachedAsync();
        var cell = coordinator.Locator("table[data-table=cells] tbody tr", new() { HasText = "Rheinhausen" })
            .Filter(new() { HasText = "abends" }).Filter(new() { HasText = "B2" });
        await Assertions.Expect(cell).ToHaveCountAsync(1);
        await Assertions.Expect(cell.Locator("td.number").First).ToHaveTextAsync("5");
        await Assertions.Expect(coordinator.Locator("table.chart-numbers tbody tr", new() { HasText = "Rheinhausen" })
            .Filter(new() { HasText = "abends" }).Filter(new() { HasText = "B2" })).ToHaveCountAsync(1);
        await Pages.AssertAccessibleAsync(coordinator);

        var download = await coordinator.RunAndWaitForDownloadAsync(() =>
            coordinator.GetByRole(AriaRole.Link, new() { Name = "„Fehlende Kurse je Zelle“ als CSV herunterladen" }).ClickAsync());
        Assert.Equal("demand.csv", download.SuggestedFilename);
        var csv = await File.ReadAllTextAsync(await download.PathAsync());
        Assert.StartsWith("week,district,level,childcare,schedules,requests,seatsFree\r\n", csv);
        Assert.Contains(",Rheinhausen,B2,true,evening,5,", csv);
        Assert.DoesNotContain("figures-", csv);
    }

    [Fact]
    public async Task Every_report_should_have_its_page_with_its_tables_and_no_accessibility_violation()
    {
        await system.PublishCourseAsync("Integrationskurs Rheinhausen (Zahlen)", "Rheinhausen");
        var coordinator = await system.SignedInAsync("coordinator");

        foreach (var (report, heading, table) in new[]
        {
            ("supply", "Freie Kursplätze", "weeks"), ("agreements", "Vereinbarungen mit Arbeitgebern", "agreements"),
            ("placements", "Vermittlungen", "weeks"), ("fairness", "Fairness", "groups"),
        })
        {
            await coordinator.GotoAsync(system.Url($"/coordinator/figures/{report}"));
            await Assertions.Expect(coordinator.GetByRole(AriaRole.Heading, new() { Name = heading, Exact = true })).ToBeVisibleAsync();
            await Assertions.Expect(coordinator.Locator("nav.figures-nav a[aria-current=page]")).ToHaveTextAsync(heading);
            await Assertions.Expect(coordinator.Locator($"a[href$='handler=Csv&table={table}']")).ToBeVisibleAsync();
            await Pages.AssertAccessibleAsync(coordinator);
        }

        await coordinator.GotoAsync(system.Url("/coordinator/figures/supply"));
        await Assertions.Expect(coordinator.Locator("table[data-table=weeks] tbody tr", new() { HasText = "Rheinhausen" }).First).ToBeVisibleAsync();
        await Assertions.Expect(coordinator.Locator("figure.chart svg[role=img] title")).ToHaveTextAsync("Freie Plätze je Stadtteil");
    }

    [Fact]
    public async Task Only_a_coordinator_should_see_the_city_figures()
    {
        var caseworker = await system.SignedInAsync("caseworker");
        var response = await caseworker.GotoAsync(system.Url("/coordinator/figures/demand"));
        Assert.Equal(403, response!.Status);
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Matching.Testing;
using Matching.Vocabulary;

namespace Matching.Api.Tests.Reports;

/// <summary>The demand figures, counted as <c>/matches</c> answers: where courses are missing, and nothing about anyone.</summary>
public sealed class CountingUnmetDemand
{
    [Fact]
    public async Task Five_thousand_requests_over_Duisburg_should_name_exactly_the_two_planted_shortages()
    {
        await using var app = new MatchingApp();
        await Shortage.PublishAsync(app, Shortage.Courses());
        var people = Shortage.Requests(5000);
        await Shortage.AskAsync(app, people);

        var cells = (await DemandAsync(app))["cells"]!.AsArray();

        var planted = people.Where(Shortage.IsPlanted).ToList();
        Assert.Equal(Shortage.Planted.Length, cells.Count);
        foreach (var (district, level, childcare, schedule) in Shortage.Planted)
        {
            var cell = Assert.Single(cells, cell => (string?)cell!["district"] == district && (string?)cell["level"] == Names(level)
                && (bool)cell["childcare"]! == childcare && (string?)cell["schedules"] == schedule.ToString().ToLowerInvariant());
            var asked = planted.Count(p => p.District == district && p.Level == level && p.Childcare == childcare && p.Schedule == schedule);
            Assert.True(asked >= 5, $"the generated data should plant at least 5 requests in {district}, not {asked}");
            Assert.Equal(asked, (int)cell!["requests"]!);
            Assert.Equal("2027-W01", (string?)cell["week"]);
            Assert.Equal(0, (int)cell["seatsFree"]!);
        }
    }

    [Fact]
    public async Task Fewer_than_five_people_in_a_cell_should_read_as_under_five_in_JSON_and_CSV()
    {
        await using var app = new MatchingApp();
        await Shortage.PublishAsync(app, Shortage.Courses());
        var meiderich = Given.At("Meiderich");
        var rheinhausen = Given.At("Rheinhausen");
        // Four in one planted cell, five in the other.
        await Shortage.AskAsync(app, Enumerable.Range(0, 4).Select(i => new Asked($"few-{i}", "Meiderich", meiderich, Level.A2, true, Schedule.Evening)));
        await Shortage.AskAsync(app, Enumerable.Range(0, 5).Select(i => new Asked($"five-{i}", "Rheinhausen", rheinhausen, Level.None, true, Schedule.Morning)));

        var cells = (await DemandAsync(app))["cells"]!.AsArray();
        Assert.Equal("< 5", (string?)cells.Single(cell => (string?)cell!["district"] == "Meiderich")!["requests"]);
        Assert.Equal(5, (int)cells.Single(cell => (string?)cell!["district"] == "Rheinhausen")!["requests"]!);

        var csv = await CsvAsync(app, "/reports/demand?format=csv");
        Assert.Contains("2027-W01,Meiderich,A2,true,evening,< 5,0", csv);
        Assert.Contains("2027-W01,Rheinhausen,none,true,morning,5,0", csv);
        Assert.DoesNotContain("few-", csv);

        var fairness = (await GetAsync(app, "/reports/fairness"))["groups"]!.AsArray();
        var overall = fairness.Single(group => (string?)group!["dimension"] == "overall")!;
        Assert.Equal(9, (int)overall["requests"]!);
        var meiderichGroup = fairness.Single(group => (string?)group!["dimension"] == "district" && (string?)group["group"] == "Meiderich")!;
        Assert.All(new[] { "requests", "shareWithSuggestion", "shareWithCourse", "medianTopScore", "gapWithSuggestion" },
            field => Assert.Equal("< 5", (string?)meiderichGroup[field]));
    }

    [Fact]
    public async Task The_CSV_download_should_have_one_row_per_cell_with_the_place_written_out()
    {
        await using var app = new MatchingApp();
        await Shortage.PublishAsync(app, Shortage.Courses());
        await Shortage.AskAsync(app, Shortage.Requests(400, seed: 7));

        using var response = await Coordinator(app).GetAsync("/reports/demand?format=csv");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("demand.csv", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var json = (await DemandAsync(app))["cells"]!.AsArray();

        Assert.Equal("week,district,level,childcare,schedules,requests,seatsFree", lines[0]);
        Assert.Equal(json.Count + 1, lines.Length);
        Assert.All(lines.Skip(1), line =>
        {
            var fields = line.Split(',');
            Assert.Equal(7, fields.Length);
            Assert.Contains(fields[1], Shortage.Districts);
        });
    }

    [Fact]
    public async Task Counting_should_keep_no_reference_and_no_location_of_anyone()
    {
        await using var app = new MatchingApp();
        await Shortage.PublishAsync(app, Shortage.Courses());
        var people = Shortage.Requests(50, seed: 99);
        await Shortage.AskAsync(app, people);
        await DemandAsync(app); // adds what was counted to the database

        await using var connection = await app.Database.Db.OpenAsync();
        var tables = new Dictionary<string, string>();
        foreach (var table in new[] { "match_counts", "unmet_counts", "group_counts", "placed_counts", "placement_groups" })
            tables[table] = string.Join('\n', (await Dapper.SqlMapper.QueryAsync(connection, $"select * from {table}"))
                .Select(row => string.Join(',', ((IDictionary<string, object?>)row).Values)));
        Assert.NotEmpty(tables["match_counts"]);
        Assert.NotEmpty(tables["group_counts"]);
        var stored = string.Join('\n', tables.Values);
        Assert.DoesNotContain("gen-99-", stored);
        Assert.All(people, person => Assert.DoesNotContain(person.At.Lat.ToString(System.Globalization.CultureInfo.InvariantCulture)[..7], stored));
    }

    [Fact]
    public async Task A_course_that_fits_but_is_not_shown_should_not_count_as_missing()
    {
        await using var app = new MatchingApp();
        var at = Given.At("Hochfeld");
        var course = Given.Course(at) with { StartsOn = new DateOnly(2027, 2, 1), Childcare = true };
        await Shortage.PublishAsync(app, [course]);
        var job = Given.Opening(at) with { MinLevel = Level.A1, StartsOn = MatchingApp.Today.AddDays(7) };
        await app.PublishAsync(new Matching.Contracts.OpeningPosted(job));
        var jobOnly = Given.Person(at, "A1").With("limit", 1).With("schedules", new JsonArray("morning"));
        // The job fills the one place of the list: the course fits all the same.
        await app.SuggestionsOnceAsync(jobOnly, s => s.Count == 1 && (string?)s[0]!["kind"] == "job", "the job alone should be suggested");
        // Nothing fits the evening but the job: a course is missing.
        var evening = Given.Person(at, "A1").With("schedules", new JsonArray("evening"));
        for (var i = 0; i < 5; i++) await app.AnswerAsync(evening);

        var cells = (await DemandAsync(app))["cells"]!.AsArray();

        var cell = Assert.Single(cells)!;
        Assert.Equal("evening", (string?)cell["schedules"]);
        Assert.Equal(5, (int)cell["requests"]!);
    }

    [Theory]
    [InlineData("/reports/demand?format=xml", "format")]
    [InlineData("/reports/supply?format=csv&table=nothing", "table")]
    public async Task An_unknown_format_or_table_should_be_refused_naming_it(string path, string field)
    {
        await using var app = new MatchingApp();
        using var response = await Coordinator(app).GetAsync(path);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal([field], await MatchingApp.ErrorFieldsAsync(response));
    }

    [Fact]
    public async Task A_caseworker_should_not_read_the_city_figures()
    {
        await using var app = new MatchingApp();
        using var response = await app.AsCaseworker().GetAsync("/reports/demand");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    private static string Names(Level level) => level == Level.None ? "none" : level.ToString();

    private static HttpClient Coordinator(MatchingApp app) => app.CreateClient().SignedIn(Tokens.Coordinator());

    private static Task<JsonObject> DemandAsync(MatchingApp app) => GetAsync(app, "/reports/demand");

    private static async Task<JsonObject> GetAsync(MatchingApp app, string path)
    {
        using var response = await Coordinator(app).GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path} answered {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    private static async Task<string> CsvAsync(MatchingApp app, string path)
    {
        using var response = await Coordinator(app).GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }
}

using Matching.Vocabulary;

namespace Matching.Engine.Tests;

/// <summary>On thousands of random worlds, the index answers exactly as the scan does,
/// and no suggestion breaks a rule (each checked here on its own, not with the engine's code).</summary>
public class SearchingTheIndexAsAScanWould
{
    [Fact]
    public void The_index_should_suggest_exactly_what_a_scan_of_everything_suggests_and_break_no_rule()
    {
        var random = new Random(20270104);
        var kinds = new Dictionary<SuggestionKind, int>();
        for (var instance = 0; instance < 2000; instance++)
        {
            var (latest, updates, request) = Generated.Instance(random);
            using var catalog = new Catalog();
            foreach (var update in updates)
                Apply(catalog, update);

            var best = Matcher.Match(catalog, request).Suggestions;
            var all = Matcher.Candidates(catalog, request);

            Assert.Equal(World.Json(Scan.Match(latest.Courses, latest.Openings, latest.Agreements, request).Suggestions), World.Json(best));
            Assert.Equal(World.Json(Scan.Candidates(latest.Courses, latest.Openings, latest.Agreements, request)), World.Json(all));
            Assert.All(all, suggestion => Rules.AssertKept(suggestion, latest, request));
            Assert.Equal(BestFirst(all), all);
            Assert.Equal(World.Json(Capped(all, request.Limit)), World.Json(best));
            Assert.Equal(World.Json(all.Take(request.Limit)), World.Json(Matcher.Candidates(catalog, request, request.Limit)));
            foreach (var suggestion in all)
                kinds[suggestion.Kind] = kinds.GetValueOrDefault(suggestion.Kind) + 1;
        }
        Assert.All(Enum.GetValues<SuggestionKind>(), kind =>
            Assert.True(kinds.GetValueOrDefault(kind) > 2000, $"Only {kinds.GetValueOrDefault(kind)} of {kind}: the worlds test too little."));
    }

    /// <summary>Worlds where the index stops reading early, passes over what cannot reach a full list, and (where the
    /// caps bind) draws again from everything — all of which these worlds were checked to do when the test was written.</summary>
    [Fact]
    public void In_a_crowded_city_the_index_should_suggest_exactly_what_a_scan_of_everything_suggests()
    {
        var random = new Random(20271124);
        for (var instance = 0; instance < 300; instance++)
        {
            var (world, request) = Generated.Crowded(random);
            using var catalog = new Catalog();
            foreach (var item in world.Courses.Concat<object>(world.Openings).Concat(world.Agreements))
                Apply(catalog, item);

            world.AssertIndexedAlike(catalog, request, random.Next(1, 60));
        }
    }

    private static void Apply(Catalog catalog, object update) => _ = update switch
    {
        Course course => catalog.Apply(course),
        Opening opening => catalog.Apply(opening),
        Agreement agreement => catalog.Apply(agreement),
        _ => throw new ArgumentException($"Not a course, opening or agreement: {update}"),
    };

    /// <summary>Higher score first; equal scores by kind (job, course-then-job, course), then opening id, then course id.</summary>
    private static IEnumerable<Suggestion> BestFirst(IEnumerable<Suggestion> suggestions) => suggestions
        .OrderByDescending(s => s.Score)
        .ThenBy(s => s.Kind)
        .ThenBy(s => s.Opening?.Id ?? Guid.Empty)
        .ThenBy(s => s.Course?.Id ?? Guid.Empty);

    /// <summary>The list as the caps make it: best first, skipping a fourth of any employer or course, up to the limit.</summary>
    private static List<Suggestion> Capped(IEnumerable<Suggestion> ordered, int limit)
    {
        var list = new List<Suggestion>();
        foreach (var suggestion in ordered.TakeWhile(_ => list.Count < limit))
        {
            if (list.Count(s => s.Opening is not null && s.Opening.EmployerId == suggestion.Opening?.EmployerId) < 3
                && list.Count(s => s.Course is not null && s.Course.Id == suggestion.Course?.Id) < 3)
                list.Add(suggestion);
        }
        return list;
    }

    /// <summary>The rules of DESIGN.md, written out again.</summary>
    private static class Rules
    {
        public static void AssertKept(Suggestion suggestion, World world, MatchRequest request)
        {
            var course = suggestion.Course is null ? null : world.Courses.Single(c => c.Id == suggestion.Course.Id);
            var opening = suggestion.Opening is null ? null : world.Openings.Single(o => o.Id == suggestion.Opening.Id);
            switch (suggestion.Kind)
            {
                case SuggestionKind.Course:
                    Assert.Null(opening);
                    AssertFits(course!, request);
                    break;
                case SuggestionKind.Job:
                    Assert.Null(course);
                    AssertFits(opening!, request);
                    Assert.True(request.Level >= EffectiveLevel(opening!, world), "the person has the level the job needs");
                    break;
                case SuggestionKind.CourseThenJob:
                    AssertFits(course!, request);
                    AssertFits(opening!, request);
                    var needs = EffectiveLevel(opening!, world);
                    Assert.True(request.Level < needs, "the person needs the course for the job");
                    Assert.True(course!.LevelTo >= needs, "the course reaches the level the job needs");
                    Assert.True(course.EndsOn <= opening!.StartsOn
                        || course.Schedule is Schedule.Evening or Schedule.Weekend && opening.LanguageSupport,
                        "the course ends before the job starts, or runs alongside work with language support");
                    break;
            }
            if (opening is not null)
                Assert.Equal(EffectiveLevel(opening, world) < opening.MinLevel, suggestion.Agreement is not null);
            Assert.InRange(suggestion.Score, 0, 1);
        }

        private static void AssertFits(Course course, MatchRequest request)
        {
            Assert.False(course.Withdrawn, "the course is not withdrawn");
            Assert.True(course.SeatsFree > 0, "the course has free seats");
            Assert.True(request.Level >= course.LevelFrom && request.Level < course.LevelTo, "the course is for the person's level");
            Assert.True(course.StartsOn >= request.AvailableFrom, "the course starts when the person is available");
            Assert.True(course.Online || Km(request.Location, course.At!.Value) <= request.MaxDistanceKm,
                "the course is online or near enough");
            Assert.True(request.Schedules.Count == 0 || request.Schedules.Contains(course.Schedule), "the course is at a time the person can");
            Assert.True(!request.NeedsChildcare || course.Childcare || course.Online, "the course offers childcare if needed");
        }

        private static void AssertFits(Opening opening, MatchRequest request)
        {
            Assert.False(opening.Closed, "the opening is open");
            Assert.True(opening.PositionsLeft > 0, "the opening has positions left");
            Assert.True(Km(request.Location, opening.At) <= request.MaxDistanceKm, "the opening is near enough");
            Assert.True(opening.StartsOn >= request.AvailableFrom, "the opening starts when the person is available");
            Assert.True(request.Occupations.Count == 0 || request.Occupations.Any(opening.Occupation.StartsWith),
                "the opening is in an occupation the person wishes");
        }

        private static Level EffectiveLevel(Opening opening, World world) => world.Agreements
            .Where(a => a.EmployerId == opening.EmployerId
                        && (a.Occupations.Count == 0 || a.Occupations.Any(opening.Occupation.StartsWith))
                        && a.ValidFrom <= opening.StartsOn && opening.StartsOn <= a.ValidTo
                        && a.QuotaLeft > 0)
            .Select(a => a.MinLevel)
            .Append(opening.MinLevel)
            .Min();

        private static double Km(GeoPoint from, GeoPoint to)
        {
            static double Rad(double degrees) => degrees * Math.PI / 180;
            var a = Math.Pow(Math.Sin(Rad(to.Lat - from.Lat) / 2), 2)
                  + Math.Cos(Rad(from.Lat)) * Math.Cos(Rad(to.Lat)) * Math.Pow(Math.Sin(Rad(to.Lon - from.Lon) / 2), 2);
            return 2 * 6371.0088 * Math.Asin(Math.Sqrt(a));
        }
    }
}

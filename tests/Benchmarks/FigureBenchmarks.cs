using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Matching.Api.Reports;
using Matching.Contracts;
using Matching.Hosting.Data;
using Matching.Vocabulary;
using Microsoft.Extensions.Logging.Abstractions;

namespace Benchmarks;

/// <summary>
/// The city's figures for a city-sized year: the counts of 100,000 answered match requests (a seeded Duisburg, each
/// request in the district nearest to it), 2,000 courses and 20,000 placements. The pure figures, and the demand and
/// fairness reports with their reading from a SQLite database (as <c>GET /reports/…</c> does, less HTTP). Goal: ≤ 200 ms.
/// <see cref="DemandReadFromTheCells"/> and <see cref="FairnessReadFromTheCells"/> are how the reports read the counts
/// before they were summed as they are added (unmet_counts, group_counts), measured beside them.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(InProcessShortRun))]
public class FigureBenchmarks
{
    private static readonly GeoPoint Duisburg = new(51.43247, 6.76516);
    private static readonly DateOnly Today = new(2027, 1, 4);

    private IReadOnlyList<MatchCount> counts = null!;
    private IReadOnlyList<CourseState> courses = null!;
    private ReportStore store = null!;
    private Db db = null!;
    private string folder = null!;

    [Params(100_000)]
    public int Requests { get; set; }

    [Params(2_000)]
    public int Courses { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        (counts, courses) = City(Requests, Courses);
        folder = Path.Combine(Path.GetTempPath(), "matching-figures-" + Guid.NewGuid().ToString("N"));
        db = new Db(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(folder, "figures.db")}");
        Migrations.Run(db, typeof(ReportStore).Assembly, NullLogger.Instance);
        store = new ReportStore(db);
        store.AddCountsAsync(counts.ToDictionary(count => count.Cell, count => count.Requests), CancellationToken.None).GetAwaiter().GetResult();
        AddPlacementsAsync(Requests / 5).GetAwaiter().GetResult();
        Console.WriteLine($"// {Requests:N0} requests in {counts.Count:N0} cells, {Courses:N0} courses, {Requests / 5:N0} placements");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    [Benchmark]
    public int Demand() => Figures.Demand(counts, courses, Today).Cells.Count;

    [Benchmark]
    public int Supply() => Figures.Supply(courses, Today).Cells.Count;

    [Benchmark]
    public int Fairness() => Figures.Fairness(counts).Groups.Count;

    /// <summary>The demand report as the endpoint makes it: the counts read from the database, then the figures.</summary>
    [Benchmark]
    public int DemandReadFromTheDatabase() =>
        Figures.Demand(store.UnmetAsync(CancellationToken.None).GetAwaiter().GetResult(), courses, Today).Cells.Count;

    /// <summary>Before: the demand report summed the unmet cells by week in the database as it was read.</summary>
    [Benchmark]
    public int DemandReadFromTheCells()
    {
        const string Sql = """
            select week as Week, district as District, level as Level, childcare as Childcare, schedules as Schedules,
                   cast(sum(requests) as bigint) as Requests
            from match_counts
            where not course_fits
            group by week, district, level, childcare, schedules
            """;
        using var connection = db.OpenAsync().GetAwaiter().GetResult();
        var cells = Dapper.SqlMapper.Query<UnmetRow>(connection, Sql)
            .Select(row => new MatchCount(new MatchCell(row.Week, row.District, Names.Parse<Level>(row.Level), row.Childcare, row.Schedules,
                false, MatchCell.NoSuggestion), row.Requests))
            .ToList();
        return Figures.Demand(cells, courses, Today).Cells.Count;
    }

    /// <summary>The fairness report as the endpoint makes it: the group counts and the placements by group read, then the figures.</summary>
    [Benchmark]
    public int FairnessReadFromTheDatabase() =>
        Figures.Fairness(store.GroupCountsAsync(CancellationToken.None).GetAwaiter().GetResult(), store.PlacedAsync(CancellationToken.None).GetAwaiter().GetResult())
            .Groups.Count;

    /// <summary>
    /// Before: the fairness report read the cells summed by district, level, childcare, course fit and score — nearly as
    /// many rows as cells in this worst case — and worked out every group from them (no placements then).
    /// </summary>
    [Benchmark]
    public int FairnessReadFromTheCells()
    {
        const string Sql = """
            select district as District, level as Level, childcare as Childcare, course_fits as CourseFits, top_score as TopScore,
                   cast(sum(requests) as bigint) as Requests
            from match_counts
            group by district, level, childcare, course_fits, top_score
            """;
        using var connection = db.OpenAsync().GetAwaiter().GetResult();
        var cells = Dapper.SqlMapper.Query<CellRow>(connection, Sql)
            .Select(row => new MatchCount(new MatchCell("", row.District, Names.Parse<Level>(row.Level), row.Childcare, MatchCell.AnyTime,
                row.CourseFits, row.TopScore), row.Requests))
            .ToList();
        return Figures.Fairness(cells).Groups.Count;
    }

    private sealed class UnmetRow
    {
        public string Week { get; init; } = "";
        public string District { get; init; } = "";
        public string Level { get; init; } = "";
        public bool Childcare { get; init; }
        public string Schedules { get; init; } = "";
        public long Requests { get; init; }
    }

    private sealed class CellRow
    {
        public string District { get; init; } = "";
        public string Level { get; init; } = "";
        public bool Childcare { get; init; }
        public bool CourseFits { get; init; }
        public int TopScore { get; init; }
        public long Requests { get; init; }
    }

    /// <summary>
    /// <paramref name="count"/> placements, three in five confirmed, each with its person's group noted as a placement
    /// requested after an answer is (no reference of a real person: they are made up).
    /// </summary>
    private async Task AddPlacementsAsync(int count)
    {
        var random = new Random(17);
        var groups = counts.Select(count => GroupCell.Of(count.Cell)).Distinct().ToArray();
        var at = new DateTimeOffset(2027, 1, 4, 9, 0, 0, TimeSpan.Zero);
        await using var work = await db.BeginAsync();
        for (var i = 0; i < count; i++)
        {
            var (id, group) = (Guid.CreateVersion7(at), groups[random.Next(groups.Length)]);
            var state = random.NextDouble() < 0.6 ? "Confirmed" : "Released";
            await work.ExecuteAsync("""
                insert into placements (id, version, reference, course_id, opening_id, agreement_id, state, reason, seat, position, requested_at, reserved_at, changed_at)
                values (@Id, 1, @Reference, null, null, null, @State, null, 'Held', 'None', @At, @At, @At)
                """, new { Id = id, Reference = $"made-up-{i}", State = state, At = at });
            await work.ExecuteAsync("insert into placement_groups (placement_id, district, level, childcare) values (@Id, @District, @Level, @Childcare)",
                new { Id = id, group.District, Level = Names.Of(group.Level), group.Childcare });
        }
        await work.CommitAsync();
    }

    /// <summary>The counts of <paramref name="requests"/> requests within 20 km of Duisburg over a year, and the courses of the same area.</summary>
    public static (IReadOnlyList<MatchCount> Counts, IReadOnlyList<CourseState> Courses) City(int requests, int courseCount, int seed = 2027)
    {
        var random = new Random(seed);
        var levels = Enum.GetValues<Level>();
        var schedules = Enum.GetValues<Schedule>();
        var kinds = Enum.GetValues<CourseKind>();
        var cells = new Dictionary<MatchCell, long>();
        for (var i = 0; i < requests; i++)
        {
            var at = Near(random, 20);
            var asked = random.NextDouble() < 0.5 ? [] : new[] { schedules[random.Next(schedules.Length)] };
            var suggested = random.NextDouble() < 0.95;
            var cell = new MatchCell(
                MatchCell.WeekOf(Today.AddDays(random.Next(365))), Gazetteer.Germany.Nearest(at), levels[random.Next(levels.Length - 1)],
                random.NextDouble() < 0.3, MatchCell.SchedulesOf(asked), random.NextDouble() < 0.8,
                suggested ? 30 + random.Next(66) : MatchCell.NoSuggestion);
            cells[cell] = cells.GetValueOrDefault(cell) + 1;
        }

        var courses = Enumerable.Range(0, courseCount).Select(_ =>
        {
            var at = Near(random, 20);
            var from = levels[random.Next(levels.Length - 1)];
            var to = levels[random.Next((int)from + 1, levels.Length)];
            var total = 12 + random.Next(14);
            var starts = Today.AddDays(random.Next(-60, 180));
            return new CourseState(Guid.NewGuid(), 1, $"provider-{random.Next(40)}", "Kurs", kinds[random.Next(kinds.Length)], from, to, at.Lat, at.Lon,
                false, starts, starts.AddDays(120), 20, schedules[random.Next(schedules.Length)], random.NextDouble() < 0.4, total, random.Next(total + 1),
                false);
        }).ToList();
        return (cells.Select(cell => new MatchCount(cell.Key, cell.Value)).ToList(), courses);
    }

    private static GeoPoint Near(Random random, double km)
    {
        var (distance, bearing) = (km * Math.Sqrt(random.NextDouble()), random.NextDouble() * 2 * Math.PI);
        return new GeoPoint(Duisburg.Lat + distance * Math.Cos(bearing) / 111.2,
            Duisburg.Lon + distance * Math.Sin(bearing) / (111.2 * Math.Cos(Duisburg.Lat * Math.PI / 180)));
    }
}

/// <summary>A short run in this process: on a shared 2-core machine BenchmarkDotNet's own build of a runner can outlast its 2-minute limit.</summary>
public sealed class InProcessShortRun : ManualConfig
{
    public InProcessShortRun() => AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance));
}

using Dapper;
using Matching.Api.Placements;
using Matching.Hosting.Data;
using Matching.Vocabulary;

namespace Matching.Api.Reports;

/// <summary>
/// What the figures read: the match counts, summed as they are added into what the demand and fairness reports need (the
/// requests no course fitted per week and cell; the requests per group and score); the placements reduced to their dates,
/// states and agreements, and counted by group; and the free seats week by week.
/// </summary>
public sealed class ReportStore(Db db)
{
    private const string AddCount = """
        insert into match_counts (week, district, level, childcare, schedules, course_fits, top_score, requests)
        values (@Week, @District, @Level, @Childcare, @Schedules, @CourseFits, @TopScore, @Requests)
        on conflict (week, district, level, childcare, schedules, course_fits, top_score)
        do update set requests = match_counts.requests + excluded.requests
        """;

    private const string AddUnmet = """
        insert into unmet_counts (week, district, level, childcare, schedules, requests)
        values (@Week, @District, @Level, @Childcare, @Schedules, @Requests)
        on conflict (week, district, level, childcare, schedules)
        do update set requests = unmet_counts.requests + excluded.requests
        """;

    // No score: MatchCell.NoSuggestion.
    private const string SelectUnmet = """
        select week as Week, district as District, level as Level, childcare as Childcare, schedules as Schedules,
               false as CourseFits, -1 as TopScore, requests as Requests
        from unmet_counts
        """;

    private const string AddGroupCount = """
        insert into group_counts (dimension, grp, top_score, requests, with_course)
        values (@Dimension, @Group, @TopScore, @Requests, @WithCourse)
        on conflict (dimension, grp, top_score)
        do update set requests = group_counts.requests + excluded.requests, with_course = group_counts.with_course + excluded.with_course
        """;

    private const string SelectGroupCounts = """
        select dimension as Dimension, grp as "Group", top_score as TopScore, requests as Requests, with_course as WithCourse
        from group_counts
        """;

    // The confirmed placements still held, by the group noted when each was requested (none: not known); then those erased.
    private const string SelectPlacedNow = """
        select g.district as District, g.level as Level, g.childcare as Childcare, count(*) as Placed
        from placements p
        left join placement_groups g on g.placement_id = p.id
        where p.state = 'Confirmed'
        group by g.district, g.level, g.childcare
        """;

    private const string SelectPlacedErased = """
        select dimension as Dimension, grp as "Group", placed as Placed from placed_counts
        """;

    private const string DeleteSupplyWeek = "delete from supply_counts where week = @Week";

    private const string AddSupplyWeek = """
        insert into supply_counts (week, district, kind, level_from, level_to, courses, seats_total, seats_free)
        values (@Week, @District, @Kind, @LevelFrom, @LevelTo, @Courses, @SeatsTotal, @SeatsFree)
        on conflict (week, district, kind, level_from, level_to)
        do update set courses = excluded.courses, seats_total = excluded.seats_total, seats_free = excluded.seats_free
        """;

    private const string SelectSupplyWeeks = """
        select week as Week, district as District, kind as Kind, level_from as LevelFrom, level_to as LevelTo,
               courses as Courses, seats_total as SeatsTotal, seats_free as SeatsFree
        from supply_counts
        """;

    // Never the reference: the figures count placements, they do not name them.
    private const string SelectPlacements = """
        select p.agreement_id as AgreementId, p.state as State, p.reason as Reason, p.requested_at as RequestedAt,
               p.reserved_at as ReservedAt, h.at as ConfirmedAt
        from placements p
        left join placement_history h on h.placement_id = p.id and h.state = 'Confirmed'
        """;

    /// <summary>Adds the counts to those stored, to the unmet ones and to their groups' counts, in one transaction (every replica adds its own).</summary>
    public async Task AddCountsAsync(IReadOnlyDictionary<MatchCell, long> counts, CancellationToken cancellationToken)
    {
        await using var work = await db.BeginAsync(cancellationToken);
        foreach (var (cell, requests) in counts)
        {
            await work.ExecuteAsync(AddCount, new
            {
                cell.Week, cell.District, Level = Names.Of(cell.Level), cell.Childcare, cell.Schedules, cell.CourseFits, cell.TopScore,
                Requests = requests,
            });
        }

        // What the demand and fairness reports read, summed already: a few thousand rows each, not every cell.
        foreach (var (cell, requests) in counts.Where(pair => !pair.Key.CourseFits))
        {
            await work.ExecuteAsync(AddUnmet, new
            {
                cell.Week, cell.District, Level = Names.Of(cell.Level), cell.Childcare, cell.Schedules, Requests = requests,
            });
        }
        foreach (var count in Figures.GroupCountsOf(counts.Select(pair => new MatchCount(pair.Key, pair.Value))))
            await work.ExecuteAsync(AddGroupCount, count);
        await work.CommitAsync(cancellationToken);
    }

    /// <summary>The requests no course fitted, per week and cell (<see cref="Figures.Demand"/>).</summary>
    public Task<IReadOnlyList<MatchCount>> UnmetAsync(CancellationToken cancellationToken) => CountsAsync(SelectUnmet, cancellationToken);

    /// <summary>The requests per group and best score, over every week and time of day (<see cref="Figures.Fairness"/>).</summary>
    public async Task<IReadOnlyList<GroupCount>> GroupCountsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<GroupCountRow>(SelectGroupCounts))
            .Select(row => new GroupCount(row.Dimension, row.Group, row.TopScore, row.Requests, row.WithCourse))
            .ToList();
    }

    /// <summary>
    /// The confirmed placements per group: those held now by the group noted when each was requested, and those erased
    /// since, as counted when they were (<see cref="PlacementGroups.KeepCountAsync"/>). <see cref="Groups.Overall"/> counts all.
    /// </summary>
    public async Task<IReadOnlyList<GroupPlaced>> PlacedAsync(CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        var placed = new List<GroupPlaced>();
        foreach (var row in await connection.QueryAsync<PlacedRow>(SelectPlacedNow))
        {
            placed.Add(new GroupPlaced(Groups.Overall, Groups.All, row.Placed));
            if (row is { District: { } district, Level: { } level, Childcare: { } childcare })
                placed.AddRange(new GroupCell(district, Names.Parse<Level>(level), childcare).Counted()
                    .Select(group => new GroupPlaced(group.Dimension, group.Group, row.Placed)));
        }
        placed.AddRange((await connection.QueryAsync<GroupPlacedRow>(SelectPlacedErased)).Select(row => new GroupPlaced(row.Dimension, row.Group, row.Placed)));
        return placed;
    }

    /// <summary>Writes the free seats of <paramref name="week"/> again, as <paramref name="cells"/> now say, in place of what a look before found.</summary>
    public async Task WriteSupplyAsync(string week, IReadOnlyList<SupplyWeek> cells, CancellationToken cancellationToken)
    {
        await using var work = await db.BeginAsync(cancellationToken);
        await work.ExecuteAsync(DeleteSupplyWeek, new { Week = week });
        foreach (var cell in cells)
        {
            await work.ExecuteAsync(AddSupplyWeek, new
            {
                cell.Week, cell.District, Kind = Names.Of(cell.Kind), LevelFrom = Names.Of(cell.LevelFrom), LevelTo = Names.Of(cell.LevelTo),
                cell.Courses, cell.SeatsTotal, cell.SeatsFree,
            });
        }
        await work.CommitAsync(cancellationToken);
    }

    /// <summary>The free seats each week's last look found.</summary>
    public async Task<IReadOnlyList<SupplyWeek>> SupplyWeeksAsync(CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<SupplyRow>(SelectSupplyWeeks))
            .Select(row => new SupplyWeek(row.Week, row.District, Names.Parse<CourseKind>(row.Kind), Names.Parse<Level>(row.LevelFrom),
                Names.Parse<Level>(row.LevelTo), row.Courses, row.SeatsTotal, row.SeatsFree))
            .ToList();
    }

    private async Task<IReadOnlyList<MatchCount>> CountsAsync(string sql, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<CountRow>(sql);
        return rows.Select(row => new MatchCount(
            new MatchCell(row.Week, row.District, Names.Parse<Level>(row.Level), row.Childcare, row.Schedules, row.CourseFits, row.TopScore),
            row.Requests)).ToList();
    }

    public async Task<IReadOnlyList<PlacementFacts>> PlacementsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<PlacementFacts>(SelectPlacements)).AsList();
    }

    private sealed class GroupCountRow
    {
        public string Dimension { get; init; } = "";
        public string Group { get; init; } = "";
        public int TopScore { get; init; }
        public long Requests { get; init; }
        public long WithCourse { get; init; }
    }

    private sealed class PlacedRow
    {
        public string? District { get; init; }
        public string? Level { get; init; }
        public bool? Childcare { get; init; }
        public long Placed { get; init; }
    }

    private sealed class GroupPlacedRow
    {
        public string Dimension { get; init; } = "";
        public string Group { get; init; } = "";
        public long Placed { get; init; }
    }

    private sealed class SupplyRow
    {
        public string Week { get; init; } = "";
        public string District { get; init; } = "";
        public string Kind { get; init; } = "";
        public string LevelFrom { get; init; } = "";
        public string LevelTo { get; init; } = "";
        public int Courses { get; init; }
        public int SeatsTotal { get; init; }
        public int SeatsFree { get; init; }
    }

    private sealed class CountRow
    {
        public string Week { get; init; } = "";
        public string District { get; init; } = "";
        public string Level { get; init; } = "";
        public bool Childcare { get; init; }
        public string Schedules { get; init; } = "";
        public bool CourseFits { get; init; }
        public int TopScore { get; init; }
        public long Requests { get; init; }
    }
}

/// <summary>How many answered requests fell into a cell.</summary>
public sealed record MatchCount(MatchCell Cell, long Requests);

/// <summary>What the figures know of a placement: no reference, no person.</summary>
public sealed record PlacementFacts
{
    public Guid? AgreementId { get; init; }
    public PlacementState State { get; init; }
    public string? Reason { get; init; }
    public DateTimeOffset RequestedAt { get; init; }
    public DateTimeOffset? ReservedAt { get; init; }
    public DateTimeOffset? ConfirmedAt { get; init; }
}

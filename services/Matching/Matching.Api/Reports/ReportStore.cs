using Dapper;
using Matching.Api.Placements;
using Matching.Hosting.Data;
using Matching.Vocabulary;

namespace Matching.Api.Reports;

/// <summary>What the figures read: the match counts, and the placements reduced to their dates, states and agreements.</summary>
public sealed class ReportStore(Db db)
{
    private const string AddCount = """
        insert into match_counts (week, district, level, childcare, schedules, course_fits, top_score, requests)
        values (@Week, @District, @Level, @Childcare, @Schedules, @CourseFits, @TopScore, @Requests)
        on conflict (week, district, level, childcare, schedules, course_fits, top_score)
        do update set requests = match_counts.requests + excluded.requests
        """;

    // Summed by the database to what each report needs: the demand by week and cell (no score: -1), the fairness by group and score.
    private const string SelectUnmet = $"""
        select week as Week, district as District, level as Level, childcare as Childcare, schedules as Schedules,
               course_fits as CourseFits, -1 as TopScore, cast(sum(requests) as bigint) as Requests
        from match_counts
        where not course_fits
        group by week, district, level, childcare, schedules, course_fits
        """;

    private const string SelectScores = $"""
        select '' as Week, district as District, level as Level, childcare as Childcare, '{MatchCell.AnyTime}' as Schedules,
               course_fits as CourseFits, top_score as TopScore, cast(sum(requests) as bigint) as Requests
        from match_counts
        group by district, level, childcare, course_fits, top_score
        """;

    // Never the reference: the figures count placements, they do not name them.
    private const string SelectPlacements = """
        select p.agreement_id as AgreementId, p.state as State, p.reason as Reason, p.requested_at as RequestedAt,
               p.reserved_at as ReservedAt, h.at as ConfirmedAt
        from placements p
        left join placement_history h on h.placement_id = p.id and h.state = 'Confirmed'
        """;

    /// <summary>Adds the counts to those stored, in one transaction (every replica adds its own).</summary>
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
        await work.CommitAsync(cancellationToken);
    }

    /// <summary>The requests no course fitted, per week and cell (<see cref="Figures.Demand"/>).</summary>
    public Task<IReadOnlyList<MatchCount>> UnmetAsync(CancellationToken cancellationToken) => CountsAsync(SelectUnmet, cancellationToken);

    /// <summary>The requests per group and best score, over every week and time of day (<see cref="Figures.Fairness"/>).</summary>
    public Task<IReadOnlyList<MatchCount>> ScoresAsync(CancellationToken cancellationToken) => CountsAsync(SelectScores, cancellationToken);

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

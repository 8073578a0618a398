using Matching.Api.Placements;
using Matching.Vocabulary;

namespace Matching.Api.Reports;

/// <summary>A report of named tables; the CSV download is one of them (<c>?table=</c>, the first by default), one row per cell.</summary>
public interface IReport
{
    IReadOnlyList<ReportTable> Tables();
}

/// <summary>One table of a report: its name as the JSON answer names it, and its rows, all of <paramref name="RowType"/>.</summary>
public sealed record ReportTable(string Name, Type RowType, IEnumerable<object> Rows);

/// <summary><c>GET /reports/demand</c>: the match requests no course fitted.</summary>
public sealed record DemandReport(IReadOnlyList<DemandCell> Cells) : IReport
{
    public IReadOnlyList<ReportTable> Tables() => [new("cells", typeof(DemandCell), Cells)];
}

/// <param name="District">The gazetteer's place nearest to the people who asked.</param>
/// <param name="Schedules">The times of day they asked for, joined by <c>+</c>, or <c>any</c>.</param>
/// <param name="Requests">How many requests no course fitted.</param>
/// <param name="SeatsFree">The free seats now of the courses in the district that would fit the cell.</param>
public sealed record DemandCell(string Week, string District, Level Level, bool Childcare, string Schedules, Figure Requests, int SeatsFree);

/// <summary><c>GET /reports/supply</c>: the courses' free seats now and week by week, and the job-related courses at risk.</summary>
public sealed record SupplyReport(IReadOnlyList<SupplyCell> Cells, IReadOnlyList<CourseAtRisk> AtRisk, IReadOnlyList<SupplyWeek> Weeks) : IReport
{
    public IReadOnlyList<ReportTable> Tables() =>
        [new("cells", typeof(SupplyCell), Cells), new("atRisk", typeof(CourseAtRisk), AtRisk), new("weeks", typeof(SupplyWeek), Weeks)];
}

/// <param name="District">The gazetteer's place nearest to the courses, or <c>online</c>.</param>
/// <param name="StartsWeek">The ISO week the courses start in.</param>
public sealed record SupplyCell(string District, CourseKind Kind, Level LevelFrom, Level LevelTo, string StartsWeek, int Courses, int SeatsTotal, int SeatsFree);

/// <summary>The free seats of a week, as its last look found them (the current week: as they are now), of the courses not ended by then.</summary>
/// <param name="District">The gazetteer's place nearest to the courses, or <c>online</c>.</param>
public sealed record SupplyWeek(string Week, string District, CourseKind Kind, Level LevelFrom, Level LevelTo, int Courses, int SeatsTotal, int SeatsFree);

/// <summary>A job-related course starting within two weeks with fewer than 15 registrations (its seats not free).</summary>
public sealed record CourseAtRisk(Guid CourseId, string Title, string ProviderId, string District, DateOnly StartsOn, Figure Registrations);

/// <summary><c>GET /reports/agreements</c>: whether the agreements with employers work.</summary>
public sealed record AgreementsReport(IReadOnlyList<AgreementFigures> Agreements) : IReport
{
    public IReadOnlyList<ReportTable> Tables() => [new("agreements", typeof(AgreementFigures), Agreements)];
}

/// <param name="Used">Hires counted against the quota.</param>
/// <param name="Left">Suppressed with <paramref name="Used"/>, which it would give away.</param>
/// <param name="DaysToEnd">Days until <paramref name="ValidTo"/>; 0 once it has passed.</param>
public sealed record AgreementFigures(Guid AgreementId, string EmployerId, int Quota, Figure Used, Figure Left, DateOnly ValidTo, int DaysToEnd,
    Figure Requested, Figure Reserved, Figure Confirmed, Figure Rejected, Figure Released);

/// <summary><c>GET /reports/placements</c>: the funnel per week, and why placements ended.</summary>
public sealed record PlacementsReport(IReadOnlyList<FunnelWeek> Weeks, IReadOnlyList<PlacementOutcome> Outcomes) : IReport
{
    public IReadOnlyList<ReportTable> Tables() => [new("weeks", typeof(FunnelWeek), Weeks), new("outcomes", typeof(PlacementOutcome), Outcomes)];
}

/// <summary>The placements requested in one ISO week: how many were, how many got reserved, and where they stand now.</summary>
/// <param name="Released">Released for any reason but a cancel (not confirmed in time).</param>
/// <param name="MedianDaysToConfirmation">From the request to the confirmation, of those confirmed.</param>
public sealed record FunnelWeek(string Week, Figure Requested, Figure Reserved, Figure Confirmed, Figure Rejected, Figure Released, Figure Cancelled,
    Figure MedianDaysToConfirmation);

public sealed record PlacementOutcome(string Week, PlacementState State, string Reason, Figure Placements);

/// <summary><c>GET /reports/fairness</c>: each group beside everyone.</summary>
public sealed record FairnessReport(IReadOnlyList<FairnessGroup> Groups) : IReport
{
    public IReadOnlyList<ReportTable> Tables() => [new("groups", typeof(FairnessGroup), Groups)];
}

/// <param name="Dimension"><c>overall</c>, <c>level</c>, <c>childcare</c>, <c>district</c> or <c>literacy</c>.</param>
/// <param name="Requests">The group's match requests (a person who asks twice counts twice).</param>
/// <param name="Placed">The placements confirmed (and not cancelled since) for the group's people; those erased since count as they were.</param>
/// <param name="SharePlaced"><paramref name="Placed"/> per request of the group.</param>
/// <param name="MedianTopScore">The median of the best suggestion's score, of the requests that got one.</param>
/// <param name="ShareWithSuggestion">Of the group's requests, the share that got any suggestion.</param>
/// <param name="ShareWithCourse">The share some course fitted.</param>
/// <param name="GapPlaced">The group's share placed less the overall share; the other gaps alike.</param>
public sealed record FairnessGroup(string Dimension, string Group, Figure Requests, Figure Placed, Figure SharePlaced, Figure MedianTopScore,
    Figure ShareWithSuggestion, Figure ShareWithCourse, Figure GapPlaced, Figure GapMedianTopScore, Figure GapWithSuggestion, Figure GapWithCourse);

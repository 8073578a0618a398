using Matching.Api.Placements;
using Matching.Api.Reports;
using Matching.Contracts;
using Matching.Vocabulary;

namespace Matching.Api.Tests.Reports;

/// <summary>The figures as pure arithmetic over what the reports read: no service, no database.</summary>
public sealed class WorkingOutTheFigures
{
    private static readonly DateOnly Today = new(2027, 1, 4);

    [Fact]
    public void A_job_related_course_with_few_registrations_two_weeks_before_its_start_should_be_at_risk()
    {
        var hochfeld = Given.At("Hochfeld");
        var course = Given.Course(hochfeld) with { Kind = CourseKind.JobRelated, StartsOn = Today.AddDays(14), SeatsTotal = 25 };
        var atRisk = course with { Id = Guid.NewGuid(), SeatsFree = 25 - 14 };
        var full = course with { Id = Guid.NewGuid(), SeatsFree = 25 - 15 };
        var later = course with { Id = Guid.NewGuid(), StartsOn = Today.AddDays(15), SeatsFree = 25 };
        var integration = course with { Id = Guid.NewGuid(), Kind = CourseKind.Integration, SeatsFree = 25 };
        var fewest = course with { Id = Guid.NewGuid(), SeatsFree = 25 - 3 };

        var supply = Figures.Supply([atRisk, full, later, integration, fewest], Today);

        Assert.Equal(new[] { atRisk.Id, fewest.Id }.Order(), supply.AtRisk.Select(course => course.CourseId).Order());
        Assert.Equal(14, supply.AtRisk.Single(course => course.CourseId == atRisk.Id).Registrations.Value);
        Assert.True(supply.AtRisk.Single(course => course.CourseId == fewest.Id).Registrations.Suppressed);
        Assert.All(supply.AtRisk, course => Assert.Equal("Hochfeld", course.District));
    }

    [Fact]
    public void Free_seats_should_be_summed_per_district_kind_levels_and_starting_week()
    {
        var courses = new[]
        {
            Given.Course(Given.At("Hochfeld")) with { SeatsFree = 6 },
            Given.Course(Given.At("Hochfeld")) with { Id = Guid.NewGuid(), SeatsFree = 4 },
            Given.Course(Given.At("Meiderich")) with { Id = Guid.NewGuid(), SeatsFree = 1 },
            Given.Course(Given.At("Meiderich")) with { Id = Guid.NewGuid(), Lat = null, Lon = null, Online = true, SeatsFree = 9 },
            Given.Course(Given.At("Meiderich")) with { Id = Guid.NewGuid(), Withdrawn = true, SeatsFree = 20 },
        };

        var cells = Figures.Supply(courses, Today).Cells;

        Assert.Equal([("Hochfeld", 2, 10), ("Meiderich", 1, 1), ("online", 1, 9)], cells.Select(cell => (cell.District, cell.Courses, cell.SeatsFree)));
        Assert.All(cells, cell => Assert.Equal("2027-W02", cell.StartsWeek));
    }

    [Fact]
    public void An_agreement_should_show_quota_used_left_and_days_to_its_end_with_small_counts_suppressed()
    {
        var opening = Given.Opening(Given.At("Rheinhausen"));
        var busy = Given.Agreement(opening) with { Quota = 20, QuotaLeft = 12 };
        var quiet = Given.Agreement(opening) with { Id = Guid.NewGuid(), Quota = 10, QuotaLeft = 8 };
        var placements = Enumerable.Range(0, 6).Select(_ => Placed(busy.Id, PlacementState.Confirmed))
            .Append(Placed(busy.Id, PlacementState.Rejected))
            .Append(Placed(quiet.Id, PlacementState.Reserved))
            .ToList();

        var rows = Figures.Agreements([busy, quiet], placements, Today).Agreements;

        var shown = rows.Single(row => row.AgreementId == busy.Id);
        Assert.Equal((20, 8.0, 12.0), (shown.Quota, shown.Used.Value!.Value, shown.Left.Value!.Value));
        Assert.Equal(new DateOnly(2027, 12, 31).DayNumber - Today.DayNumber, shown.DaysToEnd);
        Assert.Equal(6, shown.Confirmed.Value);
        Assert.True(shown.Rejected.Suppressed);
        var hidden = rows.Single(row => row.AgreementId == quiet.Id);
        Assert.True(hidden.Used.Suppressed);
        Assert.True(hidden.Left.Suppressed, "what is left of the quota would give away what was used");
    }

    [Fact]
    public void The_funnel_should_count_each_week_and_the_median_days_to_confirmation()
    {
        var monday = new DateTimeOffset(2027, 1, 4, 9, 0, 0, TimeSpan.Zero);
        var placements = Enumerable.Range(1, 5)
            .Select(days => Placed(null, PlacementState.Confirmed, monday) with { ReservedAt = monday, ConfirmedAt = monday.AddDays(days) })
            .Concat(Enumerable.Range(0, 5).Select(_ => Placed(null, PlacementState.Released, monday) with { Reason = Placement.Cancelled }))
            .Append(Placed(null, PlacementState.Rejected, monday) with { Reason = "no seats left" })
            .Append(Placed(null, PlacementState.Requested, monday.AddDays(7)))
            .ToList();

        var report = Figures.Placements(placements);

        var first = report.Weeks[0];
        Assert.Equal("2027-W01", first.Week);
        Assert.Equal((11.0, 5.0, 5.0), (first.Requested.Value!.Value, first.Confirmed.Value!.Value, first.Cancelled.Value!.Value));
        Assert.True(first.Rejected.Suppressed);
        Assert.Equal(3, first.MedianDaysToConfirmation.Value);
        Assert.True(report.Weeks[1].Requested.Suppressed);
        Assert.Contains(report.Outcomes, outcome => outcome is { State: PlacementState.Released, Reason: Placement.Cancelled } && outcome.Placements.Value == 5);
    }

    [Fact]
    public void Fairness_should_set_each_group_beside_everyone_with_the_gap()
    {
        var counts = new[]
        {
            Count("Hochfeld", Level.A2, courseFits: true, topScore: 80, requests: 10),
            Count("Hochfeld", Level.A2, courseFits: true, topScore: 60, requests: 10),
            Count("Meiderich", Level.None, courseFits: false, topScore: MatchCell.NoSuggestion, requests: 20),
            Count("Rheinhausen", Level.B1, courseFits: true, topScore: 40, requests: 3),
        };

        var groups = Figures.Fairness(counts).Groups;

        var overall = groups.Single(group => group.Dimension == "overall");
        Assert.Equal(43, overall.Requests.Value);
        Assert.Equal(23.0 / 43, overall.ShareWithSuggestion.Value!.Value, 6);
        Assert.Equal(0.6, overall.MedianTopScore.Value!.Value, 6);
        var meiderich = groups.Single(group => group is { Dimension: "district", Group: "Meiderich" });
        Assert.Equal(0, meiderich.ShareWithCourse.Value);
        Assert.Equal(-23.0 / 43, meiderich.GapWithCourse.Value!.Value, 6);
        Assert.Null(meiderich.MedianTopScore.Value);
        var literacy = groups.Single(group => group is { Dimension: "literacy", Group: "needed" });
        Assert.Equal(20, literacy.Requests.Value);
        var hochfeld = groups.Single(group => group is { Dimension: "district", Group: "Hochfeld" });
        Assert.Equal(0.7, hochfeld.MedianTopScore.Value!.Value, 6);
        Assert.Equal(0.1, hochfeld.GapMedianTopScore.Value!.Value, 6);
        Assert.True(groups.Single(group => group is { Dimension: "district", Group: "Rheinhausen" }).MedianTopScore.Suppressed);
        Assert.DoesNotContain(groups, group => group.Dimension is "gender" or "age" or "nationality");
    }

    [Fact]
    public void The_share_placed_should_stand_beside_everyone_with_the_gap_and_few_placed_should_read_as_under_five()
    {
        var counts = new[]
        {
            Count("Hochfeld", Level.A2, courseFits: true, topScore: 80, requests: 20),
            Count("Meiderich", Level.None, courseFits: false, topScore: 50, requests: 20),
        };
        GroupPlaced[] placed =
        [
            new("overall", "all", 14), new("district", "Hochfeld", 10), new("level", "A2", 10), new("childcare", "not needed", 13),
            new("district", "Meiderich", 3), new("level", "none", 3),
        ];

        var groups = Figures.Fairness(counts, placed).Groups;

        var overall = groups.Single(group => group.Dimension == "overall");
        Assert.Equal((14.0, 14.0 / 40), (overall.Placed.Value!.Value, overall.SharePlaced.Value!.Value));
        var hochfeld = groups.Single(group => group is { Dimension: "district", Group: "Hochfeld" });
        Assert.Equal(0.5, hochfeld.SharePlaced.Value!.Value, 6);
        Assert.Equal(0.5 - 14.0 / 40, hochfeld.GapPlaced.Value!.Value, 6);
        Assert.Equal(0.8, hochfeld.MedianTopScore.Value!.Value, 6);
        var literacy = groups.Single(group => group is { Dimension: "literacy", Group: "needed" });
        Assert.True(literacy.Placed.Suppressed && literacy.SharePlaced.Suppressed && literacy.GapPlaced.Suppressed,
            "three people placed would be given away by their count, their share or its gap");
        Assert.Equal(10, groups.Single(group => group is { Dimension: "literacy", Group: "not needed" }).Placed.Value);
        Assert.Equal(13.0 / 40, groups.Single(group => group is { Dimension: "childcare", Group: "not needed" }).SharePlaced.Value!.Value, 6);
    }

    [Fact]
    public void Free_seats_over_time_should_keep_each_past_week_as_stored_and_show_this_week_as_it_is_now()
    {
        var hochfeld = Given.At("Hochfeld");
        var courses = new[] { Given.Course(hochfeld) with { SeatsFree = 6 }, Given.Course(hochfeld) with { Id = Guid.NewGuid(), SeatsFree = 4 } };
        SupplyWeek[] stored =
        [
            new("2026-W52", "Hochfeld", CourseKind.Integration, Level.None, Level.B1, 3, 60, 30),
            new("2027-W01", "Hochfeld", CourseKind.Integration, Level.None, Level.B1, 1, 20, 20),
        ];

        var weeks = Figures.Supply(courses, Today, stored).Weeks;

        Assert.Equal([("2026-W52", 3, 30), ("2027-W01", 2, 10)], weeks.Select(week => (week.Week, week.Courses, week.SeatsFree)));
        Assert.Equal(Figures.SupplyNow(courses, Today), weeks.Skip(1));
    }

    [Fact]
    public void A_figure_under_five_people_should_read_as_under_five_and_text_like_a_formula_should_stay_text()
    {
        var table = new ReportTable("t", typeof(CourseAtRisk), [
            new CourseAtRisk(Guid.Empty, "=HYPERLINK(\"x\")", "vhs", "Hochfeld", Today, Figure.People(4)),
            new CourseAtRisk(Guid.Empty, "Deutsch, B1", "vhs", "Hochfeld", Today, Figure.People(5)),
        ]);

        var lines = Csv.Write(table).Split("\r\n");

        Assert.Equal("courseId,title,providerId,district,startsOn,registrations", lines[0]);
        Assert.Equal("00000000-0000-0000-0000-000000000000,\"'=HYPERLINK(\"\"x\"\")\",vhs,Hochfeld,2027-01-04,< 5", lines[1]);
        Assert.Equal("00000000-0000-0000-0000-000000000000,\"Deutsch, B1\",vhs,Hochfeld,2027-01-04,5", lines[2]);
    }

    private static MatchCount Count(string district, Level level, bool courseFits, int topScore, long requests) =>
        new(new MatchCell("2027-W01", district, level, false, MatchCell.AnyTime, courseFits, topScore), requests);

    private static PlacementFacts Placed(Guid? agreementId, PlacementState state, DateTimeOffset? at = null) =>
        new() { AgreementId = agreementId, State = state, RequestedAt = at ?? new DateTimeOffset(2027, 1, 4, 9, 0, 0, TimeSpan.Zero) };
}

using Matching.Api.Placements;
using Matching.Contracts;
using Matching.Vocabulary;

namespace Matching.Api.Reports;

/// <summary>
/// The city's figures, worked out from what the reports read: pure, no database, no clock but the day it is given.
/// Every figure about people goes through <see cref="Figure"/>, so fewer than five people never show as a number.
/// </summary>
public static class Figures
{
    /// <summary>A job-related course with fewer registrations than this, this many days before it starts, is at risk.</summary>
    public const int AtRiskRegistrations = 15;

    public const int AtRiskDays = 14;

    /// <summary>Where online courses are counted in the supply.</summary>
    public const string Online = "online";

    /// <summary>
    /// Unmet demand: the requests no course fitted, per week and cell, best-known first, with the free seats of courses
    /// that would fit the same cell now (in the district, taking the level, with childcare if needed, at a time asked for,
    /// not started yet).
    /// </summary>
    public static DemandReport Demand(IEnumerable<MatchCount> counts, IEnumerable<CourseState> courses, DateOnly today)
    {
        var unmet = new Dictionary<(string Week, string District, Level Level, bool Childcare, string Schedules), long>();
        foreach (var (cell, requests) in counts)
        {
            if (cell.CourseFits) continue;
            var key = (cell.Week, cell.District, cell.Level, cell.Childcare, cell.Schedules);
            unmet[key] = unmet.GetValueOrDefault(key) + requests;
        }

        var open = courses
            .Where(course => !course.Withdrawn && !course.Online && course is { Lat: not null, Lon: not null, SeatsFree: > 0 } && course.StartsOn >= today)
            .GroupBy(DistrictOf)
            .ToDictionary(district => district.Key, district => district.ToList(), StringComparer.Ordinal);

        var seats = new Dictionary<(string District, Level Level, bool Childcare, string Schedules), int>();
        var cells = unmet
            .OrderBy(pair => pair.Key.Week, StringComparer.Ordinal)
            .ThenBy(pair => pair.Key.District, StringComparer.Ordinal)
            .ThenBy(pair => pair.Key.Level)
            .ThenBy(pair => pair.Key.Childcare)
            .ThenBy(pair => pair.Key.Schedules, StringComparer.Ordinal)
            .Select(pair =>
            {
                var (week, district, level, childcare, schedules) = pair.Key;
                // The same cell recurs week after week: its seats are summed once.
                if (!seats.TryGetValue((district, level, childcare, schedules), out var free))
                {
                    seats[(district, level, childcare, schedules)] = free = open.GetValueOrDefault(district)?
                        .Where(course => course.LevelFrom <= level && level < course.LevelTo && (!childcare || course.Childcare)
                            && (schedules == MatchCell.AnyTime || schedules.Split('+').Contains(Names.Of(course.Schedule))))
                        .Sum(course => course.SeatsFree) ?? 0;
                }
                return new DemandCell(week, district, level, childcare, schedules, Figure.People(pair.Value), free);
            })
            .ToList();
        return new DemandReport(cells);
    }

    /// <summary>
    /// Free seats of the courses not ended yet, by district, kind, levels and the week they start; the job-related courses
    /// at risk; and the free seats week by week: each past week as <paramref name="weeks"/> stored it, this week as it is now.
    /// </summary>
    public static SupplyReport Supply(IEnumerable<CourseState> courses, DateOnly today, IEnumerable<SupplyWeek>? weeks = null)
    {
        var current = courses.Where(course => !course.Withdrawn && course.EndsOn >= today).Select(course => (Course: course, District: DistrictOf(course))).ToList();
        var thisWeek = MatchCell.WeekOf(today);
        var byWeek = (weeks ?? []).Where(cell => string.CompareOrdinal(cell.Week, thisWeek) < 0)
            .Concat(SupplyNow(current, thisWeek))
            .OrderBy(cell => cell.Week, StringComparer.Ordinal)
            .ThenBy(cell => cell.District, StringComparer.Ordinal)
            .ThenBy(cell => cell.Kind)
            .ThenBy(cell => cell.LevelFrom)
            .ThenBy(cell => cell.LevelTo)
            .ToList();
        var cells = current
            .GroupBy(pair => (pair.District, pair.Course.Kind, pair.Course.LevelFrom, pair.Course.LevelTo, StartsWeek: MatchCell.WeekOf(pair.Course.StartsOn)))
            .OrderBy(group => group.Key.District, StringComparer.Ordinal)
            .ThenBy(group => group.Key.Kind)
            .ThenBy(group => group.Key.LevelFrom)
            .ThenBy(group => group.Key.LevelTo)
            .ThenBy(group => group.Key.StartsWeek, StringComparer.Ordinal)
            .Select(group => new SupplyCell(group.Key.District, group.Key.Kind, group.Key.LevelFrom, group.Key.LevelTo, group.Key.StartsWeek,
                group.Count(), group.Sum(pair => pair.Course.SeatsTotal), group.Sum(pair => pair.Course.SeatsFree)))
            .ToList();

        var atRisk = current
            .Where(pair => pair.Course.Kind == CourseKind.JobRelated && pair.Course.StartsOn >= today
                && pair.Course.StartsOn.DayNumber - today.DayNumber <= AtRiskDays
                && pair.Course.SeatsTotal - pair.Course.SeatsFree < AtRiskRegistrations)
            .OrderBy(pair => pair.Course.StartsOn)
            .ThenBy(pair => pair.Course.Id)
            .Select(pair => new CourseAtRisk(pair.Course.Id, pair.Course.Title, pair.Course.ProviderId, pair.District, pair.Course.StartsOn,
                Figure.People(pair.Course.SeatsTotal - pair.Course.SeatsFree)))
            .ToList();
        return new SupplyReport(cells, atRisk, byWeek);
    }

    /// <summary>The free seats now of the courses not ended yet, by district, kind and levels: this week's row of the supply over time.</summary>
    public static IReadOnlyList<SupplyWeek> SupplyNow(IEnumerable<CourseState> courses, DateOnly today) =>
        SupplyNow(courses.Where(course => !course.Withdrawn && course.EndsOn >= today).Select(course => (course, DistrictOf(course))), MatchCell.WeekOf(today));

    private static IReadOnlyList<SupplyWeek> SupplyNow(IEnumerable<(CourseState Course, string District)> current, string week) =>
        current
            .GroupBy(pair => (pair.District, pair.Course.Kind, pair.Course.LevelFrom, pair.Course.LevelTo))
            .Select(group => new SupplyWeek(week, group.Key.District, group.Key.Kind, group.Key.LevelFrom, group.Key.LevelTo,
                group.Count(), group.Sum(pair => pair.Course.SeatsTotal), group.Sum(pair => pair.Course.SeatsFree)))
            .ToList();

    /// <summary>Each agreement's quota, how much of it is used and left, the days to its end, and its placements by state.</summary>
    public static AgreementsReport Agreements(IEnumerable<AgreementState> agreements, IEnumerable<PlacementFacts> placements, DateOnly today)
    {
        var byAgreement = placements
            .Where(placement => placement.AgreementId is not null)
            .ToLookup(placement => placement.AgreementId!.Value);
        var rows = agreements
            .OrderBy(agreement => agreement.EmployerId, StringComparer.Ordinal)
            .ThenBy(agreement => agreement.ValidTo)
            .ThenBy(agreement => agreement.Id)
            .Select(agreement =>
            {
                var used = Figure.People(agreement.Quota - agreement.QuotaLeft);
                var states = byAgreement[agreement.Id].GroupBy(placement => placement.State).ToDictionary(group => group.Key, group => (long)group.Count());
                Figure InState(PlacementState state) => Figure.People(states.GetValueOrDefault(state));
                return new AgreementFigures(agreement.Id, agreement.EmployerId, agreement.Quota, used,
                    new Figure(agreement.QuotaLeft, false).Unless(used), agreement.ValidTo, Math.Max(0, agreement.ValidTo.DayNumber - today.DayNumber),
                    InState(PlacementState.Requested), InState(PlacementState.Reserved), InState(PlacementState.Confirmed),
                    InState(PlacementState.Rejected), InState(PlacementState.Released));
            })
            .ToList();
        return new AgreementsReport(rows);
    }

    /// <summary>The placements' funnel per week they were requested in, the median days from request to confirmation, and why they ended.</summary>
    public static PlacementsReport Placements(IEnumerable<PlacementFacts> placements)
    {
        var byWeek = placements.GroupBy(placement => MatchCell.WeekOf(DateOnly.FromDateTime(placement.RequestedAt.UtcDateTime))).ToList();
        var weeks = byWeek
            .OrderBy(week => week.Key, StringComparer.Ordinal)
            .Select(week =>
            {
                var confirmed = week.Where(placement => placement is { State: PlacementState.Confirmed, ConfirmedAt: not null })
                    .Select(placement => (placement.ConfirmedAt!.Value - placement.RequestedAt).TotalDays)
                    .ToList();
                return new FunnelWeek(
                    week.Key,
                    Figure.People(week.Count()),
                    Figure.People(week.Count(placement => placement.ReservedAt is not null)),
                    Figure.People(week.Count(placement => placement.State == PlacementState.Confirmed)),
                    Figure.People(week.Count(placement => placement.State == PlacementState.Rejected)),
                    Figure.People(week.Count(placement => placement is { State: PlacementState.Released } && placement.Reason != Placement.Cancelled)),
                    Figure.People(week.Count(placement => placement is { State: PlacementState.Released, Reason: Placement.Cancelled })),
                    Figure.From(Median(confirmed), confirmed.Count));
            })
            .ToList();

        var outcomes = byWeek
            .SelectMany(week => week
                .Where(placement => placement.State is PlacementState.Rejected or PlacementState.Released)
                .GroupBy(placement => (placement.State, Reason: placement.Reason ?? ""))
                .Select(group => new PlacementOutcome(week.Key, group.Key.State, group.Key.Reason, Figure.People(group.Count()))))
            .OrderBy(outcome => outcome.Week, StringComparer.Ordinal)
            .ThenBy(outcome => outcome.State)
            .ThenBy(outcome => outcome.Reason, StringComparer.Ordinal)
            .ToList();
        return new PlacementsReport(weeks, outcomes);
    }

    /// <summary>
    /// For each group the system knows (level, childcare need, district, literacy course needed — level <c>none</c>): the
    /// requests, the share placed (placements confirmed for the group's people, per request), the median best score, the
    /// share that got any suggestion and the share a course fitted, each beside the overall figure with the gap. The system
    /// knows no gender, age or nationality, and so can count none.
    /// </summary>
    public static FairnessReport Fairness(IEnumerable<MatchCount> counts, IEnumerable<GroupPlaced>? placed = null) =>
        Fairness(GroupCountsOf(counts), placed ?? []);

    /// <inheritdoc cref="Fairness(IEnumerable{MatchCount}, IEnumerable{GroupPlaced})"/>
    public static FairnessReport Fairness(IEnumerable<GroupCount> counts, IEnumerable<GroupPlaced> placed)
    {
        var overall = new Tally();
        var groups = new Dictionary<(string Dimension, string Group), Tally>();
        foreach (var count in counts)
        {
            Of(count.Dimension, count.Group).Add(count);
            // Every request is counted once in each dimension: its level's counts are everyone's, and tell literacy too.
            if (count.Dimension != Groups.Level) continue;
            overall.Add(count);
            Of(Groups.Literacy, LiteracyOf(count.Group)).Add(count);
        }

        foreach (var (dimension, group, number) in placed)
        {
            if (dimension == Groups.Overall)
            {
                overall.Placed += number;
                continue;
            }
            Of(dimension, group).Placed += number;
            if (dimension == Groups.Level) Of(Groups.Literacy, LiteracyOf(group)).Placed += number;
        }

        var rows = new List<FairnessGroup> { overall.Row(Groups.Overall, Groups.All, overall) };
        rows.AddRange(groups
            .OrderBy(pair => Array.IndexOf(Groups.Shown, pair.Key.Dimension))
            .ThenBy(pair => pair.Key.Dimension == Groups.Level ? ((int)Names.Parse<Level>(pair.Key.Group)).ToString("0") : pair.Key.Group, StringComparer.Ordinal)
            .Select(pair => pair.Value.Row(pair.Key.Dimension, pair.Key.Group, overall)));
        return new FairnessReport(rows);

        Tally Of(string dimension, string group)
        {
            if (!groups.TryGetValue((dimension, group), out var tally)) groups[(dimension, group)] = tally = new Tally();
            return tally;
        }

        static string LiteracyOf(string level) => Groups.NeededOrNot(level == Names.Of(Level.None));
    }

    /// <summary>The match counts summed per group the database counts (<see cref="Groups.Counted"/>) and best score.</summary>
    public static IReadOnlyList<GroupCount> GroupCountsOf(IEnumerable<MatchCount> counts)
    {
        var sums = new Dictionary<(string Dimension, string Group, int TopScore), (long Requests, long WithCourse)>();
        foreach (var (cell, requests) in counts)
        {
            foreach (var (dimension, group) in GroupCell.Of(cell).Counted())
            {
                var (all, withCourse) = sums.GetValueOrDefault((dimension, group, cell.TopScore));
                sums[(dimension, group, cell.TopScore)] = (all + requests, withCourse + (cell.CourseFits ? requests : 0));
            }
        }
        return sums.Select(pair => new GroupCount(pair.Key.Dimension, pair.Key.Group, pair.Key.TopScore, pair.Value.Requests, pair.Value.WithCourse)).ToList();
    }

    /// <summary>The district a course is counted in: the gazetteer's place nearest to it, or <see cref="Online"/>.</summary>
    public static string DistrictOf(CourseState course) =>
        course is { Lat: { } lat, Lon: { } lon } && !course.Online ? Gazetteer.Germany.Nearest(new GeoPoint(lat, lon)) : Online;

    private static double? Median(List<double> values)
    {
        if (values.Count == 0) return null;
        values.Sort();
        var middle = values.Count / 2;
        return values.Count % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }

    /// <summary>The requests of one group, with a histogram of their best scores in hundredths, and its placements confirmed.</summary>
    private sealed class Tally
    {
        private readonly long[] scores = new long[101];
        private long requests;
        private long withSuggestion;
        private long withCourse;

        public long Placed { get; set; }

        public void Add(GroupCount count)
        {
            requests += count.Requests;
            withCourse += count.WithCourse;
            if (count.TopScore == MatchCell.NoSuggestion) return;
            withSuggestion += count.Requests;
            scores[Math.Clamp(count.TopScore, 0, 100)] += count.Requests;
        }

        public FairnessGroup Row(string dimension, string group, Tally overall)
        {
            var placed = Figure.People(Placed);
            // A share of few people placed would give away how many: it goes with their count.
            var sharePlaced = Figure.From(Share(Placed), requests).Unless(placed);
            var (shareSuggested, shareCourse, median) = (Figure.From(Share(withSuggestion), requests), Figure.From(Share(withCourse), requests),
                Figure.From(Median(), Math.Min(requests, withSuggestion)));
            return new FairnessGroup(dimension, group, Figure.People(requests), placed, sharePlaced, median, shareSuggested, shareCourse,
                Gap(sharePlaced, overall.Share(overall.Placed)), Gap(median, overall.Median()),
                Gap(shareSuggested, overall.Share(overall.withSuggestion)), Gap(shareCourse, overall.Share(overall.withCourse)));
        }

        private double? Share(long part) => requests == 0 ? null : (double)part / requests;

        private static Figure Gap(Figure figure, double? overall) =>
            figure is { Suppressed: false, Value: { } value } && overall is { } all ? new Figure(value - all, false) : figure;

        /// <summary>The median best score, in [0, 1].</summary>
        private double? Median()
        {
            if (withSuggestion == 0) return null;
            var (low, high) = (At((withSuggestion - 1) / 2), At(withSuggestion / 2));
            return (low + high) / 200.0;
        }

        /// <summary>The score (in hundredths) of the request at 0-based rank <paramref name="rank"/>, lowest first.</summary>
        private int At(long rank)
        {
            long seen = 0;
            for (var score = 0; score < scores.Length; score++)
            {
                seen += scores[score];
                if (seen > rank) return score;
            }
            return scores.Length - 1;
        }
    }
}

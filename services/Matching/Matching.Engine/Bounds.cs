using System.Runtime.InteropServices;
using Matching.Vocabulary;

namespace Matching.Engine;

/// <summary>
/// What the courses and openings of a cell, or of a block of cells, are at best: per level the courses take people
/// from, when the first and the last starts, the times they run, whether any has childcare, the most seats free, the
/// highest level they start from and the lowest they lead to; per occupation of the openings, when the first and the
/// last starts, the levels they effectively need, the most positions left and the most an agreement and language
/// support add. From these a reader learns, without reading the items, whether any can fit a person, and whether any
/// can have a ceiling above what was passed over already (<see cref="MayHold"/>): so the wide reach of a narrow request passes over the regions that
/// hold none of its occupation, or none that could enter its list.
/// </summary>
/// <remarks>A cell's bounds are worked out anew from its items whenever they change (and when an agreement of an employer
/// with openings in it does), so they are exact; a block's are only ever widened, so they are loose once something in
/// it is gone, but never too tight.</remarks>
internal sealed class Bounds
{
    private static readonly int LevelCount = Enum.GetValues<Level>().Length;

    /// <summary>The ten ISCO-08 major groups, and one for occupations that do not start with a digit.</summary>
    public const int Groups = 11;

    /// <summary>An agreement that lowers an opening to each level, as a ceiling takes it (only its level is read).</summary>
    private static readonly Agreement[] Lowering =
        [.. Enum.GetValues<Level>().Select(level => new Agreement(Guid.Empty, 0, "", [], level, 1, DateOnly.MinValue, DateOnly.MaxValue, null))];

    private CourseBounds[]? coursesFrom;
    private readonly List<OpeningBounds>?[] openingsIn = new List<OpeningBounds>?[Groups];

    /// <summary>Sets the bounds of the courses that take people from <paramref name="level"/> to those of
    /// <paramref name="courses"/>.</summary>
    public void Set(int level, List<IndexedCourse>? courses)
    {
        var bounds = new CourseBounds();
        if (courses is not null)
        {
            foreach (ref readonly var course in CollectionsMarshal.AsSpan(courses))
                bounds.Widen(in course);
        }
        if (coursesFrom is not null || bounds.Count > 0)
            (coursesFrom ??= new CourseBounds[LevelCount])[level] = bounds;
    }

    /// <summary>Sets the bounds of the openings of a major group to those of <paramref name="openings"/>, each
    /// with what its employer's agreements make of it now.</summary>
    public void Set(int group, List<IndexedOpening>? openings)
    {
        var held = openingsIn[group];
        held?.Clear();
        if (openings is null)
            return;
        foreach (ref readonly var opening in CollectionsMarshal.AsSpan(openings))
        {
            var agreement = opening.Agreements.Count == 0 ? null : Rules.Lowering(opening.Opening, opening.Agreements);
            var bounds = new OpeningBounds(opening.Occupation, opening.StartsOn, opening.StartsOn,
                1 << (int)(agreement?.MinLevel ?? opening.MinLevel), opening.PositionsLeft,
                Scoring.Commitment(opening.Opening, agreement));
            Widen(held ??= openingsIn[group] = [], bounds);
        }
    }

    /// <summary>Widens these bounds by what <paramref name="other"/> holds of one level of courses.</summary>
    public void WidenCourses(int level, Bounds other)
    {
        if (other.coursesFrom is { } theirs && theirs[level].Count > 0)
            (coursesFrom ??= new CourseBounds[LevelCount])[level].Widen(in theirs[level]);
    }

    /// <summary>Widens these bounds by what <paramref name="other"/> holds of one major group of openings.</summary>
    public void WidenOpenings(int group, Bounds other)
    {
        if (other.openingsIn[group] is not { } theirs)
            return;
        var ours = openingsIn[group] ??= [];
        foreach (var bounds in theirs)
            Widen(ours, bounds);
    }

    /// <summary>
    /// Whether a course or opening these bounds allow, <paramref name="km"/> or farther from the person, can fit the
    /// request with a ceiling (<see cref="Scoring.Ceiling(in IndexedCourse, double?, MatchRequest, Needs)"/> and
    /// <see cref="Scoring.Ceiling(in IndexedOpening, double, Agreement?, MatchRequest)"/>) above <paramref name="passedOver"/>
    /// as shown. The ceiling taken is that of the best item the bounds allow, by the very function that gives each item
    /// its own, and every ceiling only rises as an item gets nearer, sooner, roomier or more committed.
    /// </summary>
    /// <param name="passedOver">−∞ to ask only whether anything can fit.</param>
    public bool MayHold(Question question, double km, double passedOver)
    {
        var request = question.Request;
        if (coursesFrom is { } courses && courses[question.Level] is { Count: > 0 } course
            && course.LatestStart >= request.AvailableFrom
            && (question.Schedules == 0 || (course.Schedules & question.Schedules) != 0)
            && (!request.NeedsChildcare || course.Childcare))
        {
            if (double.IsNegativeInfinity(passedOver))
                return true;
            var best = new IndexedCourse(null!, null, 1, default, course.HighestFrom, course.LowestTo, Soonest(course.EarliestStart, request),
                default, false, true, false, course.MostSeats);
            if (Scoring.Rounded(Scoring.Ceiling(in best, km, request, question.Needs)) > passedOver)
                return true;
        }
        for (var group = 0; group < Groups; group++)
        {
            if (!question.Wishes(group) || openingsIn[group] is not { } openings)
                continue;
            foreach (var opening in CollectionsMarshal.AsSpan(openings))
            {
                if (opening.LatestStart >= request.AvailableFrom && question.Wishes(opening.Occupation)
                    && (double.IsNegativeInfinity(passedOver) || Scoring.Rounded(Ceiling(opening, km, request)) > passedOver))
                    return true;
            }
        }
        return false;
    }

    /// <summary>A job at the highest level needed up to the person's (the level part is best there), and a pathway to
    /// any level above it (whose ceiling is the same for every such level).</summary>
    private static double Ceiling(OpeningBounds opening, double km, MatchRequest request)
    {
        var ceiling = double.NegativeInfinity;
        var level = (int)request.Level;
        var upTo = opening.Needs & ((2 << level) - 1);
        if (upTo != 0)
            ceiling = Ceiling(opening, 31 - int.LeadingZeroCount(upTo), km, request);
        var above = opening.Needs >> (level + 1);
        if (above != 0)
            ceiling = Math.Max(ceiling, Ceiling(opening, level + 1, km, request));
        return ceiling;
    }

    private static double Ceiling(OpeningBounds opening, int needs, double km, MatchRequest request)
    {
        // An agreement adds ½ and language support ½: the most either adds is the most any opening in the bounds has.
        var best = new IndexedOpening(null!, default, 1, opening.Occupation, (Level)needs, Soonest(opening.EarliestStart, request),
            LanguageSupport: opening.MostCommitment >= 0.5, false, opening.MostPositions, []);
        return Scoring.Ceiling(in best, km, opening.MostCommitment >= 1 ? Lowering[needs] : null, request);
    }

    /// <summary>The soonest start of an item that fits: none starts before the person is available.</summary>
    private static DateOnly Soonest(DateOnly earliest, MatchRequest request) =>
        earliest > request.AvailableFrom ? earliest : request.AvailableFrom;

    private static void Widen(List<OpeningBounds> held, OpeningBounds bounds)
    {
        var span = CollectionsMarshal.AsSpan(held);
        for (var i = 0; i < span.Length; i++)
        {
            if (string.Equals(span[i].Occupation, bounds.Occupation, StringComparison.Ordinal))
            {
                span[i] = span[i].Widen(bounds);
                return;
            }
        }
        held.Add(bounds);
    }

    /// <summary>What a reader asks of bounds, worked out once per request.</summary>
    public sealed class Question(MatchRequest request, Needs needs)
    {
        private readonly bool[] wished = [.. Enumerable.Range(0, Groups).Select(group => MayWish(request, group))];
        private readonly string[] occupations = [.. request.Occupations];

        public MatchRequest Request => request;

        public Needs Needs => needs;

        public int Level { get; } = (int)request.Level;

        /// <summary>The times the person can, a bit per <see cref="Schedule"/>; 0 for any.</summary>
        public int Schedules { get; } = request.Schedules.Aggregate(0, (mask, schedule) => mask | 1 << (int)schedule);

        /// <summary>Whether an occupation of the major group may start with one of the person's wishes.</summary>
        public bool Wishes(int group) => wished[group];

        /// <summary>Whether the occupation starts with one of the person's wishes (or they wish for any).</summary>
        public bool Wishes(string occupation)
        {
            if (occupations.Length == 0)
                return true;
            foreach (var wish in occupations)
            {
                if (occupation.StartsWith(wish, StringComparison.Ordinal))
                    return true;
            }
            return false;
        }

        private static bool MayWish(MatchRequest request, int group) =>
            request.Occupations.Count == 0 || request.Occupations.Any(wish => wish.Length == 0 || GroupOf(wish) == group);
    }

    /// <summary>The ISCO-08 major group, the first digit of the occupation (anything else in a group of its own).</summary>
    public static int GroupOf(string occupation) => occupation is [var first, ..] && char.IsAsciiDigit(first) ? first - '0' : 10;

    /// <summary>The bounds of courses that take people from one level.</summary>
    private struct CourseBounds
    {
        public int Count;
        public DateOnly EarliestStart;
        public DateOnly LatestStart;
        public int Schedules; // a bit per schedule
        public bool Childcare;
        public int MostSeats;
        public Level HighestFrom;
        public Level LowestTo;

        public void Widen(in IndexedCourse course) => Widen(new CourseBounds
        {
            Count = 1, EarliestStart = course.StartsOn, LatestStart = course.StartsOn, Schedules = 1 << (int)course.Schedule,
            Childcare = course.Childcare, MostSeats = course.SeatsFree, HighestFrom = course.LevelFrom, LowestTo = course.LevelTo,
        });

        public void Widen(in CourseBounds other)
        {
            if (other.Count == 0)
                return;
            if (Count == 0)
            {
                this = other;
                return;
            }
            Count += other.Count;
            EarliestStart = other.EarliestStart < EarliestStart ? other.EarliestStart : EarliestStart;
            LatestStart = other.LatestStart > LatestStart ? other.LatestStart : LatestStart;
            Schedules |= other.Schedules;
            Childcare |= other.Childcare;
            MostSeats = Math.Max(MostSeats, other.MostSeats);
            HighestFrom = other.HighestFrom > HighestFrom ? other.HighestFrom : HighestFrom;
            LowestTo = other.LowestTo < LowestTo ? other.LowestTo : LowestTo;
        }
    }

    /// <summary>The bounds of openings in one occupation.</summary>
    /// <param name="Needs">The levels they effectively need (with an agreement's lowering), a bit per level.</param>
    /// <param name="MostCommitment">The most <see cref="Scoring.Commitment"/> of any: ½ for an agreement, ½ for
    /// language support.</param>
    private readonly record struct OpeningBounds(
        string Occupation, DateOnly EarliestStart, DateOnly LatestStart, int Needs, int MostPositions, double MostCommitment)
    {
        public OpeningBounds Widen(OpeningBounds other) => new(
            Occupation,
            other.EarliestStart < EarliestStart ? other.EarliestStart : EarliestStart,
            other.LatestStart > LatestStart ? other.LatestStart : LatestStart,
            Needs | other.Needs,
            Math.Max(MostPositions, other.MostPositions),
            Math.Max(MostCommitment, other.MostCommitment));
    }
}

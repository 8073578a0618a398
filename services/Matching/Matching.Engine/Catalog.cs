using System.Runtime.InteropServices;
using Matching.Vocabulary;

namespace Matching.Engine;

/// <summary>
/// The in-memory index of courses, openings and agreements that queries run against.
/// Every item is kept at its newest version; only those that could fit anyone (not withdrawn or closed, places left)
/// are indexed: online courses in one list per level they take people from, the others in a grid of cells about
/// 2 km across, where each cell holds its courses by the level they take people from (an A1 → B1 course under A1 and
/// A2) and its openings by ISCO-08 major group (the first digit: a person who wishes "93" never reads care jobs).
/// A query reads the cells outward from the person and stops as soon as nothing farther away can change its answer;
/// on the way it passes over the cells, and whole blocks of cells, whose <see cref="Bounds"/> say that nothing in them
/// fits the person or could enter the list. Agreements are grouped by employer.
/// </summary>
/// <remarks>
/// Thread-safe through a <see cref="ReaderWriterLockSlim"/>: queries, which far outnumber updates, read side by side,
/// and an update, which touches one item, holds the writer lock only for a few list operations. A query holds the reader
/// lock only while it reads cells, never while it ranks what it has read (see <see cref="Read(MatchRequest, Func{Fits, Unread, bool}, Func{Fits, Unread, bool})"/>),
/// so a seat change waits for no ranking, and queries do not queue behind a waiting seat change for long. Immutable
/// snapshots would keep readers lock-free, but would copy the index (or a persistent tree slower to read) on every seat change.
/// </remarks>
public sealed class Catalog : IDisposable
{
    private static readonly Level[] Levels = Enum.GetValues<Level>();

    private const int Groups = Bounds.Groups;

    private readonly ReaderWriterLockSlim gate = new();
    private readonly Dictionary<Guid, Course> courses = [];
    private readonly Dictionary<Guid, Opening> openings = [];
    private readonly Dictionary<Guid, Agreement> agreements = [];
    private readonly Grid<Cell> grid = new();
    private readonly List<IndexedCourse>[] onlineCourses = [.. Levels.Select(_ => new List<IndexedCourse>())];
    private readonly Dictionary<string, List<Agreement>> agreementsByEmployer = new(StringComparer.Ordinal);

    // The cells an employer's openings were ever indexed in: an agreement changes what they effectively need, so their
    // bounds are worked out anew when one of the employer's agreements changes.
    private readonly Dictionary<string, HashSet<Grid<Cell>.Node>> cellsOfEmployer = new(StringComparer.Ordinal);

    // How many indexed openings need each level, and how many agreements with quota left accept each level: the range
    // of levels any opening can effectively need, which tells a reader whether jobs or pathways can still come.
    private readonly int[] openingsNeeding = new int[Levels.Length];
    private readonly int[] agreementsAccepting = new int[Levels.Length];

    // How many times a course or opening moved to another place: a reader that let go of the lock and finds it changed
    // may meet a moved item a second time in a cell it has not read yet.
    private long moves;

    public int CourseCount => Read(() => courses.Count);

    public int OpeningCount => Read(() => openings.Count);

    public int AgreementCount => Read(() => agreements.Count);

    public Course? FindCourse(Guid id) => Read(() => courses.GetValueOrDefault(id));

    public Opening? FindOpening(Guid id) => Read(() => openings.GetValueOrDefault(id));

    public Agreement? FindAgreement(Guid id) => Read(() => agreements.GetValueOrDefault(id));

    /// <summary>The employer's agreements, as held now.</summary>
    public IReadOnlyList<Agreement> AgreementsWith(string employerId) =>
        Read(() => agreementsByEmployer.TryGetValue(employerId, out var held) ? held.ToArray() : []);

    /// <summary>Holds the course, unless the version held is as new or newer.</summary>
    /// <returns>Whether anything changed.</returns>
    public bool Apply(Course course) => Write(() =>
    {
        if (courses.TryGetValue(course.Id, out var held))
        {
            if (course.Version <= held.Version)
                return false;
            Unindex(held);
            if (held.At != course.At)
                moves++;
        }
        courses[course.Id] = course;
        Index(course);
        return true;
    });

    /// <inheritdoc cref="Apply(Course)"/>
    public bool Apply(Opening opening) => Write(() =>
    {
        if (openings.TryGetValue(opening.Id, out var held))
        {
            if (opening.Version <= held.Version)
                return false;
            Unindex(held);
            if (held.At != opening.At)
                moves++;
        }
        openings[opening.Id] = opening;
        Index(opening);
        return true;
    });

    /// <inheritdoc cref="Apply(Course)"/>
    public bool Apply(Agreement agreement) => Write(() =>
    {
        if (agreements.TryGetValue(agreement.Id, out var held))
        {
            if (agreement.Version <= held.Version)
                return false;
            agreementsByEmployer[held.EmployerId].Remove(held);
            if (held.QuotaLeft > 0)
                agreementsAccepting[(int)held.MinLevel]--;
        }
        agreements[agreement.Id] = agreement;
        AgreementsOf(agreement.EmployerId).Add(agreement);
        if (agreement.QuotaLeft > 0)
            agreementsAccepting[(int)agreement.MinLevel]++;
        if (cellsOfEmployer.TryGetValue(agreement.EmployerId, out var cells))
        {
            foreach (var cell in cells)
            {
                for (var group = 0; group < Groups; group++)
                    Bound(cell, group, cell.Cell!.OpeningsIn[group]);
            }
        }
        return true;
    });

    public void Dispose() => gate.Dispose();

    /// <summary>Everything that fits the request.</summary>
    internal Fits Fitting(MatchRequest request)
    {
        var fits = new Fits(request);
        Read(fits, worthAsking: null, enough: null);
        return fits;
    }

    /// <summary>
    /// What fits the request, read outward from the person: online courses first, then the cells within reach, nearest
    /// first. Before each cell <paramref name="worthAsking"/> is asked, cheaply and while the catalog is locked, whether
    /// <paramref name="enough"/> should be asked if what fits so far will do, told what is still <see cref="Unread"/>;
    /// <paramref name="enough"/> is asked with the lock let go, so that it may rank at leisure while updates go on (each
    /// cell is read whole, as it stood when it was read). It is asked a last time when everything within reach is read.
    /// </summary>
    internal void Read(MatchRequest request, Func<Fits, Unread, bool> worthAsking, Func<Fits, Unread, bool> enough) =>
        Read(new Fits(request), worthAsking, enough);

    private void Read(Fits fits, Func<Fits, Unread, bool>? worthAsking, Func<Fits, Unread, bool>? enough)
    {
        var request = fits.Request;
        var level = (int)request.Level;
        Bounds.Question question;
        Needs needs;
        gate.EnterReadLock();
        var (locked, movesSeen) = (true, moves);
        try
        {
            needs = Needs();
            fits.Needs = needs;
            question = new Bounds.Question(request, needs);

            foreach (ref readonly var course in CollectionsMarshal.AsSpan(onlineCourses[level]))
                fits.Consider(in course);

            // Cells and blocks are never removed from the grid, so the walk stays good while the lock is let go. A cell or
            // block is passed over unread when nothing in it can fit, or when nothing in it can reach above what was
            // passed over already: what it holds would be passed over too, and a list that settles is drawn as if it had
            // been (see Matcher.Best).
            var walk = grid.Outward(request.Location, request.MaxDistanceKm);
            Func<Bounds, double, bool> worthReading = (bounds, km) => bounds.MayHold(question, km, fits.PassedOver);
            while (walk.TryNext(worthReading, out var cellKm, out var cell))
            {
                if (enough is not null && new Unread(cellKm, needs) is var unread && worthAsking!(fits, unread))
                {
                    gate.ExitReadLock();
                    locked = false;
                    if (enough(fits, unread))
                        return;
                    gate.EnterReadLock();
                    locked = true;
                    if (moves != movesSeen)
                        fits.KeepEachOnce();
                }

                if (cell.CoursesFrom[level] is { } courses)
                {
                    foreach (ref readonly var course in CollectionsMarshal.AsSpan(courses))
                        fits.Consider(in course);
                }
                for (var group = 0; group < Groups; group++)
                {
                    if (question.Wishes(group) && cell.OpeningsIn[group] is { } openings)
                    {
                        foreach (ref readonly var opening in CollectionsMarshal.AsSpan(openings))
                            fits.Consider(in opening);
                    }
                }
            }
        }
        finally
        {
            if (locked)
                gate.ExitReadLock();
        }
        enough?.Invoke(fits, new Unread(double.PositiveInfinity, needs));
    }

    /// <summary>The employer's agreements: one list for good, which agreements join and leave.</summary>
    private List<Agreement> AgreementsOf(string employerId) =>
        CollectionsMarshal.GetValueRefOrAddDefault(agreementsByEmployer, employerId, out _) ??= [];

    private void Index(Course course)
    {
        var indexed = IndexedCourse.Of(course);
        if (!Rules.IsOpen(in indexed))
            return;
        foreach (var level in LevelsTaughtFrom(course))
        {
            if (course.Online)
            {
                onlineCourses[(int)level].Add(indexed);
                continue;
            }
            var cell = grid.At(indexed.At!.Value);
            var courses = cell.Cell!.CoursesFrom[(int)level] ??= [];
            courses.Add(indexed);
            Bound(cell, (int)level, courses);
        }
    }

    private void Unindex(Course course)
    {
        var indexed = IndexedCourse.Of(course);
        if (!Rules.IsOpen(in indexed))
            return;
        foreach (var level in LevelsTaughtFrom(course))
        {
            if (course.Online)
            {
                Remove(onlineCourses[(int)level], candidate => ReferenceEquals(candidate.Course, course));
                continue;
            }
            var cell = grid.At(indexed.At!.Value);
            var courses = cell.Cell!.CoursesFrom[(int)level]!;
            Remove(courses, candidate => ReferenceEquals(candidate.Course, course));
            Bound(cell, (int)level, courses);
        }
    }

    private void Index(Opening opening)
    {
        var indexed = IndexedOpening.Of(opening, AgreementsOf(opening.EmployerId));
        if (!Rules.IsOpen(in indexed))
            return;
        var (cell, group) = (grid.At(indexed.At), Bounds.GroupOf(opening.Occupation));
        var openings = cell.Cell!.OpeningsIn[group] ??= [];
        openings.Add(indexed);
        Bound(cell, group, openings);
        (CollectionsMarshal.GetValueRefOrAddDefault(cellsOfEmployer, opening.EmployerId, out _) ??= []).Add(cell);
        openingsNeeding[(int)opening.MinLevel]++;
    }

    private void Unindex(Opening opening)
    {
        var indexed = IndexedOpening.Of(opening, []);
        if (!Rules.IsOpen(in indexed))
            return;
        var (cell, group) = (grid.At(indexed.At), Bounds.GroupOf(opening.Occupation));
        var openings = cell.Cell!.OpeningsIn[group]!;
        Remove(openings, held => ReferenceEquals(held.Opening, opening));
        Bound(cell, group, openings);
        openingsNeeding[(int)opening.MinLevel]--;
    }

    /// <summary>Works out the cell's bounds of the courses that take people from a level anew, and widens the blocks
    /// above it by them.</summary>
    private static void Bound(Grid<Cell>.Node cell, int level, List<IndexedCourse> courses)
    {
        cell.Bounds.Set(level, courses);
        for (var block = cell.Parent; block is not null; block = block.Parent)
            block.Bounds.WidenCourses(level, cell.Bounds);
    }

    /// <summary>Works out the cell's bounds of the openings of a major group anew, and widens the blocks above it by them.</summary>
    private static void Bound(Grid<Cell>.Node cell, int group, List<IndexedOpening>? openings)
    {
        cell.Bounds.Set(group, openings);
        for (var block = cell.Parent; block is not null; block = block.Parent)
            block.Bounds.WidenOpenings(group, cell.Bounds);
    }

    /// <summary>What levels the openings held can effectively need.</summary>
    private Needs Needs()
    {
        var highest = Array.FindLastIndex(openingsNeeding, count => count > 0);
        if (highest < 0)
            return new Needs(null, null, 0);
        var lowest = Array.FindIndex(openingsNeeding, count => count > 0);
        var accepted = 0;
        for (var level = 0; level < agreementsAccepting.Length; level++)
        {
            if (agreementsAccepting[level] > 0)
            {
                accepted |= 1 << level;
                lowest = Math.Min(lowest, level);
            }
        }
        return new Needs((Level)lowest, (Level)highest, accepted);
    }

    /// <summary>Order within a cell does not matter, so the last item fills the gap.</summary>
    private static void Remove<T>(List<T> items, Predicate<T> match)
    {
        var index = items.FindIndex(match);
        items[index] = items[^1];
        items.RemoveAt(items.Count - 1);
    }

    private static IEnumerable<Level> LevelsTaughtFrom(Course course) =>
        Levels.Where(level => course.LevelFrom <= level && level < course.LevelTo);

    private T Read<T>(Func<T> read)
    {
        gate.EnterReadLock();
        try
        {
            return read();
        }
        finally
        {
            gate.ExitReadLock();
        }
    }

    private T Write<T>(Func<T> write)
    {
        gate.EnterWriteLock();
        try
        {
            return write();
        }
        finally
        {
            gate.ExitWriteLock();
        }
    }

    /// <summary>One cell of the grid: its courses by the level they take people from, its openings by major group.</summary>
    private sealed class Cell
    {
        public List<IndexedCourse>?[] CoursesFrom { get; } = new List<IndexedCourse>?[Levels.Length];

        public List<IndexedOpening>?[] OpeningsIn { get; } = new List<IndexedOpening>?[Groups];
    }
}

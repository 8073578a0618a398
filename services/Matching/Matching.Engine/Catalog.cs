using System.Runtime.InteropServices;
using Matching.Contracts;

namespace Matching.Engine;

/// <summary>
/// The in-memory index of courses, openings and agreements that queries run against.
/// Every item is kept at its newest version; only those that could fit anyone (not withdrawn or closed, places left)
/// sit in the spatial grids, partitioned so that a query reads little beside what fits: courses in one grid per level
/// they take people from (an A1 → B1 course in those for A1 and A2; online courses in lists beside them), openings
/// in one grid per ISCO-08 major group (the first digit: a person who wishes "93" never reads care jobs).
/// Agreements are grouped by employer.
/// </summary>
/// <remarks>
/// Thread-safe through a <see cref="ReaderWriterLockSlim"/>: queries, which far outnumber updates, read side by side,
/// and an update, which touches one item, holds the writer lock only for a few list operations. Immutable snapshots
/// would keep readers lock-free, but would copy the index (or a persistent tree slower to read) on every seat change.
/// </remarks>
public sealed class Catalog : IDisposable
{
    private static readonly IReadOnlyList<AgreementState> NoAgreements = [];
    private static readonly Level[] Levels = Enum.GetValues<Level>();

    private readonly ReaderWriterLockSlim gate = new();
    private readonly Dictionary<Guid, CourseState> courses = [];
    private readonly Dictionary<Guid, OpeningState> openings = [];
    private readonly Dictionary<Guid, AgreementState> agreements = [];
    private readonly Grid<CourseState>[] courseGrids = [.. Levels.Select(_ => new Grid<CourseState>())];
    private readonly List<CourseState>[] onlineCourses = [.. Levels.Select(_ => new List<CourseState>())];
    private readonly Dictionary<char, Grid<OpeningState>> openingGrids = [];
    private readonly Dictionary<string, List<AgreementState>> agreementsByEmployer = new(StringComparer.Ordinal);

    public int CourseCount => Read(() => courses.Count);

    public int OpeningCount => Read(() => openings.Count);

    public int AgreementCount => Read(() => agreements.Count);

    public CourseState? FindCourse(Guid id) => Read(() => courses.GetValueOrDefault(id));

    public OpeningState? FindOpening(Guid id) => Read(() => openings.GetValueOrDefault(id));

    public AgreementState? FindAgreement(Guid id) => Read(() => agreements.GetValueOrDefault(id));

    /// <summary>Holds the course, unless the version held is as new or newer.</summary>
    /// <returns>Whether anything changed.</returns>
    public bool Apply(CourseState course) => Write(() =>
    {
        if (courses.TryGetValue(course.Id, out var held))
        {
            if (course.Version <= held.Version)
                return false;
            Unindex(held);
        }
        courses[course.Id] = course;
        Index(course);
        return true;
    });

    /// <inheritdoc cref="Apply(CourseState)"/>
    public bool Apply(OpeningState opening) => Write(() =>
    {
        if (openings.TryGetValue(opening.Id, out var held))
        {
            if (opening.Version <= held.Version)
                return false;
            Unindex(held);
        }
        openings[opening.Id] = opening;
        Index(opening);
        return true;
    });

    /// <inheritdoc cref="Apply(CourseState)"/>
    public bool Apply(AgreementState agreement) => Write(() =>
    {
        if (agreements.TryGetValue(agreement.Id, out var held))
        {
            if (agreement.Version <= held.Version)
                return false;
            agreementsByEmployer[held.EmployerId].Remove(held);
        }
        agreements[agreement.Id] = agreement;
        (CollectionsMarshal.GetValueRefOrAddDefault(agreementsByEmployer, agreement.EmployerId, out _) ??= []).Add(agreement);
        return true;
    });

    public void Dispose() => gate.Dispose();

    /// <summary>What fits the request, read from the cells within its reach.</summary>
    internal Fits Fitting(MatchRequest request)
    {
        var fits = new Fits(request);
        Func<string, IReadOnlyList<AgreementState>> agreementsOf = AgreementsOf; // one delegate, not one per opening
        gate.EnterReadLock();
        try
        {
            foreach (var course in onlineCourses[(int)request.Level])
                fits.Consider(course);
            foreach (var (course, cosLat) in courseGrids[(int)request.Level].Near(request.Location, request.MaxDistanceKm))
                fits.Consider(course, cosLat);
            foreach (var (group, grid) in openingGrids)
            {
                if (!MayWish(request, group))
                    continue;
                foreach (var (opening, cosLat) in grid.Near(request.Location, request.MaxDistanceKm))
                    fits.Consider(opening, agreementsOf, cosLat);
            }
        }
        finally
        {
            gate.ExitReadLock();
        }
        return fits;
    }

    private IReadOnlyList<AgreementState> AgreementsOf(string employerId) =>
        agreementsByEmployer.GetValueOrDefault(employerId) ?? NoAgreements;

    private void Index(CourseState course)
    {
        if (!Rules.IsOpen(course))
            return;
        foreach (var level in LevelsTaughtFrom(course))
        {
            if (course.Online)
                onlineCourses[(int)level].Add(course);
            else
                courseGrids[(int)level].Add(Rules.Location(course)!.Value, course);
        }
    }

    private void Unindex(CourseState course)
    {
        if (!Rules.IsOpen(course))
            return;
        foreach (var level in LevelsTaughtFrom(course))
        {
            if (course.Online)
                onlineCourses[(int)level].Remove(course);
            else
                courseGrids[(int)level].Remove(Rules.Location(course)!.Value, course);
        }
    }

    private void Index(OpeningState opening)
    {
        if (Rules.IsOpen(opening))
            (CollectionsMarshal.GetValueRefOrAddDefault(openingGrids, MajorGroup(opening), out _) ??= new()).Add(Rules.Location(opening), opening);
    }

    private void Unindex(OpeningState opening)
    {
        if (Rules.IsOpen(opening))
            openingGrids[MajorGroup(opening)].Remove(Rules.Location(opening), opening);
    }

    private static IEnumerable<Level> LevelsTaughtFrom(CourseState course) =>
        Levels.Where(level => course.LevelFrom <= level && level < course.LevelTo);

    private static char MajorGroup(OpeningState opening) => opening.Occupation.FirstOrDefault();

    /// <summary>Whether an occupation of the major group may start with one of the person's wishes.</summary>
    private static bool MayWish(MatchRequest request, char group) =>
        request.Occupations.Count == 0 || request.Occupations.Any(wish => wish.Length == 0 || wish[0] == group);

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
}

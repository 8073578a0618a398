using Matching.Vocabulary;

namespace Matching.Engine;

/// <summary>The hard constraints of DESIGN.md: no suggestion may break one. The index and the scan
/// share them, so the two can only differ in which items they look at.</summary>
internal static class Rules
{
    /// <summary>Whether a course could fit anyone: the index holds only these.</summary>
    public static bool IsOpen(in IndexedCourse course) =>
        !course.Withdrawn && course.SeatsFree > 0 && (course.Online || course.At is not null);

    /// <summary>Whether an opening could fit anyone: the index holds only these.</summary>
    public static bool IsOpen(in IndexedOpening opening) => !opening.Closed && opening.PositionsLeft > 0;

    /// <param name="cosFrom">The cosine of the person's latitude (<see cref="GreatCircle.CosLat"/>).</param>
    /// <param name="km">The distance from the person; null for an online course, which may be anywhere.</param>
    public static bool Fits(in IndexedCourse course, MatchRequest request, double cosFrom, out double? km)
    {
        km = null;
        if (!IsOpen(in course)
            || request.Level < course.LevelFrom || request.Level >= course.LevelTo
            || course.StartsOn < request.AvailableFrom
            || request.Schedules.Count > 0 && !request.Schedules.Contains(course.Schedule)
            || request.NeedsChildcare && !course.Childcare && !course.Online
            || AdmissionRules.Excludes(course.Kind, course.LevelTo, request.Admission))
            return false;

        if (course.Online)
            return true;

        km = GreatCircle.Km(request.Location, cosFrom, course.At!.Value, course.CosLat);
        return km <= request.MaxDistanceKm;
    }

    /// <inheritdoc cref="Fits(in IndexedCourse, MatchRequest, double, out double?)"/>
    public static bool Fits(in IndexedOpening opening, MatchRequest request, double cosFrom, out double km)
    {
        km = 0;
        if (!IsOpen(in opening)
            || opening.StartsOn < request.AvailableFrom
            || request.Occupations.Count > 0 && !StartsWithAny(opening.Occupation, request.Occupations))
            return false;

        km = GreatCircle.Km(request.Location, cosFrom, opening.At, opening.CosLat);
        return km <= request.MaxDistanceKm;
    }

    /// <summary>The agreement that accepts the lowest level for the opening, if that is below the opening's own:
    /// same employer, covers the occupation, valid on the start date, quota left. Ties go to the smaller id,
    /// so the answer never depends on the order in which agreements arrived.</summary>
    /// <param name="agreements">Any agreements; those of other employers are ignored.</param>
    public static Agreement? Lowering(Opening opening, IReadOnlyList<Agreement> agreements)
    {
        Agreement? best = null;
        for (var i = 0; i < agreements.Count; i++)
        {
            var agreement = agreements[i];
            if (agreement.MinLevel < opening.MinLevel && Covers(agreement, opening)
                && (best is null || (agreement.MinLevel, agreement.Id).CompareTo((best.MinLevel, best.Id)) < 0))
                best = agreement;
        }
        return best;
    }

    /// <summary>The person can start at the opening directly.</summary>
    public static bool Qualifies(Level level, FitOpening opening) => level >= opening.Needs;

    /// <summary>The course takes the person to the level the opening needs, in time.</summary>
    public static bool LeadsTo(FitCourse course, FitOpening opening, Level level) =>
        level < opening.Needs
        && course.Course.LevelTo >= opening.Needs
        && (course.Course.EndsOn <= opening.Opening.StartsOn || AllowsLearningAtWork(course.Course, opening.Opening));

    /// <summary>An evening or weekend course may run on into the job when the employer supports language at work.</summary>
    public static bool AllowsLearningAtWork(Course course, Opening opening) =>
        course.Schedule is Schedule.Evening or Schedule.Weekend && opening.LanguageSupport;

    private static bool Covers(Agreement agreement, Opening opening) =>
        agreement.EmployerId == opening.EmployerId
        && agreement.QuotaLeft > 0
        && agreement.ValidFrom <= opening.StartsOn && opening.StartsOn <= agreement.ValidTo
        && (agreement.Occupations.Count == 0 || StartsWithAny(opening.Occupation, agreement.Occupations));

    private static bool StartsWithAny(string occupation, IEnumerable<string> prefixes)
    {
        // Read per item in reach: an array (what requests and agreements usually hold) is read without the
        // enumerator a foreach through the interface would allocate each time.
        if (prefixes is string[] array)
        {
            foreach (var prefix in array)
            {
                if (occupation.StartsWith(prefix, StringComparison.Ordinal))
                    return true;
            }
            return false;
        }
        foreach (var prefix in prefixes)
        {
            if (occupation.StartsWith(prefix, StringComparison.Ordinal))
                return true;
        }
        return false;
    }
}

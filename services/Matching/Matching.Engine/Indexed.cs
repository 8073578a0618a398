using Matching.Vocabulary;

namespace Matching.Engine;

/// <summary>
/// A course as the index keeps it: beside the course, copies of everything the rules and its ceiling read (a course
/// state never changes; a new version is indexed anew), laid out side by side in the cell's list, so that a query
/// weighs the many courses it passes over without reading each one from wherever it lies in memory.
/// </summary>
internal readonly record struct IndexedCourse(
    Course Course, GeoPoint? At, double CosLat, CourseKind Kind, Level LevelFrom, Level LevelTo, DateOnly StartsOn, Schedule Schedule,
    bool Online, bool Childcare, bool Withdrawn, int SeatsFree)
{
    public static IndexedCourse Of(Course course) =>
        new(course, course.At, course.At is { } at ? GreatCircle.CosLat(at) : 1, course.Kind, course.LevelFrom, course.LevelTo, course.StartsOn,
            course.Schedule, course.Online, course.Childcare, course.Withdrawn, course.SeatsFree);
}

/// <summary>
/// An opening as the index keeps it, the same way as <see cref="IndexedCourse"/>, with its employer's agreements
/// (one list for good, which agreements join and leave), so that the employer need not be looked up.
/// </summary>
internal readonly record struct IndexedOpening(
    Opening Opening, GeoPoint At, double CosLat, string Occupation, Level MinLevel, DateOnly StartsOn, bool LanguageSupport,
    bool Closed, int PositionsLeft, IReadOnlyList<Agreement> Agreements)
{
    /// <param name="agreements">The employer's agreements (others are ignored, so all agreements do too).</param>
    public static IndexedOpening Of(Opening opening, IReadOnlyList<Agreement> agreements) =>
        new(opening, opening.At, GreatCircle.CosLat(opening.At), opening.Occupation, opening.MinLevel, opening.StartsOn,
            opening.LanguageSupport, opening.Closed, opening.PositionsLeft, agreements);
}

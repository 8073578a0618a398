using Matching.Contracts;
using Matching.Engine;
using Matching.Vocabulary;

namespace Matching.Api.Projections;

/// <summary>What Courses and Employers publish, as the engine's catalog holds it: only what matching reads.</summary>
public static class EngineModel
{
    public static Course ToCourse(this CourseState course) => new(
        course.Id, course.Version, course.ProviderId, course.Title, course.Kind, course.LevelFrom, course.LevelTo,
        course is { Lat: double lat, Lon: double lon } ? new GeoPoint(lat, lon) : null,
        course.Online, course.StartsOn, course.EndsOn, course.Schedule, course.Childcare, course.SeatsFree, course.Withdrawn);

    public static Opening ToOpening(this OpeningState opening) => new(
        opening.Id, opening.Version, opening.EmployerId, opening.Title, opening.Occupation, new GeoPoint(opening.Lat, opening.Lon),
        opening.MinLevel, opening.PositionsLeft, opening.StartsOn, opening.LanguageSupport, opening.Closed);

    // The occupations as an array, which the rules read without an enumerator for every opening in reach.
    public static Agreement ToAgreement(this AgreementState agreement) => new(
        agreement.Id, agreement.Version, agreement.EmployerId, agreement.Occupations.ToArray(), agreement.MinLevel, agreement.QuotaLeft,
        agreement.ValidFrom, agreement.ValidTo, agreement.LanguageSupport);
}

using Matching.Contracts;
using Matching.Vocabulary;

namespace Matching.Engine;

internal static class Views
{
    public static CourseView Of(FitCourse fit)
    {
        var course = fit.Course;
        return new CourseView(
            course.Id, course.Title, course.ProviderId, course.LevelFrom, course.LevelTo, course.StartsOn, course.EndsOn,
            fit.Km is double km ? Math.Round(km, 1) : null,
            course.SeatsFree, course.Schedule, course.Online, course.Childcare);
    }

    public static OpeningView Of(FitOpening fit)
    {
        var opening = fit.Opening;
        return new OpeningView(
            opening.Id, opening.Title, opening.EmployerId, opening.Occupation, opening.MinLevel, opening.StartsOn,
            Math.Round(fit.Km, 1), opening.PositionsLeft, opening.LanguageSupport);
    }

    public static AgreementView Of(AgreementState agreement) =>
        new(agreement.Id, agreement.MinLevel, agreement.QuotaLeft, agreement.LanguageSupport);
}

using Matching.Vocabulary;

namespace Matching.Engine;

/// <summary>The sentences that say why a suggestion was made: distance, level, agreement, dates, places.</summary>
internal static class Reasons
{
    public static IReadOnlyList<string> For(SuggestionKind kind, FitCourse? course, FitOpening? opening, MatchRequest request)
    {
        var reasons = new List<string>();
        if (course is not null)
            reasons.Add(Distance(course));
        if (opening is not null)
            reasons.Add(Distance(opening));

        switch (kind)
        {
            case SuggestionKind.Job:
                reasons.Add(request.Level == opening!.Needs
                    ? Text($"Level {Name(request.Level)} is what the opening needs")
                    : Text($"Level {Name(request.Level)} is above the {Name(opening.Needs)} the opening needs"));
                break;
            case SuggestionKind.CourseThenJob:
                reasons.Add(course!.Course.LevelTo == opening!.Needs
                    ? Text($"Reaches {Name(course.Course.LevelTo)}, which the opening needs")
                    : Text($"Reaches {Name(course.Course.LevelTo)}, beyond the {Name(opening.Needs)} the opening needs"));
                break;
            case SuggestionKind.Course:
                reasons.Add(request.Level == course!.Course.LevelFrom
                    ? Text($"Leads from {Name(request.Level)}, the current level, to {Name(course.Course.LevelTo)}")
                    : Text($"Leads from {Name(course.Course.LevelFrom)} to {Name(course.Course.LevelTo)}; the current level is {Name(request.Level)}"));
                break;
        }

        if (opening is not null)
            reasons.AddRange(Commitment(opening));
        reasons.AddRange(Dates(course?.Course, opening?.Opening));
        if (course is not null && request.NeedsChildcare)
            reasons.Add(course.Course.Online ? "Online, so no childcare is needed" : "Offers childcare");
        reasons.Add(Places(course?.Course, opening?.Opening));
        reasons.AddRange(Preferred(kind, course?.Course, opening?.Opening, request.Preferences));
        if (course is not null)
            reasons.AddRange(ToCheck(course.Course, request.Admission));
        return reasons;
    }

    /// <summary>Which of the person's preferences the suggestion meets.</summary>
    private static IEnumerable<string> Preferred(SuggestionKind kind, Course? course, Opening? opening, Preferences preferences)
    {
        if (preferences.First == Pursuit.Job && kind == SuggestionKind.Job)
            yield return "Preferred: a job now";
        if (preferences.First == Pursuit.Course && kind != SuggestionKind.Job)
            yield return "Preferred: a course first";
        if (opening is not null && preferences.OccupationRank(opening.Occupation) is int rank)
            yield return Text($"Preferred occupation ({Ordinal(rank)} wish): {preferences.Occupations[rank - 1]}");
        if (course is not null && preferences.Schedules.Contains(course.Schedule))
            yield return "Preferred: " + course.Schedule.ToString().ToLowerInvariant();
    }

    private static string Ordinal(int n) => n switch { 1 => "1st", 2 => "2nd", 3 => "3rd", _ => Text($"{n}th") };

    /// <summary>What the regulations ask of the person for this course that the caseworker has not said.</summary>
    private static IEnumerable<string> ToCheck(Course course, Admission admission) =>
        from part in AdmissionRules.Parts(course.Kind, course.LevelTo, admission)
        where part.Verdict == Verdict.ToCheck
        select "To check: " + part.Rule;

    private static string Distance(FitCourse course) => course.Km is double km
        ? Text($"Course '{course.Course.Title}' is {km:0.0} km away")
        : Text($"Course '{course.Course.Title}' is online");

    private static string Distance(FitOpening opening) =>
        Text($"Opening '{opening.Opening.Title}' at {opening.Opening.EmployerId} is {opening.Km:0.0} km away");

    private static IEnumerable<string> Commitment(FitOpening fit)
    {
        var (opening, agreement) = (fit.Opening, fit.Agreement);
        var support = agreement?.LanguageSupport;
        if (agreement is not null)
            yield return string.IsNullOrWhiteSpace(support)
                ? Text($"Uses the agreement of {opening.EmployerId}: {Name(agreement.MinLevel)} accepted instead of {Name(opening.MinLevel)}")
                : Text($"Uses the agreement of {opening.EmployerId}: {Name(agreement.MinLevel)} accepted instead of {Name(opening.MinLevel)}, with language support ({support})");
        if (opening.LanguageSupport && string.IsNullOrWhiteSpace(support))
            yield return Text($"{opening.EmployerId} offers language support at work");
    }

    private static IEnumerable<string> Dates(Course? course, Opening? opening)
    {
        switch (course, opening)
        {
            case (null, not null):
                yield return Text($"Job starts {opening.StartsOn:yyyy-MM-dd}");
                break;
            case (not null, null):
                yield return Text($"Starts {course.StartsOn:yyyy-MM-dd}, ends {course.EndsOn:yyyy-MM-dd}");
                break;
            case (not null, not null):
                yield return Text($"Starts {course.StartsOn:yyyy-MM-dd}, ends {course.EndsOn:yyyy-MM-dd}, job starts {opening.StartsOn:yyyy-MM-dd}");
                if (course.EndsOn > opening.StartsOn)
                {
                    var schedule = course.Schedule == Schedule.Evening ? "an evening" : "a weekend";
                    yield return $"Ends after the job starts: {schedule} course, learnt alongside work with the employer's language support";
                }
                break;
        }
    }

    private static string Places(Course? course, Opening? opening) => (course, opening) switch
    {
        (not null, not null) => $"{Count(course.SeatsFree, "seat")} free, {Count(opening.PositionsLeft, "position")} left",
        (not null, null) => $"{Count(course.SeatsFree, "seat")} free",
        _ => $"{Count(opening!.PositionsLeft, "position")} left",
    };

    private static string Count(int n, string thing) => Text($"{n} {thing}{(n == 1 ? "" : "s")}");

    private static string Name(Level level) => level == Level.None ? "none" : level.ToString();

    private static string Text(FormattableString text) => FormattableString.Invariant(text);
}

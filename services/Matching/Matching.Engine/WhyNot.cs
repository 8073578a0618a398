using Matching.Vocabulary;

namespace Matching.Engine;

/// <summary>One hard rule that keeps a course or opening from a person: which (<c>level</c>, <c>distance</c>, <c>date</c>,
/// <c>schedule</c>, <c>childcare</c>, <c>seats</c>, <c>positions</c>, <c>withdrawn</c>, <c>closed</c>, <c>occupation</c>,
/// <c>admission</c>, <c>agreement</c>; <c>rank</c> when it merely ranks too low to be looked for) and why, in plain words.</summary>
public sealed record Exclusion(string Rule, string Reason);

/// <summary>Why a course or opening is not among a person's suggestions: the hard rules that exclude it, or, when none
/// does, where it ranks and what outranks it.</summary>
/// <param name="Rank">Its best suggestion's place among every suggestion the rules allow, best first (1 = first);
/// null when it is excluded, or ranks below the first <see cref="WhyNot.RankedAtMost"/>.</param>
/// <param name="Best">Its best suggestion, when it ranks.</param>
/// <param name="OutrankedBy">The best suggestions ranked above it (at most the request's limit).</param>
/// <param name="Summary">The answer in one sentence.</param>
public sealed record Explanation(
    IReadOnlyList<Exclusion> ExcludedBy,
    int? Rank,
    Suggestion? Best,
    IReadOnlyList<Suggestion> OutrankedBy,
    string Summary);

/// <summary>Answers a caseworker's "why is this not suggested?" with the same rules the matcher applies.</summary>
public static class WhyNot
{
    /// <summary>How far down the ranking a course or opening is looked for: enough for any list a person is shown,
    /// bounded so that a broad request cannot make the answer slow.</summary>
    public const int RankedAtMost = 1_000;

    /// <returns>Null when the catalog holds no such course.</returns>
    public static Explanation? Course(Catalog catalog, MatchRequest request, Guid courseId, Deadline deadline)
    {
        if (catalog.FindCourse(courseId) is not { } course)
            return null;
        var excluded = Exclusions(course, request).ToList();
        return excluded.Count > 0
            ? Excluded(excluded)
            : Ranked(catalog, request, suggestion => suggestion.Course?.Id == courseId, deadline,
                unranked: [new Exclusion("rank", Text($"Ranked below the first {RankedAtMost} suggestions"))]);
    }

    /// <inheritdoc cref="Course"/>
    public static Explanation? Opening(Catalog catalog, MatchRequest request, Guid openingId, Deadline deadline)
    {
        if (catalog.FindOpening(openingId) is not { } opening)
            return null;
        var excluded = Exclusions(opening, request).ToList();
        if (excluded.Count > 0)
            return Excluded(excluded);
        // What remains is the level: the person qualifies (directly or under an agreement), or a course in reach leads there.
        var agreement = Rules.Lowering(opening, catalog.AgreementsWith(opening.EmployerId));
        var needs = agreement?.MinLevel ?? opening.MinLevel;
        var unranked = new List<Exclusion>
        {
            request.Level >= needs
                ? new("rank", Text($"Ranked below the first {RankedAtMost} suggestions"))
                : new("level", Text($"Needs {Name(needs)}; the person has {Name(request.Level)}, and no course in reach leads there in time")),
        };
        if (request.Level < opening.MinLevel && agreement is null)
            unranked.AddRange(SpentAgreements(opening, catalog.AgreementsWith(opening.EmployerId)));
        return Ranked(catalog, request, suggestion => suggestion.Opening?.Id == openingId, deadline, unranked);
    }

    private static Explanation Excluded(List<Exclusion> excluded) =>
        new(excluded, null, null, [], "Excluded: " + string.Join("; ", excluded.Select(exclusion => exclusion.Reason)));

    private static Explanation Ranked(
        Catalog catalog, MatchRequest request, Func<Suggestion, bool> isIt, Deadline deadline, List<Exclusion> unranked)
    {
        var ranking = Matcher.Candidates(catalog, request, RankedAtMost, deadline);
        var index = -1;
        for (var i = 0; i < ranking.Count && index < 0; i++)
            if (isIt(ranking[i])) index = i;
        if (index < 0)
            return new(unranked, null, null, [], "Not suggested: " + string.Join("; ", unranked.Select(exclusion => exclusion.Reason)));

        var rank = index + 1;
        var above = ranking.Take(Math.Min(index, request.Limit)).ToList();
        var shown = Matcher.Match(catalog, request).Suggestions.Any(isIt);
        var summary = shown ? Text($"Suggested: ranked {rank}")
            : rank <= request.Limit ? Text($"Ranked {rank}, but the list shows at most three suggestions per course and per employer")
            : Text($"Ranked {rank}: the {request.Limit} suggestions shown score higher");
        return new([], rank, ranking[index], above, summary);
    }

    private static IEnumerable<Exclusion> Exclusions(Course course, MatchRequest request)
    {
        if (course.Withdrawn)
            yield return new("withdrawn", "Withdrawn by its provider");
        if (course.SeatsFree <= 0)
            yield return new("seats", "No seats free");
        if (request.Level < course.LevelFrom)
            yield return new("level", Text($"Starts at {Name(course.LevelFrom)}, above the person's {Name(request.Level)}"));
        else if (request.Level >= course.LevelTo)
            yield return new("level", Text($"Leads to {Name(course.LevelTo)}, which the person has reached ({Name(request.Level)})"));
        if (course.StartsOn < request.AvailableFrom)
            yield return new("date", Text($"Starts {course.StartsOn:yyyy-MM-dd}, before the person is available ({request.AvailableFrom:yyyy-MM-dd})"));
        if (request.Schedules.Count > 0 && !request.Schedules.Contains(course.Schedule))
            yield return new("schedule", Text($"Runs {Name(course.Schedule)}, not at a time the person can attend"));
        if (request.NeedsChildcare && !course.Childcare && !course.Online)
            yield return new("childcare", "Offers no childcare");
        foreach (var (verdict, rule) in AdmissionRules.Parts(course.Kind, course.LevelTo, request.Admission))
            if (verdict == Verdict.Excluded)
                yield return new("admission", "Admits only people " + rule);
        if (!course.Online)
        {
            if (course.At is not { } at)
                yield return new("distance", "Has no place");
            else if (GreatCircle.Km(request.Location, at) is var km && km > request.MaxDistanceKm)
                yield return new("distance", Text($"{km:0.0} km away, beyond the {request.MaxDistanceKm:0.#} km asked"));
        }
    }

    private static IEnumerable<Exclusion> Exclusions(Opening opening, MatchRequest request)
    {
        if (opening.Closed)
            yield return new("closed", "Closed by the employer");
        if (opening.PositionsLeft <= 0)
            yield return new("positions", "No positions left");
        if (opening.StartsOn < request.AvailableFrom)
            yield return new("date", Text($"Starts {opening.StartsOn:yyyy-MM-dd}, before the person is available ({request.AvailableFrom:yyyy-MM-dd})"));
        if (request.Occupations.Count > 0 && !request.Occupations.Any(wish => opening.Occupation.StartsWith(wish, StringComparison.Ordinal)))
            yield return new("occupation", Text($"Its occupation {opening.Occupation} is none of the occupations asked"));
        if (GreatCircle.Km(request.Location, opening.At) is var km && km > request.MaxDistanceKm)
            yield return new("distance", Text($"{km:0.0} km away, beyond the {request.MaxDistanceKm:0.#} km asked"));
    }

    /// <summary>The employer's agreements that would accept the person's level for this opening but for their quota.</summary>
    private static IEnumerable<Exclusion> SpentAgreements(Opening opening, IReadOnlyList<Agreement> agreements) =>
        from agreement in agreements
        where agreement.QuotaLeft <= 0 && agreement.MinLevel < opening.MinLevel
              && agreement.ValidFrom <= opening.StartsOn && opening.StartsOn <= agreement.ValidTo
              && (agreement.Occupations.Count == 0 || agreement.Occupations.Any(prefix => opening.Occupation.StartsWith(prefix, StringComparison.Ordinal)))
        select new Exclusion("agreement", Text($"The agreement of {agreement.EmployerId} that accepts {Name(agreement.MinLevel)} has no quota left"));

    private static string Name(Level level) => level == Level.None ? "none" : level.ToString();

    private static string Name(Schedule schedule) => schedule switch
    {
        Schedule.Morning => "in the mornings",
        Schedule.Afternoon => "in the afternoons",
        Schedule.Evening => "in the evenings",
        _ => "at weekends",
    };

    private static string Text(FormattableString text) => FormattableString.Invariant(text);
}

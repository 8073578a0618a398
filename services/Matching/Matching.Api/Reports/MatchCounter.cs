using System.Globalization;
using Matching.Engine;
using Matching.Vocabulary;

namespace Matching.Api.Reports;

/// <summary>
/// One cell of the match counts: where a request falls, never who asked. <see cref="TopScore"/> is the best suggestion's
/// score in hundredths, or <see cref="NoSuggestion"/>.
/// </summary>
public readonly record struct MatchCell(
    string Week, string District, Level Level, bool Childcare, string Schedules, bool CourseFits, int TopScore)
{
    public const int NoSuggestion = -1;

    /// <summary>What <see cref="Schedules"/> says when the person named none, or every one: any time of day.</summary>
    public const string AnyTime = "any";

    /// <summary>The cell of an answered request, asked on <paramref name="day"/>.</summary>
    /// <param name="courseFits">Whether any course fits the person, shown or not.</param>
    public static MatchCell Of(MatchRequest request, MatchResult result, bool courseFits, DateOnly day) => new(
        WeekOf(day),
        Gazetteer.Germany.Nearest(request.Location),
        request.Level,
        request.NeedsChildcare,
        SchedulesOf(request.Schedules),
        courseFits,
        result.Suggestions.Count == 0 ? NoSuggestion : (int)Math.Round(result.Suggestions[0].Score * 100));

    /// <summary>The ISO week of <paramref name="day"/>, as <c>2027-W01</c>.</summary>
    public static string WeekOf(DateOnly day)
    {
        var date = day.ToDateTime(TimeOnly.MinValue);
        return string.Create(CultureInfo.InvariantCulture, $"{ISOWeek.GetYear(date)}-W{ISOWeek.GetWeekOfYear(date):00}");
    }

    /// <summary>The schedules in their own order joined by <c>+</c> (<c>morning+evening</c>), or <see cref="AnyTime"/>.</summary>
    public static string SchedulesOf(IReadOnlyCollection<Schedule> schedules)
    {
        var named = schedules.Distinct().Order().ToArray();
        return named.Length is 0 || named.Length == Enum.GetValues<Schedule>().Length
            ? AnyTime
            : string.Join('+', named.Select(Names.Of));
    }
}

/// <summary>
/// Counts answered match requests per <see cref="MatchCell"/> in memory; <see cref="MatchCountFlush"/> adds them to the
/// database in batches. Counting is on the hot path of <c>/matches</c>: it takes a lock for one dictionary update, and
/// it never fails the request (a count that cannot be made is dropped and logged without anything of the person). The
/// person's group is held in memory for a placement requested after the answer (<see cref="LastAsked"/>).
/// </summary>
public sealed class MatchCounter(LastAsked lastAsked, ILogger<MatchCounter> logger)
{
    // Occupations are ISCO-08 codes, digits only: a request naming this occupation fits no opening, so what it finds are
    // the courses that fit the person on their own.
    private static readonly string[] NoOccupation = ["-"];

    private readonly Lock gate = new();
    private Dictionary<MatchCell, long> counts = [];

    /// <summary>Counts the answer to <paramref name="request"/>; whether a course fits is looked up only when none is among the suggestions.</summary>
    public void Count(Catalog catalog, MatchRequest request, MatchResult result, DateOnly day)
    {
        try
        {
            var courseFits = result.Suggestions.Any(suggestion => suggestion.Course is not null)
                || Matcher.Candidates(catalog, request with { Occupations = NoOccupation, Limit = 1 }, max: 1).Count > 0;
            var cell = MatchCell.Of(request, result, courseFits, day);
            Add(cell, 1);
            lastAsked.Remember(request.Reference, GroupCell.Of(cell));
        }
        catch (Exception exception)
        {
            // The exception's message may quote the request: only its type is logged.
            logger.LogWarning("A match request could not be counted: {ExceptionType}", exception.GetType().Name);
        }
    }

    /// <summary>Adds <paramref name="requests"/> to the cell.</summary>
    public void Add(MatchCell cell, long requests)
    {
        lock (gate) counts[cell] = counts.GetValueOrDefault(cell) + requests;
    }

    /// <summary>Everything counted since the last take, which the caller now owns (and gives back with <see cref="Add"/> if it cannot store it).</summary>
    public IReadOnlyDictionary<MatchCell, long> TakeAll()
    {
        lock (gate)
        {
            var taken = counts;
            counts = [];
            return taken;
        }
    }
}

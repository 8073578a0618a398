using System.Text.Json.Serialization;
using System.ComponentModel.DataAnnotations;
using Matching.Engine;
using Matching.Hosting.Http;
using Matching.Vocabulary;

namespace Matching.Api.Matches;

/// <summary>A caseworker's question: what fits this person? Only <c>reference</c>, <c>level</c> and <c>location</c> are required.</summary>
public record FindMatchesRequest(
    [property: Required] string? Reference,
    [property: Required] Level? Level,
    [property: Required] LocationInput? Location,
    double? MaxDistanceKm,
    DateOnly? AvailableFrom,
    Schedule[]? Schedules,
    bool? NeedsChildcare,
    string[]? Occupations,
    int? Limit,
    AdmissionInput? Admission = null,
    PreferencesInput? Preferences = null)
{
    public const double DefaultMaxDistanceKm = 25;
    public const int DefaultLimit = 10;
    public const int MaxLimit = 500;

    /// <summary>The engine's request: validated field by field, with the defaults filled in; what is wrong goes to <paramref name="problems"/>.</summary>
    /// <param name="prefix">Where the request sits in the body, to name the fields in problems (<c>people[3].</c>).</param>
    public MatchRequest ToMatchRequest(Problems problems, DateOnly today, string prefix = "")
    {
        var reference = problems.Text(Reference, prefix + "reference", 100);
        var level = problems.Required(Level, prefix + "level");
        var place = problems.Location(Location, prefix + "location");
        var maxDistanceKm = MaxDistanceKm ?? DefaultMaxDistanceKm;
        if (maxDistanceKm is not (> 0 and <= 1000)) problems.Add(prefix + "maxDistanceKm", "must be more than 0 and at most 1000");
        var limit = Limit ?? DefaultLimit;
        if (limit is < 1 or > MaxLimit) problems.Add(prefix + "limit", $"must be between 1 and {MaxLimit}");
        var schedules = Schedules ?? [];
        if (schedules.Length > 4) problems.Add(prefix + "schedules", "must list at most 4 schedules");
        var occupations = Occupations ?? [];
        if (occupations.Length > 50) problems.Add(prefix + "occupations", "must list at most 50 occupations");
        else for (var i = 0; i < occupations.Length; i++) problems.Occupation(occupations[i], $"{prefix}occupations[{i}]");
        // Someone available since a day gone by is available today: what started before today is gone for them too.
        var availableFrom = problems.Date(AvailableFrom, prefix + "availableFrom", required: false);
        if (AvailableFrom is null || availableFrom < today) availableFrom = today;

        return new MatchRequest(
            reference,
            level,
            place is { } p ? new GeoPoint(p.Lat, p.Lon) : default,
            maxDistanceKm,
            availableFrom,
            schedules.Distinct().ToArray(),
            NeedsChildcare ?? false,
            occupations.Select(o => o?.Trim() ?? "").Distinct().ToArray(),
            limit,
            Admission?.ToAdmission() ?? Engine.Admission.Unknown,
            Preferences?.ToPreferences(problems, prefix + "preferences.") ?? Engine.Preferences.None);
    }
}

/// <summary>What the person wants beside what fits (the hard rules): it moves the score and the reasons say so, but never
/// changes what is suggested.</summary>
/// <param name="Occupations">ISCO-08 prefixes, the most wanted first (at most 10).</param>
/// <param name="First"><c>job</c> (work now) or <c>course</c> (German first).</param>
/// <param name="Schedules">Preferred course times (soft, beside the hard <c>schedules</c>).</param>
public sealed record PreferencesInput(string[]? Occupations, WantsFirst? First, Schedule[]? Schedules)
{
    public const int MaxOccupations = 10;

    public Preferences ToPreferences(Problems problems, string prefix)
    {
        var occupations = Occupations ?? [];
        if (occupations.Length > MaxOccupations) problems.Add(prefix + "occupations", $"must list at most {MaxOccupations} occupations");
        else for (var i = 0; i < occupations.Length; i++) problems.Occupation(occupations[i], $"{prefix}occupations[{i}]");
        var schedules = Schedules ?? [];
        if (schedules.Length > 4) problems.Add(prefix + "schedules", "must list at most 4 schedules");
        return new Preferences(
            occupations.Select(occupation => occupation?.Trim() ?? "").Distinct().ToArray(),
            First switch { WantsFirst.Job => Pursuit.Job, WantsFirst.Course => Pursuit.Course, _ => null },
            schedules.Distinct().ToArray());
    }
}

/// <summary>What the person would rather do first.</summary>
public enum WantsFirst
{
    /// <summary>Start work now.</summary>
    [JsonStringEnumMemberName("job")] Job,

    /// <summary>Learn German first.</summary>
    [JsonStringEnumMemberName("course")] Course,
}

/// <summary>What the caseworker knows of whom the course regulations admit the person to; whatever is left out is
/// "not checked": the course is still suggested, and its reasons say what to check.</summary>
/// <param name="IntegrationCourse">For integration and literacy courses: entitled, obliged, admitted or none.</param>
/// <param name="RegisteredForWork">Registered with the job centre or the employment agency (job-related courses).</param>
/// <param name="Employed">In work (job-related courses).</param>
/// <param name="FailedB1Test">Took the B1 test of an integration course and did not pass it (job-related courses up to B1).</param>
public sealed record AdmissionInput(
    IntegrationCourseStatus? IntegrationCourse,
    bool? RegisteredForWork,
    bool? Employed,
    bool? FailedB1Test)
{
    public Admission ToAdmission() => new(IntegrationCourse, RegisteredForWork, Employed, FailedB1Test);
}

using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Matching.Api.Matches;
using Matching.Engine;
using Matching.Hosting.Http;

namespace Matching.Api.Allocations;

/// <summary>A cohort to place at once: one person per entry (at most <see cref="AllocationsApi.MaxPeople"/>), how long the
/// whole request may take, waiting for a turn included (default 10 s, at most 60 s), and whether priority for
/// integration-course seats is only reported (<c>report</c>, the default) or allows no blocking pair (<c>strict</c>).</summary>
public sealed record AllocateCohortRequest(
    [property: Required] CohortPersonRequest[]? People,
    double? TimeLimitSeconds,
    CohortPriority? Priority = null);

public enum CohortPriority
{
    /// <summary>The allocation is rank-maximal; blocking pairs are reported.</summary>
    [JsonStringEnumMemberName("report")] Report,

    /// <summary>No blocking pair is allowed, even where that places fewer people.</summary>
    [JsonStringEnumMemberName("strict")] Strict,
}

/// <summary>A person in a cohort: the match request, and optionally the suggestions the person ranked (first choice
/// first, at most <see cref="MaxChoices"/>) and since when the person has been waiting for a course.</summary>
public sealed record CohortPersonRequest() : FindMatchesRequest(null, null, null, null, null, null, null, null, null)
{
    public const int MaxChoices = 5;

    /// <summary>The person's ranked choices, each naming a suggestion by its course and/or opening.</summary>
    public PickRequest[]? Choices { get; init; }

    /// <summary>Among people equally entitled, those waiting longest come first for integration-course seats.</summary>
    public DateOnly? WaitingSince { get; init; }

    public Applicant ToApplicant(Problems problems, DateOnly today, string prefix)
    {
        var request = ToMatchRequest(problems, today, prefix);
        var choices = Choices ?? [];
        if (choices.Length > MaxChoices) problems.Add(prefix + "choices", $"must list at most {MaxChoices} choices");
        var picks = new List<Pick>(choices.Length);
        for (var i = 0; i < choices.Length; i++)
        {
            if (choices[i] is not { } choice || choice.CourseId is null && choice.OpeningId is null)
                problems.Add($"{prefix}choices[{i}]", "must name a courseId, an openingId or both");
            else if (picks.Contains(choice.ToPick()))
                problems.Add($"{prefix}choices[{i}]", "names the same suggestion as an earlier choice");
            else picks.Add(choice.ToPick());
        }
        var waitingSince = problems.Date(WaitingSince, prefix + "waitingSince", required: false);
        return new Applicant(request, picks, WaitingSince is null ? null : waitingSince);
    }
}

/// <summary>A suggestion as a person ranks it: the course and the opening it uses (a course alone has no opening, a job no
/// course).</summary>
public sealed record PickRequest(Guid? CourseId, Guid? OpeningId)
{
    public Pick ToPick() => new(CourseId, OpeningId);
}

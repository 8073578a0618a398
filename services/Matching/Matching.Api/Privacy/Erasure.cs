using System.Text.Json.Serialization;

namespace Matching.Api.Privacy;

public enum ErasureCause
{
    /// <summary>A caseworker erased the person: <c>DELETE /people/{reference}</c>.</summary>
    [JsonStringEnumMemberName("request")] Request,

    /// <summary>The placements ended longer ago than <see cref="PrivacyOptions.RetentionDays"/>.</summary>
    [JsonStringEnumMemberName("retention")] Retention,
}

/// <summary>
/// One erasure as stored: a row of <c>erasures</c>. It names no person. Courses and Employers each confirm that they
/// hold nothing more of its placements; one that erased no placement asks no one and is complete at once.
/// </summary>
public sealed record Erasure
{
    /// <summary>The services asked to erase their part, as they name themselves in <see cref="Matching.Contracts.PlacementsErased"/>.</summary>
    public static readonly string[] Services = ["courses", "employers"];

    public Guid Id { get; init; }
    public ErasureCause Cause { get; init; }
    public int Placements { get; init; }
    public DateTimeOffset RequestedAt { get; init; }
    public DateTimeOffset? CoursesConfirmedAt { get; init; }
    public DateTimeOffset? EmployersConfirmedAt { get; init; }

    public bool Complete => Placements == 0 || CoursesConfirmedAt is not null && EmployersConfirmedAt is not null;
}

/// <summary>An erasure as the API shows it.</summary>
/// <param name="Placements">How many placements (each with its history) were erased here.</param>
/// <param name="Confirmed">When each service confirmed it erased its part; null while it has not.</param>
/// <param name="Complete">Every service has confirmed, or there was nothing to ask.</param>
public sealed record ErasureResponse(Guid Id, ErasureCause Cause, int Placements, DateTimeOffset RequestedAt,
    IReadOnlyDictionary<string, DateTimeOffset?> Confirmed, bool Complete)
{
    public static ErasureResponse From(Erasure erasure) => new(erasure.Id, erasure.Cause, erasure.Placements, erasure.RequestedAt,
        new Dictionary<string, DateTimeOffset?> { ["courses"] = erasure.CoursesConfirmedAt, ["employers"] = erasure.EmployersConfirmedAt },
        erasure.Complete);
}

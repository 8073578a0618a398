using System.Text.Json;
using Dapper;

namespace Matching.Testing;

/// <summary>The part of a course both sides must agree on: the Courses service's row and the Matching service's copy.</summary>
public sealed record StoredCourse
{
    public Guid Id { get; init; }
    public long Version { get; init; }
    public int SeatsFree { get; init; }
    public bool Withdrawn { get; init; }
}

/// <summary>Reads the courses straight from the databases, to see what was really stored rather than what an API answers.</summary>
public static class StoredCourses
{
    private const string AtCourses = "select id as Id, version as Version, seats_free as SeatsFree, withdrawn as Withdrawn from courses";
    private const string Projected = "select state from courses";

    /// <summary>What the Courses service stored: its database is the truth the projection must reach.</summary>
    public static async Task<Dictionary<Guid, StoredCourse>> AtCoursesAsync(TestDatabase courses)
    {
        await using var connection = await courses.Db.OpenAsync();
        return (await connection.QueryAsync<StoredCourse>(AtCourses)).ToDictionary(row => row.Id);
    }

    /// <summary>The Matching service's projection of the courses, as it stored them.</summary>
    public static async Task<Dictionary<Guid, StoredCourse>> ProjectedAsync(TestDatabase matching)
    {
        await using var connection = await matching.Db.OpenAsync();
        var states = await connection.QueryAsync<string>(Projected);
        return states.Select(state => JsonSerializer.Deserialize<StoredCourse>(state, JsonSerializerOptions.Web)!)
            .ToDictionary(course => course.Id);
    }

    /// <summary>How many courses of <paramref name="truth"/> the projection lacks or holds in another state or version.</summary>
    public static int Differences(Dictionary<Guid, StoredCourse> truth, Dictionary<Guid, StoredCourse> projected) =>
        truth.Values.Count(course => !projected.TryGetValue(course.Id, out var copy) || copy != course);

    /// <summary>Outbox rows not yet published: 0 once every change has left the service.</summary>
    public static async Task<long> UnsentAsync(TestDatabase database)
    {
        await using var connection = await database.Db.OpenAsync();
        return await connection.ExecuteScalarAsync<long>("select count(*) from outbox_messages where sent_at is null");
    }
}

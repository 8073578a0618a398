using System.Net;
using System.Net.Http.Json;
using Dapper;

namespace Courses.Tests;

/// <summary>Every change to a course is audited in its own transaction: who (the token's subject and role), what, to which course.</summary>
public sealed class RecordingWhoActed(CoursesApp app) : IClassFixture<CoursesApp>
{
    [Fact]
    public async Task Publishing_changing_seats_and_withdrawing_should_each_record_the_provider_that_did_it()
    {
        var provider = app.AsProvider();
        var course = await app.PublishAsync(CoursesApp.ExampleCourse());

        Assert.Equal(HttpStatusCode.OK, (await provider.PutAsJsonAsync($"/courses/{course.Id}/seats", new { seatsFree = 3 })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await provider.DeleteAsync($"/courses/{course.Id}")).StatusCode);

        Assert.Equal(
        [
            ("test-provider-vhs-duisburg", "provider", "course.publish"),
            ("test-provider-vhs-duisburg", "provider", "course.change-seats"),
            ("test-provider-vhs-duisburg", "provider", "course.withdraw"),
        ], await AuditOfAsync(course.Id));
    }

    [Fact]
    public async Task What_changes_nothing_should_record_nothing()
    {
        var provider = app.AsProvider();
        var course = await app.PublishAsync(CoursesApp.ExampleCourse());

        await provider.PutAsJsonAsync($"/courses/{course.Id}/seats", new { seatsFree = course.SeatsFree });
        await provider.DeleteAsync($"/courses/{course.Id}");
        await provider.DeleteAsync($"/courses/{course.Id}");
        await app.AsProvider("other-provider").PutAsJsonAsync($"/courses/{course.Id}/seats", new { seatsFree = 1 });

        Assert.Equal(["course.publish", "course.withdraw"], (await AuditOfAsync(course.Id)).Select(entry => entry.Action));
    }

    private async Task<(string Subject, string Role, string Action)[]> AuditOfAsync(Guid course)
    {
        await using var connection = await app.Database.Db.OpenAsync();
        var entries = await connection.QueryAsync<(string, string, string)>(
            "select subject, role, action from audit_log where resource_id = @Id order by at, id", new { Id = course.ToString() });
        return entries.ToArray();
    }
}

using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Matching.Hosting.Security;

namespace Matching.SystemTests;

/// <summary>
/// Who acted travels with the command over the bus: the Courses and Employers services record, in their own audit logs,
/// the caseworker account that asked for the seat and the position a placement holds — the subject and role, never a name.
/// </summary>
[Collection(nameof(MatchingSystem))]
public sealed class NamingWhoActed(MatchingSystem system)
{
    private readonly Caseworker caseworker = new(system);

    [Fact]
    public async Task A_placement_should_name_its_caseworker_in_the_audit_of_the_course_and_of_the_opening_it_holds()
    {
        var since = DateTimeOffset.UtcNow.AddMinutes(-5);
        var offer = await caseworker.PublishOfferAsync(seatsFree: 2, positions: 2, quota: 2);

        var id = await caseworker.PlaceAsync(new { reference = "audited-" + offer.Occupation, courseId = offer.CourseId, openingId = offer.OpeningId, agreementId = offer.AgreementId });
        var placement = await caseworker.WaitForAsync(id, "reserved");

        var requestedBy = (string?)placement["requestedBy"];
        Assert.False(string.IsNullOrEmpty(requestedBy), $"the placement names no caseworker: {placement}");
        Assert.Equal((requestedBy, Roles.Caseworker), Assert.Single(await AuditAsync(system.Courses, since, "seat.reserve", offer.CourseId)));
        Assert.Equal((requestedBy, Roles.Caseworker), Assert.Single(await AuditAsync(system.Employers, since, "position.hold", offer.OpeningId)));
    }

    /// <summary>Who did <paramref name="action"/> to <paramref name="resourceId"/>, from the service's audit log as its admin reads it.</summary>
    private async Task<(string?, string?)[]> AuditAsync(Testing.ServiceProcess service, DateTimeOffset since, string action, string resourceId)
    {
        var admin = await system.AsAsync(service, Roles.Admin);
        var entries = await admin.GetFromJsonAsync<JsonArray>($"/admin/audit?since={Uri.EscapeDataString(since.ToString("O"))}");
        return entries!
            .Where(entry => (string?)entry!["action"] == action && (string?)entry["resourceId"] == resourceId)
            .Select(entry => ((string?)entry!["subject"], (string?)entry["role"]))
            .ToArray();
    }
}

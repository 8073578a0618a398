using System.Net;
using System.Text.Json.Nodes;

namespace Matching.FaultTests;

// The requests of one fuzz sender (see HostileRequests.cs) to the Employers service: openings and agreements.
public sealed partial class HostileRequests
{
    // ---- Employers ----------------------------------------------------------------------------------------------

    private Probe PostOpening()
    {
        var opening = new JsonObject
        {
            ["employerId"] = EmployerId,
            ["title"] = Words(200),
            ["occupation"] = Occupation(),
            ["location"] = ValidLocation(),
            ["minLevel"] = Pick(Levels),
            ["positions"] = random.Next(1, 1001),
            ["startsOn"] = Day(new DateOnly(2027, 1, 1).AddDays(random.Next(900))),
            ["hoursPerWeek"] = random.Next(1, 61),
        };
        if (Coin()) opening["languageSupport"] = Coin();
        if (Coin())
            return Probe.Json("employers", HttpMethod.Post, "/openings", Write(opening), true, [HttpStatusCode.Created], "valid opening",
                answer => Openings.Add(new VersionModel(known.Add(answer))));

        switch (random.Next(10))
        {
            case 0:
                opening["employerId"] = Another("employer");
                return Probe.Json("employers", HttpMethod.Post, "/openings", Write(opening), false, [HttpStatusCode.Forbidden], "another employer's opening");
            case 1:
                opening["employerId"] = LookAlike(EmployerId);
                return Probe.Json("employers", HttpMethod.Post, "/openings", Write(opening), false, [HttpStatusCode.BadRequest], "look-alike employerId");
        }

        var what = Field(opening,
            ("employerId", OrganisationId(EmployerId)),
            ("title", Text(required: true, 200)),
            ("occupation", OccupationCode()),
            ("location", Location(required: true)),
            ("minLevel", Enum()),
            ("positions", Int(1, 1000)),
            ("startsOn", Date()),
            ("hoursPerWeek", Int(1, 60)),
            ("languageSupport", Bool()))();
        return Invalid("employers", HttpMethod.Post, "/openings", opening, what);
    }

    private Probe CloseOpening()
    {
        var opening = PickOrNone(Openings);
        if (opening is null || random.Next(5) == 0)
            return new Probe("employers", HttpMethod.Post, $"/openings/{UnknownOrGarbageId()}/close", null, null, false, Probe.Refused, "close an unknown opening");
        return new Probe("employers", HttpMethod.Post, $"/openings/{opening.Id}/close", null, null, true, [HttpStatusCode.OK], "close", _ =>
        {
            if (opening.Closed) return;
            opening.Closed = true;
            opening.Version++;
        });
    }

    private Probe PostAgreement()
    {
        var validFrom = new DateOnly(2027, 1, 1).AddDays(random.Next(700));
        var agreement = new JsonObject
        {
            ["employerId"] = EmployerId,
            ["occupations"] = new JsonArray(Enumerable.Range(0, random.Next(6)).Select(_ => (JsonNode)Occupation()).ToArray()),
            ["minLevel"] = Pick(Levels),
            ["quota"] = random.Next(0, 10_001),
            ["validFrom"] = Day(validFrom),
            ["validTo"] = Day(validFrom.AddDays(random.Next(800))),
        };
        if (Coin()) agreement["languageSupport"] = Words(500);
        if (Coin())
            return Probe.Json("employers", HttpMethod.Post, "/agreements", Write(agreement), true, [HttpStatusCode.Created], "valid agreement",
                answer => Agreements.Add(known.Add(answer)));

        // The city's coordinator signs with any employer, but under its real id only.
        if (random.Next(10) == 0)
        {
            agreement["employerId"] = LookAlike(EmployerId);
            return Probe.Json("employers", HttpMethod.Post, "/agreements", Write(agreement), false, [HttpStatusCode.BadRequest], "look-alike employerId");
        }

        var what = (random.Next(5) == 0
            ? () => Relation(agreement, "validTo", "validFrom", swap: false)
            : Field(agreement,
                ("employerId", OrganisationId(EmployerId)),
                ("occupations", Occupations()),
                ("minLevel", Enum()),
                ("quota", Int(0, 10_000)),
                ("validFrom", Date()),
                ("validTo", Date()),
                ("languageSupport", Text(required: false, 500))))();
        return Invalid("employers", HttpMethod.Post, "/agreements", agreement, what);
    }
}

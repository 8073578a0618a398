using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;

namespace Matching.FaultTests;

// The requests of one fuzz sender (see HostileRequests.cs) to the Matching service: matches and placements.
public sealed partial class HostileRequests
{
    // ---- Matching ----------------------------------------------------------------------------------------------

    private Probe PostMatch()
    {
        var query = new JsonObject
        {
            ["reference"] = "case-" + random.Next(100_000),
            ["level"] = Pick(Levels),
            ["location"] = ValidLocation(),
        };
        if (Coin()) query["maxDistanceKm"] = Math.Round(0.5 + random.NextDouble() * 999.5, 2);
        if (Coin()) query["availableFrom"] = Day(new DateOnly(2026, 1, 1).AddDays(random.Next(1000)));
        if (Coin()) query["schedules"] = new JsonArray(Schedules.Where(_ => Coin()).Select(s => (JsonNode)s).ToArray());
        if (Coin()) query["needsChildcare"] = Coin();
        if (Coin()) query["occupations"] = new JsonArray(Enumerable.Range(0, random.Next(5)).Select(_ => (JsonNode)Occupation()).ToArray());
        if (Coin()) query["limit"] = random.Next(1, 501);
        if (Coin()) return Probe.Json("matching", HttpMethod.Post, "/matches", Write(query), true, [HttpStatusCode.OK], "valid query");

        var what = (random.Next(6) switch
        {
            0 => () => { query["maxDistanceKm"] = Pick<JsonNode>([0, -1, 1000.01, -1e300, "10"]); return "maxDistanceKm out of range"; },
            1 => () => { query["limit"] = Pick<JsonNode>([0, -1, 501, int.MaxValue]); return "limit out of range"; },
            2 => () => { query["schedules"] = new JsonArray("morning", "evening", "morning", "weekend", "afternoon"); return "five schedules"; },
            3 => () => { query["occupations"] = new JsonArray(Enumerable.Range(0, 51).Select(i => (JsonNode)i.ToString(CultureInfo.InvariantCulture)).ToArray()); return "51 occupations"; },
            _ => Field(query,
                ("reference", Text(required: true, 100)),
                ("level", Enum()),
                ("location", Location(required: true)),
                ("availableFrom", Date(required: false)),
                ("schedules", ScheduleList()),
                ("needsChildcare", Bool()),
                ("occupations", Occupations(required: false)),
                ("limit", Int(1, 500, required: false))),
        })();
        return Invalid("matching", HttpMethod.Post, "/matches", query, what);
    }

    /// <summary>Only requests that must be refused: a placement with a known course would reserve real seats.</summary>
    private Probe Placement()
    {
        switch (random.Next(6))
        {
            case 0: return Probe.Get("matching", $"/placements/{ForeignOrGarbageId()}", false, Probe.Refused, "unknown placement");
            case 1: return Probe.Get("matching", $"/placements?reference={Uri.EscapeDataString(Words(100))}", true, [HttpStatusCode.OK], "placements of a person");
            case 2:
                return new Probe("matching", HttpMethod.Post, $"/placements/{UnknownOrGarbageId()}/{(Coin() ? "confirm" : "cancel")}", null, null,
                    false, Probe.Refused, "confirm or cancel an unknown placement");
        }

        var placement = new JsonObject { ["reference"] = "case-" + random.Next(100_000), ["courseId"] = Guid.NewGuid().ToString() };
        if (Coin()) placement["openingId"] = Guid.NewGuid().ToString();
        if (Coin()) placement["agreementId"] = Guid.NewGuid().ToString();
        var what = Coin()
            ? "ids the catalog does not know"
            : Field(placement,
                ("reference", Text(required: true, 100)),
                ("courseId", Id()),
                ("openingId", Id()),
                ("agreementId", Id()))();
        return Invalid("matching", HttpMethod.Post, "/placements", placement, what);
    }
}

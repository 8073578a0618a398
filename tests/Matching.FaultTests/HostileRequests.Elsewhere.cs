using System.Net;

namespace Matching.FaultTests;

// The requests of one fuzz sender (see HostileRequests.cs) that are no valid request of any kind, and its reads and lists.
public sealed partial class HostileRequests
{
    // ---- Whole bodies and everything else ------------------------------------------------------------------------

    /// <summary>A body that is no request at all, to any endpoint that takes one.</summary>
    private Probe Hostile()
    {
        var (service, method, path) = Pick<(string, HttpMethod, string)>(
        [
            ("courses", HttpMethod.Post, "/courses"),
            ("courses", HttpMethod.Put, $"/courses/{PickOrNone(Courses)?.Id ?? Guid.NewGuid()}/seats"),
            ("employers", HttpMethod.Post, "/openings"),
            ("employers", HttpMethod.Post, "/agreements"),
            ("matching", HttpMethod.Post, "/matches"),
            ("matching", HttpMethod.Post, "/placements"),
        ]);
        var (body, contentType, what) = random.Next(15) switch
        {
            0 => (Utf8("null"), "application/json", "null"),
            1 => (Utf8(Pick(["[]", "\"text\"", "42", "true", "{}", "[{}]"])), "application/json", "not an object"),
            2 => (Utf8(Write(ValidCourse())[..random.Next(1, 40)]), "application/json", "cut short"),
            3 => (Utf8(Write(ValidCourse()) + Pick(["}", " x", ",", "{}"])), "application/json", "trailing garbage"),
            4 => (Bytes(random.Next(1, 2000)), "application/json", "random bytes"),
            5 => (Utf8(Deep(random.Next(100, 3000), Coin())), "application/json", "deep JSON"),
            6 => (Utf8(Write(ValidCourse()).Insert(1, $"\"deep\":{Deep(random.Next(40, 300), Coin())},")), "application/json", "deep unknown property"),
            7 => (Utf8(Write(ValidCourse())), Pick<string?>(["text/plain", "application/xml", "application/x-www-form-urlencoded", null]), "wrong content type"),
            8 => (Array.Empty<byte>(), "application/json", "empty body"),
            9 => (Utf8("{\"title\": /* comment */ \"x\"}"), "application/json", "comment"),
            10 => (Utf8("{'title': 'single quotes'}"), "application/json", "single quotes"),
            11 => (Utf8("[" + string.Join(',', Enumerable.Range(0, random.Next(10_000, 100_000))) + "]"), "application/json", "huge array"),
            12 => ([0xEF, 0xBB, 0xBF, 0xC3, 0x28, (byte)'{', (byte)'}'], "application/json", "invalid UTF-8"),
            13 => (Utf8("{\"" + new string('k', random.Next(1000, 100_000)) + "\":1}"), "application/json", "huge property name"),
            _ => (Utf8("{\"seatsFree\":" + Pick(["NaN", "Infinity", "-", "1e", "0x10", "+1", ".5", "01"]) + "}"), "application/json", "malformed number"),
        };
        return new Probe(service, method, path, body, contentType, false, Probe.Refused, what);
    }

    /// <summary>The other endpoints, unknown paths and wrong methods.</summary>
    private Probe Elsewhere() => random.Next(8) switch
    {
        0 => Probe.Get(Pick(["courses", "employers", "matching"]), "/health/live", true, [HttpStatusCode.OK], "live"),
        1 => Probe.Get(Pick(["courses", "employers", "matching"]), "/health/ready", true, [HttpStatusCode.OK], "ready"),
        2 => Probe.Get(Pick(["courses", "employers", "matching"]), "/openapi/v1.json", true, [HttpStatusCode.OK], "OpenAPI"),
        3 => Probe.Get(Pick(["courses", "employers", "matching"]), "/admin/errors", true, [HttpStatusCode.OK], "error queues"),
        4 => Probe.Get(Pick(["courses", "employers", "matching"]), "/" + Uri.EscapeDataString(Words(50)), false, Probe.Refused, "unknown path"),
        5 => new Probe("courses", HttpMethod.Patch, "/courses", Utf8("{}"), "application/json", false, Probe.Refused, "wrong method"),
        6 => new Probe("employers", HttpMethod.Delete, $"/openings/{Guid.NewGuid()}", null, null, false, Probe.Refused, "wrong method"),
        _ => new Probe("matching", HttpMethod.Get, "/matches", null, null, false, Probe.Refused, "wrong method"),
    };

    /// <summary>A body far over the 1 MB limit: one huge string in an otherwise valid request.</summary>
    public static Probe Oversized(string service, string path, HttpMethod method)
    {
        var body = "{\"title\":\"" + new string('x', 2 * 1024 * 1024) + "\"}";
        return Probe.Json(service, method, path, body, false, [HttpStatusCode.RequestEntityTooLarge, HttpStatusCode.BadRequest], "2 MB body");
    }

    // ---- Reads ---------------------------------------------------------------------------------------------------

    private Probe Read(string service, string resource, IEnumerable<Guid> own)
    {
        var ids = own.ToList();
        if (ids.Count > 0 && Coin()) return Probe.Get(service, $"/{resource}/{Pick(ids)}", true, [HttpStatusCode.OK], "own");
        // Anyone reads any course; an employer reads its own openings and agreements, and another sender's are not its own.
        HttpStatusCode[] expected = service == "courses" ? [HttpStatusCode.OK, .. Probe.Refused] : [HttpStatusCode.OK, HttpStatusCode.Forbidden, .. Probe.Refused];
        return Probe.Get(service, $"/{resource}/{ForeignOrGarbageId()}", false, expected, "foreign, random or garbage id");
    }

    private Probe List(string service, string resource, string parameter, string own)
    {
        var value = random.Next(6) switch
        {
            0 => null,
            1 => "",
            2 => new string('p', random.Next(101, 5000)),
            3 => "a\u0000b",
            4 => Words(100),
            _ => own,
        };
        // Anyone may list any provider's courses; an employer may list only its own openings and agreements: another
        // employer's id is refused as not its own (403), anything that is no id at all as such (400).
        var valid = value is not null && (value == own
            || service == "courses" && value.Trim().Length is > 0 and <= 100 && !value.Any(char.IsControl));
        HttpStatusCode[] refused = service == "courses" ? Probe.Refused : [HttpStatusCode.BadRequest, HttpStatusCode.Forbidden];
        var query = value is null ? "" : $"?{parameter}={Uri.EscapeDataString(value)}";
        return Probe.Get(service, $"/{resource}{query}", valid, valid ? [HttpStatusCode.OK] : refused, "list");
    }
}

using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Matching.FaultTests;

/// <summary>
/// Generates the requests of one sender of the fuzz run from a seeded <see cref="Random"/>: half of the bodies
/// valid, the other half broken in a way that makes them certainly invalid (wrong types, huge strings and arrays,
/// negative and overflowing numbers, impossible dates, unknown enums, deep JSON, nulls, garbage bytes), plus
/// random and foreign ids. Each sender writes only under its own provider and employer id (and signs in as them): a body
/// that names another sender's must be refused as not the caller's own (403), one with an id that only looks like its
/// own — upper case, zero-width or bidirectional characters — as no id at all (400). It keeps a model of what its valid
/// requests created, so the databases can be checked against it afterwards.
/// </summary>
public sealed class HostileRequests(int sender, int seed, KnownIds known)
{
    private static readonly string[] Levels = ["none", "A1", "A2", "B1", "B2", "C1", "C2"];
    private static readonly string[] Kinds = ["integration", "literacy", "job-related", "specialised", "other"];
    private static readonly string[] Schedules = ["morning", "afternoon", "evening", "weekend"];
    private static readonly string[] Places = ["Hochfeld", "Duisburg", "Meiderich", "Rheinhausen", "Essen", "Köln", "Berlin", "Duisburg-Hochfeld"];
    private static readonly string[] Phrases =
    [
        "Integrationskurs", "Lagerhelfer/in", "Pflege", "Deutsch für den Beruf", "vormittags", "Ünïcödé ß €", "日本語",
        "😀 emoji", "O'Brien", "\"quoted\"", @"back\slash", "<script>alert(1)</script>", "'; drop table courses; --",
        "%s %n {0}", "null", "../../etc/passwd", "‮right-to-left", "tab-less", "x",
    ];

    private readonly Random random = new(seed);
    private readonly Dictionary<string, string> raw = new(StringComparer.Ordinal);

    public string ProviderId { get; } = $"fuzz-provider-{sender}";

    public string EmployerId { get; } = $"fuzz-employer-{sender}";

    /// <summary>What this sender's valid requests created, as the services must have stored it.</summary>
    public List<CourseModel> Courses { get; } = [];

    public List<VersionModel> Openings { get; } = [];

    public List<Guid> Agreements { get; } = [];

    public Probe Next() => random.Next(100) switch
    {
        < 15 => PostCourse(),
        < 24 => PutSeats(),
        < 27 => WithdrawCourse(),
        < 31 => Read("courses", "courses", Courses.Select(c => c.Id)),
        < 34 => List("courses", "courses", "providerId", ProviderId),
        < 45 => PostOpening(),
        < 48 => CloseOpening(),
        < 51 => Read("employers", "openings", Openings.Select(o => o.Id)),
        < 53 => List("employers", "openings", "employerId", EmployerId),
        < 62 => PostAgreement(),
        < 65 => Read("employers", "agreements", Agreements),
        < 67 => List("employers", "agreements", "employerId", EmployerId),
        < 82 => PostMatch(),
        < 90 => Placement(),
        < 97 => Hostile(),
        _ => Elsewhere(),
    };

    // ---- Courses ----------------------------------------------------------------------------------------------

    private Probe PostCourse()
    {
        var course = ValidCourse();
        if (Coin())
        {
            var total = (int)course["seatsTotal"]!;
            var free = (int)course["seatsFree"]!;
            return Probe.Json("courses", HttpMethod.Post, "/courses", Write(course), true, [HttpStatusCode.Created], "valid course",
                answer => Courses.Add(new CourseModel(known.Add(answer), total) { SeatsFree = free }));
        }

        switch (random.Next(10))
        {
            case 0:
                course["providerId"] = Another("provider");
                return Probe.Json("courses", HttpMethod.Post, "/courses", Write(course), false, [HttpStatusCode.Forbidden], "another provider's course");
            case 1:
                course["providerId"] = LookAlike(ProviderId);
                return Probe.Json("courses", HttpMethod.Post, "/courses", Write(course), false, [HttpStatusCode.BadRequest], "look-alike providerId");
        }

        var online = (bool)course["online"]!;
        var what = (random.Next(4) switch
        {
            0 => () => Relation(course, "levelTo", "levelFrom", swap: true),
            1 => () => Relation(course, "endsOn", "startsOn", swap: false),
            2 => () => { course["seatsFree"] = (int)course["seatsTotal"]! + 1 + random.Next(10); return "seatsFree above seatsTotal"; },
            _ => Field(course,
                ("providerId", OrganisationId(ProviderId)),
                ("title", Text(required: true, 200)),
                ("kind", Enum()),
                ("levelFrom", Enum()),
                ("levelTo", Enum()),
                ("location", Location(required: !online)),
                ("online", Bool()),
                ("startsOn", Date()),
                ("endsOn", Date()),
                ("hoursPerWeek", Int(1, 60)),
                ("schedule", Enum()),
                ("childcare", Bool()),
                ("seatsTotal", Int(1, 1000)),
                ("seatsFree", Int(0, 1000))),
        })();
        return Invalid("courses", HttpMethod.Post, "/courses", course, what);
    }

    private Probe PutSeats()
    {
        var course = PickOrNone(Courses);
        if (course is null || random.Next(10) == 0)
            return Probe.Json("courses", HttpMethod.Put, $"/courses/{UnknownOrGarbageId()}/seats", """{"seatsFree":1}""",
                false, Probe.Refused, "seats of an unknown course");

        var path = $"/courses/{course.Id}/seats";
        var body = new JsonObject { ["seatsFree"] = random.Next(course.SeatsTotal + 1) };
        if (Coin())
        {
            var seatsFree = (int)body["seatsFree"]!;
            if (course.Withdrawn)
                return Probe.Json("courses", HttpMethod.Put, path, Write(body), true, [HttpStatusCode.Conflict], "seats of a withdrawn course");
            return Probe.Json("courses", HttpMethod.Put, path, Write(body), true, [HttpStatusCode.OK], "valid seats", _ =>
            {
                if (seatsFree == course.SeatsFree) return;
                course.SeatsFree = seatsFree;
                course.Version++;
            });
        }

        var what = (random.Next(3) == 0
            ? () => { body["seatsFree"] = course.SeatsTotal + 1 + random.Next(1000); return "seatsFree above seatsTotal"; }
            : Field(body, ("seatsFree", Int(0, 0))))();
        return Invalid("courses", HttpMethod.Put, path, body, what);
    }

    private Probe WithdrawCourse()
    {
        var course = PickOrNone(Courses);
        if (course is null || random.Next(5) == 0)
            return new Probe("courses", HttpMethod.Delete, $"/courses/{UnknownOrGarbageId()}", null, null, false, Probe.Refused, "withdraw an unknown course");
        return new Probe("courses", HttpMethod.Delete, $"/courses/{course.Id}", null, null, true, [HttpStatusCode.NoContent], "withdraw", _ =>
        {
            if (course.Withdrawn) return;
            course.Withdrawn = true;
            course.Version++;
        });
    }

    private JsonObject ValidCourse()
    {
        var from = random.Next(Levels.Length - 1);
        var startsOn = new DateOnly(2027, 1, 4).AddDays(random.Next(700));
        var total = random.Next(1, 1001);
        var online = random.Next(5) == 0;
        var course = new JsonObject
        {
            ["providerId"] = ProviderId,
            ["title"] = Words(200),
            ["kind"] = Pick(Kinds),
            ["levelFrom"] = Levels[from],
            ["levelTo"] = Levels[random.Next(from + 1, Levels.Length)],
            ["online"] = online,
            ["startsOn"] = Day(startsOn),
            ["endsOn"] = Day(startsOn.AddDays(random.Next(400))),
            ["hoursPerWeek"] = random.Next(1, 61),
            ["schedule"] = Pick(Schedules),
            ["childcare"] = Coin(),
            ["seatsTotal"] = total,
            ["seatsFree"] = random.Next(total + 1),
        };
        if (!online || Coin()) course["location"] = ValidLocation();
        return course;
    }

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

    // ---- Broken values, by the kind of field -----------------------------------------------------------------------

    private Func<string> Field(JsonObject body, params (string Name, Func<JsonNode?>?[] Bad)[] fields) => () =>
    {
        var (name, bad) = Pick(fields);
        var make = bad[random.Next(bad.Length)];
        if (make is null)
        {
            body.Remove(name);
            return $"{name} missing";
        }

        var value = make();
        body[name] = value;
        return $"{name} = {Describe(value)}";
    };

    // null in the list: leave the field out
    private Func<JsonNode?>?[] Text(bool required, int maxLength)
    {
        var bad = new List<Func<JsonNode?>?>
        {
            () => 42, () => true, () => new JsonArray("x"), () => new JsonObject(),
            () => new string('a', maxLength + 1 + random.Next(100)),
            () => new string('h', random.Next(100_000, 400_000)),
            () => "a" + Pick(["\u0000", "\n", "\t", "\u001b", "\u007f"]) + "b",
            () => Raw("\"\\ud800\""),
        };
        if (required) bad.AddRange([null, () => null, () => "", () => "   "]);
        return bad.ToArray();
    }

    private Func<JsonNode?>?[] Int(int min, int max, bool required = true)
    {
        var bad = new List<Func<JsonNode?>?>
        {
            () => "5", () => true, () => new JsonArray(1), () => new JsonObject(),
            () => Raw("2147483648"), () => Raw("-2147483649"), () => Raw("99999999999999999999999999"),
            () => Raw("1.5"), () => Raw("1e2"), () => Raw("-0.0"),
        };
        if (required) bad.AddRange([null, () => null]);
        if (min > int.MinValue) bad.Add(() => min - 1 - random.Next(1000));
        if (max > min) bad.Add(() => max + 1 + random.Next(1000));
        return bad.ToArray();
    }

    /// <summary>What is wrong with a text, and an id that only looks like <paramref name="own"/>.</summary>
    private Func<JsonNode?>?[] OrganisationId(string own) => [.. Text(required: true, 100), () => LookAlike(own)];

    /// <summary>An id that looks like <paramref name="own"/> but is not an id: upper case, or with zero-width or bidirectional characters.</summary>
    private string LookAlike(string own) => random.Next(6) switch
    {
        0 => own.ToUpperInvariant(),
        1 => char.ToUpperInvariant(own[0]) + own[1..],
        2 => own.Insert(random.Next(1, own.Length), Pick(["\u200B", "\u200C", "\u200D", "\u2060", "\uFEFF"])),
        3 => Pick(["\u202E", "\u202A", "\u2066", "\u200F", "\u061C"]) + own,
        4 => own.Insert(random.Next(1, own.Length), Pick(["\u202E", "\u2067", "\u200E"])),
        _ => "\u01C5" + own, // ǅ, a title-case letter
    };

    /// <summary>The id of another sender's provider or employer: a real organisation, but not the caller's.</summary>
    private string Another(string role) =>
        $"fuzz-{role}-{(sender + 1 + random.Next(RefusingHostileInput.Senders - 1)) % RefusingHostileInput.Senders}";

    private static Func<JsonNode?>?[] Enum() =>
    [
        null, () => null, () => "unknown", () => "", () => "A3", () => "B1+", () => 3, () => new JsonArray("A1"), () => new JsonObject(),
    ];

    private static Func<JsonNode?>?[] Date(bool required = true)
    {
        var bad = new List<Func<JsonNode?>?>
        {
            () => "2027-02-30", () => "2027-02-29", () => "2027-13-01", () => "2027-00-10", () => "2027-1-5", () => "01.02.2027",
            () => "2027-01-01T00:00:00", () => "tomorrow", () => "", () => 20270101, () => "0000-00-00", () => "+2027-01-01",
            () => new JsonArray(2027, 1, 1),
        };
        if (required) bad.AddRange([null, () => null]);
        return bad.ToArray();
    }

    private static Func<JsonNode?>?[] Bool() => [() => "true", () => 1, () => new JsonArray(), () => new JsonObject()];

    private static Func<JsonNode?>?[] Id() => [() => "not-a-guid", () => 42, () => "", () => new JsonArray(), () => Guid.NewGuid().ToString() + "0"];

    private Func<JsonNode?>?[] Location(bool required)
    {
        var bad = new List<Func<JsonNode?>?>
        {
            () => "Hochfeld", () => new JsonArray(), () => new JsonObject(), () => new JsonObject { ["place"] = "" },
            () => new JsonObject { ["place"] = "Xq" + random.Next(1_000_000) },
            () => new JsonObject { ["lat"] = 90.0001 + random.NextDouble() * 1e6, ["lon"] = 0 },
            () => new JsonObject { ["lat"] = 0, ["lon"] = -180.0001 - random.NextDouble() * 1e6 },
            () => new JsonObject { ["lat"] = 51.4 }, () => new JsonObject { ["lon"] = 6.7 },
            () => new JsonObject { ["lat"] = "51.4", ["lon"] = 6.7 },
            () => new JsonObject { ["lat"] = Raw("1e400"), ["lon"] = 0 },
            () => new JsonObject { ["place"] = 42 },
            () => new JsonObject { ["place"] = new string('p', 101) },
            () => new JsonObject { ["place"] = "Hochfeld", ["postalCode"] = new string('4', 11) },
            () => new JsonObject { ["place"] = "Hochfeld", ["address"] = new string('a', 201) },
            () => new JsonObject { ["place"] = "Hochfeld", ["address"] = "a\u0000b" },
            () => Raw(Deep(random.Next(40, 200), objects: true)),
        };
        if (required) bad.AddRange([null, () => null]);
        return bad.ToArray();
    }

    private static Func<JsonNode?>?[] OccupationCode() =>
    [
        null, () => null, () => "", () => "12345", () => "93a", () => "９３", () => " ", () => 9333, () => new JsonArray("93"),
    ];

    private Func<JsonNode?>?[] Occupations(bool required = true)
    {
        var bad = new List<Func<JsonNode?>?>
        {
            () => "93", () => new JsonArray(93), () => new JsonArray("abc"), () => new JsonArray("12345"), () => new JsonArray("93", null),
            () => new JsonArray(""), () => new JsonArray(new JsonArray()),
            () => new JsonArray(Enumerable.Range(0, 51).Select(i => (JsonNode)(i % 10).ToString(CultureInfo.InvariantCulture)).ToArray()),
            () => Raw("[" + string.Join(',', Enumerable.Repeat("\"93\"", random.Next(1000, 100_000))) + "]"),
        };
        if (required) bad.AddRange([null, () => null]);
        return bad.ToArray();
    }

    private static Func<JsonNode?>?[] ScheduleList() =>
    [
        () => "morning", () => new JsonObject(), () => new JsonArray("noon"), () => new JsonArray(1), () => new JsonArray((JsonNode?)null),
    ];

    private string Relation(JsonObject body, string later, string earlier, bool swap)
    {
        if (swap)
        {
            // levels: the later one at or below the earlier one
            var from = random.Next(1, Levels.Length);
            body[earlier] = Levels[from];
            body[later] = Levels[random.Next(from + 1)];
        }
        else
        {
            var day = DateOnly.ParseExact((string)body[earlier]!, "yyyy-MM-dd", CultureInfo.InvariantCulture);
            body[later] = Day(day.AddDays(-1 - random.Next(300)));
        }

        return $"{later} not after {earlier}";
    }

    // ---- Valid values ----------------------------------------------------------------------------------------------

    private JsonObject ValidLocation()
    {
        var location = random.Next(3) == 0
            ? new JsonObject { ["lat"] = Math.Round(random.NextDouble() * 180 - 90, 5), ["lon"] = Math.Round(random.NextDouble() * 360 - 180, 5) }
            : new JsonObject { ["place"] = Pick(Places) };
        if (Coin()) location["postalCode"] = random.Next(10_000, 100_000).ToString(CultureInfo.InvariantCulture);
        if (Coin()) location["address"] = Words(200);
        return location;
    }

    private string Occupation() => string.Concat(Enumerable.Range(0, random.Next(1, 5)).Select(_ => (char)('0' + random.Next(10))));

    /// <summary>Words that need escaping, non-Latin scripts and emoji, at most <paramref name="maxLength"/> UTF-16 units.</summary>
    private string Words(int maxLength)
    {
        var text = new StringBuilder(Pick(Phrases));
        var length = random.Next(1, maxLength + 1);
        while (text.Length < length) text.Append(' ').Append(Pick(Phrases));
        var cut = text.ToString()[..Math.Min(text.Length, length)].Trim();
        if (cut.Length > 0 && char.IsHighSurrogate(cut[^1])) cut = cut[..^1];
        return cut.Length == 0 ? "x" : cut;
    }

    // ---- Plumbing -----------------------------------------------------------------------------------------------------

    private Probe Invalid(string service, HttpMethod method, string path, JsonObject body, string what) =>
        Probe.Json(service, method, path, Write(body), false, Probe.Refused, what);

    /// <summary>The body as JSON text, with the raw tokens (numbers JSON nodes cannot hold, deep nesting) put in.</summary>
    private string Write(JsonNode body)
    {
        var text = body.ToJsonString();
        foreach (var (placeholder, token) in raw) text = text.Replace(Quote(placeholder), token, StringComparison.Ordinal);
        raw.Clear();
        return text;
    }

    private JsonNode Raw(string token)
    {
        var placeholder = $"@@raw{raw.Count}@@";
        raw[placeholder] = token;
        return placeholder;
    }

    private static string Deep(int depth, bool objects) =>
        objects
            ? string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth)
            : new string('[', depth) + "1" + new string(']', depth);

    /// <summary>For reads only: another sender's course, opening or agreement may be read, never changed.</summary>
    private string ForeignOrGarbageId() => random.Next(3) switch
    {
        0 => Garbage(),
        1 => (known.Pick(random) ?? Guid.NewGuid()).ToString(),
        _ => Guid.NewGuid().ToString(),
    };

    private string UnknownOrGarbageId() => Coin() ? Garbage() : Guid.NewGuid().ToString();

    private string Garbage() => Pick(
    [
        "123", "null", "undefined", "%00", "..%2F..%2Fetc%2Fpasswd", Uri.EscapeDataString("' or 1=1 --"), new string('f', 5000),
        "00000000-0000-0000-0000-00000000000g", Uri.EscapeDataString("😀"), "-1", "{id}",
    ]);

    private static string Quote(string text) => "\"" + text + "\"";

    private static string Describe(JsonNode? value)
    {
        var text = value?.ToJsonString() ?? "null";
        return text.Length > 60 ? text[..60] + "…" : text;
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private byte[] Bytes(int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        bytes[0] = (byte)'{'; // looks like JSON at first
        return bytes;
    }

    private bool Coin() => random.Next(2) == 0;

    private T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];

    private T? PickOrNone<T>(List<T> items) where T : class => items.Count == 0 ? null : items[random.Next(items.Count)];
}

public sealed class CourseModel(Guid id, int seatsTotal)
{
    public Guid Id { get; } = id;
    public int SeatsTotal { get; } = seatsTotal;
    public int SeatsFree { get; set; }
    public long Version { get; set; } = 1;
    public bool Withdrawn { get; set; }
}

public sealed class VersionModel(Guid id)
{
    public Guid Id { get; } = id;
    public long Version { get; set; } = 1;
    public bool Closed { get; set; }
}

/// <summary>The ids every sender created, so that the others can read (never change) them.</summary>
public sealed class KnownIds
{
    private readonly List<Guid> ids = [];

    /// <summary>Remembers the id of a created resource and returns it.</summary>
    public Guid Add(JsonNode? created)
    {
        var id = Guid.Parse((string)created!["id"]!);
        lock (ids) ids.Add(id);
        return id;
    }

    public Guid? Pick(Random random)
    {
        lock (ids) return ids.Count == 0 ? null : ids[random.Next(ids.Count)];
    }
}

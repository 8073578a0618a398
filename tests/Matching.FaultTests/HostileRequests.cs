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
public sealed partial class HostileRequests(int sender, int seed, KnownIds known)
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

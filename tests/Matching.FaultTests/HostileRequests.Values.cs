using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Matching.FaultTests;

// The values one fuzz sender (see HostileRequests.cs) puts into its bodies: broken ones by the kind of field, and valid ones.
public sealed partial class HostileRequests
{
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
}

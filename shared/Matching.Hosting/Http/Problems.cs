using System.Globalization;
using System.Text;
using Matching.Vocabulary;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Matching.Hosting.Http;

/// <summary>Collects what is wrong with a request, field by field, for a 400 problem-details answer.</summary>
public sealed class Problems
{
    /// <summary>The first date any request may name: nothing in this domain lies further back.</summary>
    public static readonly DateOnly FirstDate = new(2000, 1, 1);

    /// <summary>The last date any request may name: far beyond any plan, and it keeps date arithmetic far from overflow.</summary>
    public static readonly DateOnly LastDate = new(2100, 12, 31);

    private readonly Dictionary<string, List<string>> errors = new(StringComparer.Ordinal);

    public bool Any => errors.Count > 0;

    public Problems Add(string field, string message)
    {
        if (!errors.TryGetValue(field, out var messages)) errors[field] = messages = [];
        messages.Add(message);
        return this;
    }

    /// <summary>A 409: the request is well-formed, but what it meets does not allow it (a withdrawn course, a placement still reserving).</summary>
    public static ProblemHttpResult Conflict(string title) =>
        TypedResults.Problem(title: title, statusCode: StatusCodes.Status409Conflict);

    /// <summary>A 429 or 503: the request is fine, but the service has no room for it now; <c>Retry-After</c> says when to try again.</summary>
    public static ProblemHttpResult Busy(HttpResponse response, int statusCode, TimeSpan retryAfter, string title)
    {
        response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem(title: title, statusCode: statusCode);
    }

    public ValidationProblem ToResult() =>
        TypedResults.ValidationProblem(errors.ToDictionary(e => e.Key, e => e.Value.ToArray()),
            title: "The request is not valid.");

    /// <summary>Present and at most <paramref name="maxLength"/> characters; returns the text trimmed and in Unicode's
    /// composed form (NFC), so that text that looks alike is stored alike.</summary>
    public string Text(string? value, string field, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value)) { Add(field, "is required"); return ""; }
        value = value.Trim();
        if (!IsWellFormed(value)) { Add(field, "must be valid Unicode text"); return value; }
        value = Unicode.Nfc(value);
        if (value.Length > maxLength) Add(field, $"must be at most {maxLength} characters");
        // PostgreSQL refuses "\0" in text (a 500 otherwise); no field here is meant to hold line breaks or tabs either.
        else if (value.Any(char.IsControl)) Add(field, "must not contain control characters");
        return value;
    }

    /// <summary>
    /// An id its owner chose (<c>vhs-duisburg</c>): <see cref="Text"/>, in lower case, and without zero-width or
    /// bidirectional control characters, so that ids that look alike are alike (no <c>VHS-Duisburg</c> beside
    /// <c>vhs-duisburg</c>, no <c>vhs\u200Bduisburg</c> posing as it).
    /// </summary>
    public string Id(string? value, string field, int maxLength)
    {
        var id = Text(value, field, maxLength);
        if (id.EnumerateRunes().Any(rune => Rune.IsUpper(rune) || Rune.GetUnicodeCategory(rune) == UnicodeCategory.TitlecaseLetter))
            Add(field, "must be in lower case");
        if (id.Any(IsInvisible)) Add(field, "must not contain zero-width or bidirectional control characters");
        return id;
    }

    /// <summary>A date from <see cref="FirstDate"/> to <see cref="LastDate"/>; the default date when it is missing
    /// (and then, if <paramref name="required"/>, reported).</summary>
    public DateOnly Date(DateOnly? value, string field, bool required = true)
    {
        if (value is not { } date)
        {
            if (required) Add(field, "is required");
            return default;
        }

        if (date < FirstDate || date > LastDate)
            Add(field, $"must be from {FirstDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} to {LastDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}");
        return date;
    }

    public string? OptionalText(string? value, string field, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        return Text(value, field, maxLength);
    }

    public T Required<T>(T? value, string field) where T : struct
    {
        if (value is null) Add(field, "is required");
        return value.GetValueOrDefault();
    }

    public int Range(int? value, string field, int min, int max)
    {
        if (value is null) { Add(field, "is required"); return 0; }
        if (value < min || value > max) Add(field, $"must be between {min} and {max}");
        return value.Value;
    }

    /// <summary>An ISCO-08 occupation code or prefix: 1 to 4 digits.</summary>
    public string Occupation(string? value, string field)
    {
        var code = Text(value, field, 4);
        if (code.Length is > 0 and <= Occupations.MaxCodeLength && !Occupations.IsCode(code)) Add(field, "must be an ISCO-08 code of 1 to 4 digits");
        return code;
    }

    /// <summary>Coordinates given directly or a place name resolved with the gazetteer.</summary>
    public GeoPoint? Location(LocationInput? location, string field, bool required = true)
    {
        if (location is null)
        {
            if (required) Add(field, "is required");
            return null;
        }

        OptionalText(location.PostalCode, $"{field}.postalCode", 10);
        OptionalText(location.Address, $"{field}.address", 200);
        if (location.Lat is not null || location.Lon is not null)
        {
            // Beside coordinates the place only names them, but it is stored and shown all the same.
            OptionalText(location.Place, $"{field}.place", MaxPlaceLength);
            if (location.Lat is not (>= -90 and <= 90)) Add($"{field}.lat", "must be between -90 and 90");
            if (location.Lon is not (>= -180 and <= 180)) Add($"{field}.lon", "must be between -180 and 180");
            return location.Lat is (>= -90 and <= 90) && location.Lon is (>= -180 and <= 180)
                ? new GeoPoint(location.Lat.Value, location.Lon.Value)
                : null;
        }

        if (string.IsNullOrWhiteSpace(location.Place))
        {
            Add(field, "needs lat and lon, or a place");
            return null;
        }

        var name = Text(location.Place, $"{field}.place", MaxPlaceLength);
        var place = Gazetteer.Germany.Find(name);
        if (place is null) Add($"{field}.place", $"'{Truncate(name)}' is not a known place");
        return place;
    }

    private const int MaxPlaceLength = 100;

    private static string Truncate(string text) => text.Length <= 40 ? text : text[..40] + "…";

    // Every surrogate in its pair: a lone one cannot be normalised, stored or shown.
    private static bool IsWellFormed(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) i++;
            else if (char.IsSurrogate(text[i])) return false;
        }

        return true;
    }

    // Zero-width space, non-joiner and joiner, word joiner, byte order mark; and every bidirectional control (Bidi_Control).
    private static bool IsInvisible(char c) =>
        c is >= '\u200B' and <= '\u200F' or '\u2060' or '\uFEFF' or '\u061C' or >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069';
}

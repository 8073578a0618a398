using Matching.Vocabulary;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Matching.Hosting.Http;

/// <summary>Collects what is wrong with a request, field by field, for a 400 problem-details answer.</summary>
public sealed class Problems
{
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

    public ValidationProblem ToResult() =>
        TypedResults.ValidationProblem(errors.ToDictionary(e => e.Key, e => e.Value.ToArray()),
            title: "The request is not valid.");

    /// <summary>Present and at most <paramref name="maxLength"/> characters; returns the trimmed text.</summary>
    public string Text(string? value, string field, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value)) { Add(field, "is required"); return ""; }
        value = value.Trim();
        if (value.Length > maxLength) Add(field, $"must be at most {maxLength} characters");
        // PostgreSQL refuses "\0" in text (a 500 otherwise); no field here is meant to hold line breaks or tabs either.
        else if (value.Any(char.IsControl)) Add(field, "must not contain control characters");
        return value;
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

        var name = Text(location.Place, $"{field}.place", 100);
        var place = Gazetteer.Germany.Find(name);
        if (place is null) Add($"{field}.place", $"'{Truncate(name)}' is not a known place");
        return place;
    }

    private static string Truncate(string text) => text.Length <= 40 ? text : text[..40] + "…";
}

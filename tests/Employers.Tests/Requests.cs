using System.Text.Json.Nodes;

namespace Employers.Tests;

/// <summary>Valid request bodies, as in the design's examples, to change one field at a time.</summary>
public static class Requests
{
    public const string ExampleEmployer = "rhein-logistik";

    public static JsonObject Opening(string employerId = ExampleEmployer) => Parse($$"""
        { "employerId": "{{employerId}}", "title": "Lagerhelfer/in", "occupation": "9333",
          "location": { "place": "Rheinhausen", "postalCode": "47229", "address": "Hafenstraße 1" },
          "minLevel": "B1", "positions": 3, "startsOn": "2027-08-01", "hoursPerWeek": 38, "languageSupport": true }
        """);

    public static JsonObject Agreement(string employerId = ExampleEmployer) => Parse($$"""
        { "employerId": "{{employerId}}", "occupations": ["93", "5322"], "minLevel": "A2", "quota": 10,
          "validFrom": "2027-01-01", "validTo": "2027-12-31", "languageSupport": "Deutsch am Arbeitsplatz, 2 h/Woche" }
        """);

    /// <summary>The body with <paramref name="field"/> set to the JSON text <paramref name="json"/>, or removed when it is null.</summary>
    public static JsonObject With(this JsonObject body, string field, string? json)
    {
        if (json is null) body.Remove(field);
        else body[field] = JsonNode.Parse(json);
        return body;
    }

    private static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();
}

using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Matching.Api.Reports;

/// <summary>
/// A figure about people: a number, or <c>"&lt; 5"</c> when it is drawn from fewer than <see cref="Threshold"/> people, so
/// that no one can be singled out (API and CSV alike). Null: there is nothing to show (a median of nobody).
/// </summary>
[JsonConverter(typeof(FigureJsonConverter))]
public readonly record struct Figure(double? Value, bool Suppressed)
{
    public const int Threshold = 5;

    /// <summary>How a suppressed figure is written.</summary>
    public const string Hidden = "< 5";

    /// <summary>A count of people (or of their requests or placements): suppressed below <see cref="Threshold"/>.</summary>
    public static Figure People(long count) => count < Threshold ? new(null, true) : new(count, false);

    /// <summary>A figure worked out from <paramref name="people"/> people (a share, a median): suppressed when they are fewer than <see cref="Threshold"/>.</summary>
    public static Figure From(double? value, long people) => people < Threshold ? new(null, true) : new(value, false);

    /// <summary>Suppressed whenever any of <paramref name="others"/> is, as it would give them away (what is left of a quota gives away what was used).</summary>
    public Figure Unless(params ReadOnlySpan<Figure> others)
    {
        foreach (var other in others)
            if (other.Suppressed) return new(null, true);
        return this;
    }

    public override string ToString() =>
        Suppressed ? Hidden : Value is { } value ? value.ToString("0.###", CultureInfo.InvariantCulture) : "";
}

public sealed class FigureJsonConverter : JsonConverter<Figure>
{
    public override Figure Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.Number => new Figure(reader.GetDouble(), false),
        JsonTokenType.Null => new Figure(null, false),
        JsonTokenType.String when reader.GetString() == Figure.Hidden => new Figure(null, true),
        _ => throw new JsonException($"A figure is a number, null or \"{Figure.Hidden}\""),
    };

    public override void Write(Utf8JsonWriter writer, Figure value, JsonSerializerOptions options)
    {
        if (value.Suppressed) writer.WriteStringValue(Figure.Hidden);
        else if (value.Value is { } number) writer.WriteNumberValue(Math.Round(number, 3));
        else writer.WriteNullValue();
    }
}

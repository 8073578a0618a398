using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;

namespace Matching.Api.Reports;

/// <summary>A report's table as CSV (RFC 4180): a header of the JSON field names, then one line per row, written as the JSON writes them.</summary>
public static class Csv
{
    public static string Write(ReportTable table)
    {
        var properties = table.RowType.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(property => property.GetIndexParameters().Length == 0)
            .OrderBy(property => property.MetadataToken)
            .ToArray();
        var csv = new StringBuilder();
        csv.AppendJoin(',', properties.Select(property => Field(JsonNamingPolicy.CamelCase.ConvertName(property.Name)))).Append("\r\n");
        foreach (var row in table.Rows)
            csv.AppendJoin(',', properties.Select(property => Field(Value(property.GetValue(row))))).Append("\r\n");
        return csv.ToString();
    }

    private static string Value(object? value) => value switch
    {
        null => "",
        // Text a spreadsheet would take for a formula (a provider's course title "=…") is kept as text.
        string text => text.Length > 0 && "=+-@".Contains(text[0]) ? "'" + text : text,
        bool flag => flag ? "true" : "false",
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        Enum => JsonSerializer.Serialize(value, value.GetType(), Hosting.Messaging.MessageJson.Options).Trim('"'),
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string Field(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 || value.StartsWith(' ') || value.EndsWith(' ')
            ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : value;
}

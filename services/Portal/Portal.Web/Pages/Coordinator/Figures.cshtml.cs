using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Portal.Web.Apis;
using Portal.Web.Charts;

namespace Portal.Web.Pages.Coordinator;

/// <summary>
/// The city's figures for the coordinator, one report per page (<c>/coordinator/figures/demand</c>, …): a chart drawn
/// on the server with its numbers in a table beside it, every table of the report, and each table as CSV to download.
/// What the Matching service shows as "&lt; 5" stays "&lt; 5": the portal never sees the number behind it.
/// </summary>
public sealed class FiguresModel(ReportsApi reports, IStringLocalizer<FigureTexts> texts) : PageModel
{
    /// <summary>A page shows this many rows of a table; the CSV has them all.</summary>
    public const int RowsShown = 200;

    /// <summary>A chart draws this many bars at most.</summary>
    public const int BarsShown = 15;

    [BindProperty(SupportsGet = true)] public string? Report { get; set; }

    public string Shown => Report ?? "demand";

    public IReadOnlyList<FigureTable> Tables { get; private set; } = [];

    public FigureChart? Chart { get; private set; }

    /// <summary>Why there is nothing to show: the Matching service did not answer.</summary>
    public string? Unavailable { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!ReportsApi.Reports.TryGetValue(Shown, out var tables)) return NotFound();
        var answer = await reports.ReportAsync(Shown, cancellationToken);
        if (!answer.Succeeded || answer.Value is null)
        {
            Unavailable = texts["Unavailable"];
            Response.StatusCode = StatusCodes.Status502BadGateway;
            return Page();
        }

        Tables = tables.Select(name => Read(name, answer.Value[name]?.AsArray() ?? [])).ToList();
        Chart = ChartOf(Shown, answer.Value);
        return Page();
    }

    /// <summary>One table of the report as CSV, as the Matching service writes it (one row per cell, "&lt; 5" kept).</summary>
    public async Task<IActionResult> OnGetCsvAsync(string? table, CancellationToken cancellationToken)
    {
        if (!ReportsApi.Reports.TryGetValue(Shown, out var tables)) return NotFound();
        var name = table ?? tables[0];
        if (!tables.Contains(name, StringComparer.Ordinal)) return NotFound();
        var csv = await reports.CsvAsync(Shown, name, cancellationToken);
        return csv is null
            ? StatusCode(StatusCodes.Status502BadGateway)
            : File(csv.Content, "text/csv; charset=utf-8", csv.FileName);
    }

    private FigureTable Read(string name, JsonArray rows)
    {
        var columns = rows.FirstOrDefault()?.AsObject().Select(field => field.Key).ToList() ?? [];
        var shown = rows.Take(RowsShown)
            .Select(row => (IReadOnlyList<FigureCell>)columns.Select(column => Cell(column, row![column])).ToList())
            .ToList();
        return new FigureTable(name, columns, shown, rows.Count);
    }

    /// <summary>The chart of each report: what matters most in it at a glance.</summary>
    private FigureChart? ChartOf(string report, JsonObject answer) => report switch
    {
        // The cells where most requests found no course.
        "demand" => Charted(Largest(answer["cells"], "requests")
            .Select(row => Bar(Label(row, "week", "district", "level", "schedules") + (Flag(row["childcare"]) ? " · " + texts["WithChildcare"] : ""), row["requests"], "requests"))),
        // The free seats now, summed per district: seats are not people, nothing is hidden.
        "supply" => Charted((answer["cells"]?.AsArray() ?? [])
            .GroupBy(row => (string?)row!["district"] ?? "")
            .Select(district => (District: district.Key, Seats: district.Sum(row => (double?)row!["seatsFree"] ?? 0)))
            .OrderByDescending(district => district.Seats).ThenBy(district => district.District, StringComparer.Ordinal)
            .Take(BarsShown)
            .Select(district => new Bar(district.District, district.Seats, Number(district.Seats, "N0")))),
        "agreements" => Charted((answer["agreements"]?.AsArray() ?? []).Take(BarsShown)
            .Select(row => Bar(Label(row, "employerId", "validTo"), row!["used"], "used"))),
        "placements" => Charted((answer["weeks"]?.AsArray() ?? []).TakeLast(BarsShown)
            .Select(row => Bar((string?)row!["week"] ?? "", row["requested"], "requested"))),
        // The share placed of each group, the line the share of everyone: a gap is the distance between them.
        "fairness" => FairnessChart(answer["groups"]?.AsArray() ?? []),
        _ => null,
    };

    private FigureChart? FairnessChart(JsonArray groups)
    {
        var overall = groups.FirstOrDefault(row => (string?)row!["dimension"] == "overall");
        var bars = groups.Where(row => (string?)row!["dimension"] != "overall").Take(BarsShown)
            .Select(row => Bar(Value(row!["dimension"]) + ": " + Value(row["group"]), row["sharePlaced"], "sharePlaced"))
            .ToList();
        if (bars.Count == 0) return null;
        var everyone = overall?["sharePlaced"] is { } share && share.GetValueKind() == JsonValueKind.Number ? (double?)share : null;
        var reference = everyone is { } value ? texts["Everyone", Format("sharePlaced", value)].Value : null;
        return new FigureChart(texts["Chart_fairness"], bars, everyone, reference);
    }

    private FigureChart? Charted(IEnumerable<Bar> bars)
    {
        var list = bars.ToList();
        return list.Count == 0 ? null : new FigureChart(texts["Chart_" + Shown], list, null, null);
    }

    private IEnumerable<JsonNode> Largest(JsonNode? rows, string column) =>
        (rows?.AsArray() ?? []).OfType<JsonNode>()
            .OrderByDescending(row => row[column] is { } value && value.GetValueKind() == JsonValueKind.Number ? (double)value : -1)
            .Take(BarsShown);

    private Bar Bar(string label, JsonNode? value, string column) =>
        new(label, value is not null && value.GetValueKind() == JsonValueKind.Number ? (double)value : null, Cell(column, value).Text);

    private string Label(JsonNode? row, params string[] columns) =>
        string.Join(" · ", columns.Select(column => Cell(column, row?[column]).Text).Where(text => text.Length > 0));

    private static bool Flag(JsonNode? value) => value is not null && value.GetValueKind() == JsonValueKind.True;

    /// <summary>A value as the page writes it, in the reader's language: numbers by their kind, yes/no, the API's names translated where there is a text.</summary>
    private FigureCell Cell(string column, JsonNode? value) => value?.GetValueKind() switch
    {
        null or JsonValueKind.Null => new("", false),
        JsonValueKind.Number => new(Format(column, (double)value), true),
        JsonValueKind.True => new(texts["Yes"], false),
        JsonValueKind.False => new(texts["No"], false),
        _ => new(Value(value), (string?)value == "< 5"),
    };

    /// <summary>A name the API writes (<c>none</c>, <c>needed</c>, <c>job-related</c>) in the page's language, where there is a text for it; else as written.</summary>
    private string Value(JsonNode? value)
    {
        var text = (string?)value ?? "";
        var translated = texts["Value_" + text];
        return translated.ResourceNotFound ? text : translated.Value;
    }

    /// <summary>Shares as percentages, their gaps in percentage points with a sign, scores with two places, counts whole.</summary>
    private static string Format(string column, double value)
    {
        var culture = CultureInfo.CurrentCulture;
        if (column.StartsWith("share", StringComparison.Ordinal)) return value.ToString("P1", culture);
        if (column is "gapPlaced" or "gapWithSuggestion" or "gapWithCourse")
            return (value * 100).ToString("+0.0;−0.0;0.0", culture) + " " + (culture.TwoLetterISOLanguageName == "de" ? "Pp." : "pp");
        if (column == "gapMedianTopScore") return value.ToString("+0.00;−0.00;0.00", culture);
        if (column == "medianTopScore") return value.ToString("0.00", culture);
        return Number(value, value % 1 == 0 ? "N0" : "N1");
    }

    private static string Number(double value, string format) => value.ToString(format, CultureInfo.CurrentCulture);
}

/// <summary>A table of a report as the page shows it: its first <see cref="FiguresModel.RowsShown"/> rows of <paramref name="Total"/>.</summary>
public sealed record FigureTable(string Name, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<FigureCell>> Rows, int Total);

/// <param name="Numeric">Right-aligned as a number (a hidden "&lt; 5" too).</param>
public sealed record FigureCell(string Text, bool Numeric);

/// <param name="Reference">The overall figure, drawn as a line; <paramref name="ReferenceLabel"/> says so.</param>
public sealed record FigureChart(string Title, IReadOnlyList<Bar> Bars, double? Reference, string? ReferenceLabel)
{
    public string Svg(string id) => SvgCharts.Bars(id, Title, Bars, Reference, ReferenceLabel);
}

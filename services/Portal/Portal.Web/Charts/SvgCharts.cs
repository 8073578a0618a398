using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;

namespace Portal.Web.Charts;

/// <summary>One bar of a chart: its label, its value (null: nothing to draw, e.g. "&lt; 5"), and the value as the page writes it.</summary>
public sealed record Bar(string Label, double? Value, string Shown);

/// <summary>
/// Charts drawn on the server as SVG: no script, no inline style (the Content-Security-Policy allows neither), colours as
/// SVG attributes. Each is an image with its title for screen readers; the page shows the same numbers in a table beside it.
/// </summary>
public static class SvgCharts
{
    private const double LabelWidth = 230, BarWidth = 380, ValueWidth = 110, RowHeight = 30, BarHeight = 20, Top = 6;
    private const int LabelLength = 32;
    private const string BarColour = "#0b5394", ReferenceColour = "#b45f06", Ink = "#1a1a1a";

    /// <summary>
    /// Horizontal bars, one per row in the order given, each as long as its value against the largest (and the
    /// reference), its value written beside it. A bar without a value is drawn as none, its value ("&lt; 5") still written.
    /// </summary>
    /// <param name="id">Unique on the page: the SVG's title is found by it.</param>
    /// <param name="reference">A value drawn as a line across every bar (the overall figure), with <paramref name="referenceLabel"/> under it.</param>
    public static string Bars(string id, string title, IReadOnlyList<Bar> bars, double? reference = null, string? referenceLabel = null)
    {
        var html = HtmlEncoder.Default;
        var largest = bars.Select(bar => bar.Value ?? 0).Append(reference ?? 0).Max();
        var scale = largest > 0 ? BarWidth / largest : 0;
        var height = Top + bars.Count * RowHeight + (reference is null ? 8 : 34);
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture,
            $"""<svg role="img" aria-labelledby="{id}-title" viewBox="0 0 {LabelWidth + BarWidth + ValueWidth} {height}" xmlns="http://www.w3.org/2000/svg">""");
        svg.Append(CultureInfo.InvariantCulture, $"""<title id="{id}-title">{html.Encode(title)}</title>""");
        for (var i = 0; i < bars.Count; i++)
        {
            var (bar, y) = (bars[i], Top + i * RowHeight);
            var length = Math.Max(0, (bar.Value ?? 0) * scale);
            svg.Append(CultureInfo.InvariantCulture,
                $"""<text x="{LabelWidth - 8}" y="{y + 15}" text-anchor="end" fill="{Ink}">{html.Encode(Shorten(bar.Label))}</text>""");
            if (length > 0)
                svg.Append(CultureInfo.InvariantCulture, $"""<rect x="{LabelWidth}" y="{y}" width="{length:0.#}" height="{BarHeight}" fill="{BarColour}"/>""");
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="{LabelWidth + length + 6:0.#}" y="{y + 15}" fill="{Ink}">{html.Encode(bar.Shown)}</text>""");
        }

        if (reference is { } line)
        {
            var x = LabelWidth + line * scale;
            var bottom = Top + bars.Count * RowHeight;
            svg.Append(CultureInfo.InvariantCulture,
                $"""<line x1="{x:0.#}" y1="0" x2="{x:0.#}" y2="{bottom}" stroke="{ReferenceColour}" stroke-width="3" stroke-dasharray="6 4"/>""");
            svg.Append(CultureInfo.InvariantCulture,
                $"""<text x="{x:0.#}" y="{bottom + 20}" text-anchor="middle" fill="{Ink}">{html.Encode(referenceLabel ?? "")}</text>""");
        }

        return svg.Append("</svg>").ToString();
    }

    /// <summary>A label short enough for the chart's left column; the table beside it has it whole.</summary>
    private static string Shorten(string label) => label.Length <= LabelLength ? label : label[..(LabelLength - 1)] + "…";
}

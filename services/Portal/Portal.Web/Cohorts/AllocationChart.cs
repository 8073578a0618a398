using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;

namespace Portal.Web.Cohorts;

/// <summary>
/// The cohort page's chart, drawn here as SVG (no script, no inline style: the stylesheet colours it): for placed and
/// the first three choices, one bar for the optimiser and one for first come, first served, each as long as its share
/// of the cohort, with its number beside it.
/// </summary>
public static class AllocationChart
{
    private const double Left = 170, BarWidth = 420, RowHeight = 56, BarHeight = 20;

    /// <param name="text">The page's text for a name (<c>Figure_Placed</c>, <c>Optimiser</c>, …), in its language.</param>
    public static string Svg(AllocationFigures figures, Func<string, string> text)
    {
        var rows = figures.Charted.ToList();
        var html = HtmlEncoder.Default;
        var culture = CultureInfo.CurrentCulture;
        var legendY = rows.Count * RowHeight + 14;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"""<svg role="img" aria-labelledby="chart-title" viewBox="0 0 {Left + BarWidth + 70} {legendY + 26}" xmlns="http://www.w3.org/2000/svg">""");
        svg.Append(CultureInfo.InvariantCulture, $"""<title id="chart-title">{html.Encode(string.Format(culture, text("ChartTitle"), figures.People))}</title>""");
        for (var i = 0; i < rows.Count; i++)
        {
            var y = i * RowHeight + 8;
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="0" y="{y + 26}" class="label">{html.Encode(text("Figure_" + rows[i].Name))}</text>""");
            Bar(rows[i].Optimised, y, "optimised");
            Bar(rows[i].Greedy, y + BarHeight + 2, "greedy");
        }

        svg.Append(CultureInfo.InvariantCulture, $"""<rect x="{Left}" y="{legendY}" width="14" height="14" class="optimised"/>""");
        svg.Append(CultureInfo.InvariantCulture, $"""<text x="{Left + 20}" y="{legendY + 12}" class="legend">{html.Encode(text("Optimiser"))}</text>""");
        svg.Append(CultureInfo.InvariantCulture, $"""<rect x="{Left + 200}" y="{legendY}" width="14" height="14" class="greedy"/>""");
        svg.Append(CultureInfo.InvariantCulture, $"""<text x="{Left + 220}" y="{legendY + 12}" class="legend">{html.Encode(text("Greedy"))}</text>""");
        return svg.Append("</svg>").ToString();

        void Bar(int count, double y, string kind)
        {
            var length = figures.Length(count, BarWidth);
            svg.Append(CultureInfo.InvariantCulture, $"""<rect x="{Left}" y="{y}" width="{length}" height="{BarHeight}" class="{kind}"/>""");
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="{Left + length + 6}" y="{y + 15}" class="value">{count.ToString("N0", culture)}</text>""");
        }
    }
}

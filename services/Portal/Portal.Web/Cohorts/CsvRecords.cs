using System.Text;

namespace Portal.Web.Cohorts;

/// <summary>
/// Reads CSV as spreadsheets write it (RFC 4180): cells separated by commas — or by semicolons, as German spreadsheets
/// save it, told apart by the header line — quoted with <c>"</c> where they hold a separator, a quote or a line break.
/// Each record keeps the line it starts on, so an error can name it.
/// </summary>
public static class CsvRecords
{
    /// <summary>One record: the line (from 1) it starts on and its cells.</summary>
    public sealed record Record(int Line, IReadOnlyList<string> Cells);

    /// <summary>The records of <paramref name="text"/>, blank lines left out; <paramref name="unclosedQuoteLine"/> is the
    /// line of a quote never closed (the rest of the text would be one cell), else null.</summary>
    public static List<Record> Read(string text, out int? unclosedQuoteLine)
    {
        var separator = SeparatorOf(text);
        var records = new List<Record>();
        var cells = new List<string>();
        var cell = new StringBuilder();
        var line = 1;
        var recordLine = 1;
        var quoted = false;
        var quoteLine = 0;
        unclosedQuoteLine = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { cell.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else
                {
                    if (c == '\n') line++;
                    cell.Append(c);
                }
            }
            else if (c == '"' && cell.Length == 0) { quoted = true; quoteLine = line; }
            else if (c == separator) { cells.Add(cell.ToString()); cell.Clear(); }
            else if (c is '\r' or '\n')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n') i++;
                End();
                line++;
                recordLine = line;
            }
            else cell.Append(c);
        }

        if (quoted) unclosedQuoteLine = quoteLine;
        End();
        return records;

        void End()
        {
            cells.Add(cell.ToString());
            cell.Clear();
            if (cells.Any(value => value.Trim().Length > 0)) records.Add(new Record(recordLine, cells.ToList()));
            cells.Clear();
        }
    }

    /// <summary>A semicolon when the header line has more semicolons than commas, else a comma.</summary>
    public static char SeparatorOf(string text)
    {
        var end = text.IndexOfAny(['\r', '\n']);
        var header = end < 0 ? text : text[..end];
        return header.Count(c => c == ';') > header.Count(c => c == ',') ? ';' : ',';
    }

    /// <summary>One record written as CSV, each cell quoted where it must be. A cell a spreadsheet would take for a
    /// formula (starting with = + - @) is written with a leading apostrophe, so opening the file runs nothing.</summary>
    public static string Line(IEnumerable<string?> cells, char separator = ',') => string.Join(separator, cells.Select(value =>
    {
        var text = value ?? "";
        if (text.Length > 0 && text[0] is '=' or '+' or '-' or '@' && !double.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out _))
            text = "'" + text;
        return text.IndexOfAny([separator, '"', '\r', '\n']) >= 0 ? "\"" + text.Replace("\"", "\"\"") + "\"" : text;
    }));
}

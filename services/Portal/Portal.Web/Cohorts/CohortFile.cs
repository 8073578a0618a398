using System.Globalization;
using Microsoft.Extensions.Localization;
using Portal.Web.Forms;

namespace Portal.Web.Cohorts;

/// <summary>
/// A cohort as a caseworker keeps it in a spreadsheet: one person per line, the columns of <see cref="Columns"/> (in any
/// order; only <c>reference</c>, <c>level</c> and <c>place</c> needed). Read whole before anything is sent: any cell that
/// is wrong is named by its line and column, in the page's language, and then nothing is sent at all.
/// </summary>
public static class CohortFile
{
    public const int MaxPeople = 5_000;
    public const int MaxChoices = 5;

    public static readonly string[] Columns =
    [
        "reference", "level", "place", "maxDistanceKm", "availableFrom", "schedules", "needsChildcare", "occupations",
        "integrationCourse", "registeredForWork", "employed", "failedB1Test", "preferredOccupations", "first", "preferredSchedules",
        "waitingSince", "choice1", "choice2", "choice3", "choice4", "choice5",
    ];

    private static readonly string[] Required = ["reference", "level", "place"];
    private static readonly string[] IntegrationCourse = ["entitled", "obliged", "admitted", "none"];
    private static readonly string[] First = ["job", "course"];

    /// <summary>One person of the file: the line it came from, what <c>POST /allocations</c> takes, and the choices it
    /// ranked; the file's name (when several are read as one cohort) and where its columns stand.</summary>
    public sealed record Person(int Line, string Reference, object Request, IReadOnlyList<Choice> Choices, IReadOnlyDictionary<string, int> ColumnOf)
    {
        public string? File { get; init; }
    }

    /// <summary>A ranked choice: the course and/or the opening of a suggestion.</summary>
    public sealed record Choice(Guid? CourseId, Guid? OpeningId)
    {
        /// <summary>As a cell of the file: <c>course:ID</c>, <c>opening:ID</c>, or both (a course, then the opening).</summary>
        public override string ToString() => string.Join(' ',
            new[] { CourseId is { } course ? "course:" + course : null, OpeningId is { } opening ? "opening:" + opening : null }.OfType<string>());

        /// <summary>A cell as <see cref="ToString"/> writes it (<c>,</c> or <c>;</c> may part the two as well); null when it is not one.</summary>
        public static Choice? Parse(string value)
        {
            Guid? course = null, opening = null;
            foreach (var part in FormReading.Split(value))
            {
                var colon = part.IndexOf(':');
                var (kind, id) = colon > 0 ? (part[..colon].ToLowerInvariant(), part[(colon + 1)..]) : ("", part);
                if (kind == "course" && course is null && Guid.TryParse(id, out var c)) course = c;
                else if (kind == "opening" && opening is null && Guid.TryParse(id, out var o)) opening = o;
                else return null;
            }

            return course is null && opening is null ? null : new Choice(course, opening);
        }
    }

    /// <summary>A cell that is wrong (line and column from 1; column 0 for the whole line or file).</summary>
    public sealed record Error(int Line, int Column, string ColumnName, string Message)
    {
        /// <summary>The file's name, when several are read as one cohort.</summary>
        public string? File { get; init; }
    }

    /// <summary>The template offered for download: the header and two people, one of them with everything filled in.</summary>
    public static string Template() => string.Join("\r\n",
        CsvRecords.Line(Columns),
        CsvRecords.Line(Padded("case-001", "A1", "Hochfeld", "10", "", "morning afternoon", "yes", "", "obliged", "", "", "", "", "course", "morning", "2026-03-01")),
        CsvRecords.Line(Padded("case-002", "A2", "Meiderich", "15", "", "", "no", "93 52", "entitled", "yes", "no", "no", "93", "job", "", "2026-05-15")),
        "");

    /// <summary>A file of one person, as the caseworker page offers it: the header, then the person's cells by column
    /// name (a column not named stays empty). Several such files are one cohort on the cohort page.</summary>
    public static string OnePerson(IReadOnlyDictionary<string, string?> cells) =>
        CsvRecords.Line(Columns) + "\r\n" + CsvRecords.Line(Columns.Select(column => cells.GetValueOrDefault(column))) + "\r\n";

    private static string[] Padded(params string[] cells) => [.. cells, .. Enumerable.Repeat("", Columns.Length - cells.Length)];

    /// <summary>What the file holds: its people (only when no cell is wrong) and the errors.</summary>
    public sealed record Reading(List<Person> People, List<Error> Errors);

    /// <summary>A file as it was uploaded: its name and its text.</summary>
    public sealed record Upload(string Name, string Text);

    /// <summary>
    /// Several files as one cohort, e.g. the one-person files the caseworker page offers: each read as <see cref="Read"/>
    /// does, then a reference may stand in one file only and all of them together hold at most <see cref="MaxPeople"/>.
    /// With more than one file, each error and person names its file.
    /// </summary>
    public static Reading ReadAll(IReadOnlyList<Upload> files, IStringLocalizer texts)
    {
        var people = new List<Person>();
        var errors = new List<Error>();
        var first = new Dictionary<string, Person>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var name = files.Count > 1 ? file.Name : null;
            var reading = Read(file.Text, texts);
            errors.AddRange(reading.Errors.Select(error => error with { File = name }));
            foreach (var person in reading.People.Select(person => person with { File = name }))
            {
                if (first.TryGetValue(person.Reference, out var earlier))
                    errors.Add(new Error(person.Line, person.ColumnOf["reference"] + 1, "reference", texts["CsvReferenceInFile", earlier.File ?? "", earlier.Line]) { File = name });
                else
                {
                    first.Add(person.Reference, person);
                    people.Add(person);
                }
            }
        }

        if (people.Count > MaxPeople) errors.Add(new Error(0, 0, "", texts["CsvTooMany", MaxPeople]));
        return errors.Count > 0 ? new Reading([], errors) : new Reading(people, errors);
    }

    public static Reading Read(string text, IStringLocalizer texts)
    {
        var people = new List<Person>();
        var errors = new List<Error>();
        var records = CsvRecords.Read(text, out var unclosedQuote);
        if (unclosedQuote is { } quoteLine) errors.Add(new Error(quoteLine, 0, "", texts["CsvQuoteUnclosed"]));
        if (records.Count == 0)
        {
            errors.Add(new Error(1, 0, "", texts["CsvEmpty"]));
            return new Reading(people, errors);
        }

        var header = records[0];
        var index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var c = 0; c < header.Cells.Count; c++)
        {
            var name = header.Cells[c].Trim().TrimStart('\uFEFF');
            if (Columns.FirstOrDefault(column => column.Equals(name, StringComparison.OrdinalIgnoreCase)) is not { } column)
                errors.Add(new Error(header.Line, c + 1, name, texts["CsvUnknownColumn", string.Join(", ", Columns)]));
            else if (!index.TryAdd(column, c)) errors.Add(new Error(header.Line, c + 1, name, texts["CsvColumnTwice"]));
        }

        foreach (var missing in Required.Where(column => !index.ContainsKey(column)))
            errors.Add(new Error(header.Line, 0, missing, texts["CsvColumnMissing"]));
        if (errors.Count > 0) return new Reading(people, errors);
        if (records.Count - 1 > MaxPeople) errors.Add(new Error(records[MaxPeople + 1].Line, 0, "", texts["CsvTooMany", MaxPeople]));

        var references = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var record in records.Skip(1).Take(MaxPeople))
        {
            var row = new Row(record, index, errors, texts);
            if (record.Cells.Count > header.Cells.Count) row.Fail(header.Cells.Count + 1, "", texts["CsvTooManyCells", header.Cells.Count]);
            var reference = row.Text("reference", 100);
            if (reference is not null && !references.TryAdd(reference, record.Line))
                row.Fail("reference", texts["CsvReferenceTwice", references[reference]]);
            var level = row.OneOf("level", FormReading.Levels, required: true);
            var place = row.Text("place", 200);
            var maxDistanceKm = row.Number("maxDistanceKm", 0.1, 1000);
            var availableFrom = row.Date("availableFrom");
            var schedules = row.Several("schedules", FormReading.Schedules);
            var needsChildcare = row.YesOrNo("needsChildcare");
            var occupations = row.Occupations("occupations", 50);
            var integrationCourse = row.OneOf("integrationCourse", IntegrationCourse);
            var registeredForWork = row.YesOrNo("registeredForWork");
            var employed = row.YesOrNo("employed");
            var failedB1Test = row.YesOrNo("failedB1Test");
            var preferredOccupations = row.Occupations("preferredOccupations", 10);
            var first = row.OneOf("first", First);
            var preferredSchedules = row.Several("preferredSchedules", FormReading.Schedules);
            var waitingSince = row.Date("waitingSince");
            var choices = new List<Choice>();
            for (var rank = 1; rank <= MaxChoices; rank++)
                if (row.Choice("choice" + rank) is { } choice)
                {
                    if (choices.Contains(choice)) row.Fail("choice" + rank, texts["CsvChoiceTwice"]);
                    else choices.Add(choice);
                }

            if (row.Failed) continue;
            var hasPreferences = preferredOccupations.Length > 0 || first is not null || preferredSchedules.Length > 0;
            people.Add(new Person(record.Line, reference!, new
            {
                reference,
                level,
                location = new { place },
                maxDistanceKm,
                availableFrom,
                schedules,
                needsChildcare = needsChildcare ?? false,
                occupations,
                admission = new { integrationCourse, registeredForWork, employed, failedB1Test },
                preferences = hasPreferences ? new { occupations = preferredOccupations, first, schedules = preferredSchedules } : null,
                choices = choices.Select(choice => new { courseId = choice.CourseId, openingId = choice.OpeningId }).ToArray(),
                waitingSince,
            }, choices, index));
        }

        return errors.Count > 0 ? new Reading([], errors) : new Reading(people, errors);
    }

    /// <summary>One line's cells, read column by column; each wrong cell adds an error naming it.</summary>
    private sealed class Row(CsvRecords.Record record, Dictionary<string, int> index, List<Error> errors, IStringLocalizer texts)
    {
        public bool Failed { get; private set; }

        public void Fail(int column, string name, string message)
        {
            Failed = true;
            errors.Add(new Error(record.Line, column, name, message));
        }

        public void Fail(string column, string message) => Fail(index[column] + 1, column, message);

        private string? Cell(string column) =>
            index.TryGetValue(column, out var c) && c < record.Cells.Count && record.Cells[c].Trim() is { Length: > 0 } value ? value : null;

        public string? Text(string column, int maxLength)
        {
            var value = Cell(column);
            if (value is null) Fail(column, texts["Required"]);
            else if (value.Length > maxLength) Fail(column, texts["TooLong", maxLength]);
            return value;
        }

        public string? OneOf(string column, string[] choices, bool required = false)
        {
            var value = Cell(column);
            if (value is null)
            {
                if (required) Fail(column, texts["Required"]);
                return null;
            }

            if (choices.FirstOrDefault(choice => choice.Equals(value, StringComparison.OrdinalIgnoreCase)) is { } chosen) return chosen;
            Fail(column, texts["CsvOneOf", string.Join(", ", choices)]);
            return null;
        }

        public string[] Several(string column, string[] choices)
        {
            var values = FormReading.Split(Cell(column));
            var chosen = new List<string>();
            foreach (var value in values)
            {
                if (choices.FirstOrDefault(choice => choice.Equals(value, StringComparison.OrdinalIgnoreCase)) is { } choice) chosen.Add(choice);
                else
                {
                    Fail(column, texts["CsvOneOf", string.Join(", ", choices)]);
                    return [];
                }
            }

            return chosen.Distinct().ToArray();
        }

        public double? Number(string column, double min, double max)
        {
            if (Cell(column) is not { } value) return null;
            if (double.TryParse(value.Replace(',', '.'), NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max)
                return number;
            Fail(column, texts["CsvNumber", min.ToString(CultureInfo.CurrentCulture), max.ToString(CultureInfo.CurrentCulture)]);
            return null;
        }

        /// <summary>2026-03-01, or 01.03.2026 as German spreadsheets write it.</summary>
        public DateOnly? Date(string column)
        {
            if (Cell(column) is not { } value) return null;
            if (DateOnly.TryParseExact(value, ["yyyy-MM-dd", "dd.MM.yyyy", "d.M.yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                return date;
            Fail(column, texts["CsvDate"]);
            return null;
        }

        public bool? YesOrNo(string column)
        {
            switch (Cell(column)?.ToLowerInvariant())
            {
                case null: return null;
                case "yes" or "ja" or "true" or "1" or "x": return true;
                case "no" or "nein" or "false" or "0": return false;
                default:
                    Fail(column, texts["CsvYesNo"]);
                    return null;
            }
        }

        public string[] Occupations(string column, int max)
        {
            var codes = FormReading.Split(Cell(column));
            if (codes.Length > max) Fail(column, texts["TooMany", max]);
            else if (codes.FirstOrDefault(code => code.Length is < 1 or > 4 || !code.All(char.IsAsciiDigit)) is { } wrong)
                Fail(column, texts["OccupationInvalid", wrong]);
            return codes;
        }

        /// <summary><c>course:ID</c>, <c>opening:ID</c>, or both (a course, then the opening).</summary>
        public Choice? Choice(string column)
        {
            if (Cell(column) is not { } value) return null;
            if (CohortFile.Choice.Parse(value) is { } choice) return choice;
            Fail(column, texts["CsvChoice"]);
            return null;
        }
    }
}

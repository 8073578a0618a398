using System.Globalization;
using Microsoft.Extensions.Localization;
using Portal.Web.Apis;

namespace Portal.Web.Forms;

/// <summary>
/// Reads what a person typed into a form, field by field, and says what is wrong in the page's language — before
/// anything is sent, so nothing is stored. Fields arrive as text: a letter typed into a number is this form's error to
/// name, not a binding failure. Each field keeps its first problem, shown beside it.
/// </summary>
public sealed class FormReading(IStringLocalizer texts)
{
    public static readonly string[] Levels = ["none", "A1", "A2", "B1", "B2", "C1", "C2"];
    public static readonly string[] Schedules = ["morning", "afternoon", "evening", "weekend"];

    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    public bool Failed => Errors.Count > 0;

    public void Fail(string field, string message) => Errors.TryAdd(field, message);

    public string? Text(string field, string? value, int maxLength, bool required = true)
    {
        var text = string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        if (text is null && required) Fail(field, texts["Required"]);
        else if (text?.Length > maxLength) Fail(field, texts["TooLong", maxLength]);
        return text;
    }

    public int? Number(string field, string? value, int min, int max, bool required = true)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required) Fail(field, texts["Required"]);
            return null;
        }

        if (int.TryParse(value.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max)
            return number;
        Fail(field, texts["NumberRange", min, max]);
        return null;
    }

    public DateOnly? Date(string field, string? value, bool required = true)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required) Fail(field, texts["Required"]);
            return null;
        }

        // A date field sends yyyy-MM-dd; typed by hand (no date picker), the page's own way of writing dates works too.
        if (DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            || DateOnly.TryParse(value.Trim(), CultureInfo.CurrentCulture, DateTimeStyles.None, out date))
            return date;
        Fail(field, texts["DateInvalid"]);
        return null;
    }

    public string? Choice(string field, string? value, IReadOnlyCollection<string> choices, bool required = true)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required) Fail(field, texts["Required"]);
            return null;
        }

        if (choices.Contains(value.Trim())) return value.Trim();
        Fail(field, texts["ChooseFromList"]);
        return null;
    }

    /// <summary>ISCO-08 codes (1–4 digits) separated by commas, semicolons or spaces.</summary>
    public string[] Occupations(string field, string? value, int max)
    {
        var codes = Split(value);
        if (codes.Length > max) Fail(field, texts["TooMany", max]);
        else if (codes.FirstOrDefault(code => code.Length is < 1 or > 4 || !code.All(char.IsAsciiDigit)) is { } wrong)
            Fail(field, texts["OccupationInvalid", wrong]);
        return codes;
    }

    public static string[] Split(string? value) => (value ?? "").Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>
    /// What the API refused though this form let it pass: each field it names (<c>location.place</c> → <c>place</c>
    /// through <paramref name="fieldOf"/>) gets a message in the page's language; the API's own words are English.
    /// </summary>
    public void Refused(Problem problem, Func<string, string>? fieldOf = null)
    {
        foreach (var (name, _) in problem.Errors ?? [])
        {
            var field = fieldOf?.Invoke(name) ?? name.Split('.', '[')[0];
            Fail(field, name.StartsWith("location", StringComparison.Ordinal) ? texts["PlaceUnknown"] : texts["CheckField"]);
        }

        if (!Failed) Fail("form", texts["ErrorText"]);
    }
}

using Matching.Contracts;
using Matching.Hosting.Messaging;
using Matching.Vocabulary;

namespace Matching.Api.Projections;

/// <summary>
/// What a course, opening or agreement must look like before the projection stores it or the catalog holds it. The
/// contracts are plain records, so a publisher's bug or a hand-made message can carry anything: a null where the engine
/// reads text, a version that no later one can pass. Checked as an event arrives and as a stored row is loaded.
/// </summary>
/// <remarks>
/// The bounds are wider than the publishers' own (Courses and Employers refuse far less at their doors): they keep out
/// what nobody meant, not what a publisher may come to allow. A problem names the field, never its value.
/// </remarks>
public static class StateRules
{
    /// <summary>
    /// Versions count changes one at a time; one beyond 2^53 (the last integer a JSON number holds exactly) is no count
    /// but a mistake, and stored it would make every real version after it look old.
    /// </summary>
    public const long MaxVersion = 1L << 53;

    private const int MaxIdLength = 100;
    private const int MaxTextLength = 500;
    private const int MaxOccupations = 100;
    private const int HoursInAWeek = 168;
    private static readonly DateOnly Earliest = new(2000, 1, 1);
    private static readonly DateOnly Latest = new(2100, 12, 31);

    /// <summary>The course, or an <see cref="InvalidMessageException"/> naming what is wrong with it.</summary>
    public static CourseState Valid(CourseState? course) => Valid(course, Check(course));

    /// <inheritdoc cref="Valid(CourseState?)"/>
    public static OpeningState Valid(OpeningState? opening) => Valid(opening, Check(opening));

    /// <inheritdoc cref="Valid(CourseState?)"/>
    public static AgreementState Valid(AgreementState? agreement) => Valid(agreement, Check(agreement));

    /// <summary>What is wrong with the course; empty when nothing is.</summary>
    public static IReadOnlyList<string> Check(CourseState? course)
    {
        var check = new Inspection("course");
        if (course is null) return check.Missing();

        check.Identity(course.Id, course.Version);
        check.Text(course.ProviderId, "providerId", MaxIdLength);
        check.Text(course.Title, "title", MaxTextLength);
        check.Defined(course.Kind, "kind");
        check.Defined(course.LevelFrom, "levelFrom");
        check.Defined(course.LevelTo, "levelTo");
        if (course.LevelTo <= course.LevelFrom) check.Add("levelTo", "must be above levelFrom");
        if (course.Lat is null != course.Lon is null) check.Add("lat", "and lon must be given together");
        else if (course.Lat is null && !course.Online) check.Add("lat", "is required for a course that is not online");
        else if (course is { Lat: double lat, Lon: double lon }) check.Coordinates(lat, lon);
        check.Date(course.StartsOn, "startsOn");
        check.Date(course.EndsOn, "endsOn");
        if (course.EndsOn < course.StartsOn) check.Add("endsOn", "must not be before startsOn");
        check.Range(course.HoursPerWeek, "hoursPerWeek", 0, HoursInAWeek);
        check.Defined(course.Schedule, "schedule");
        check.Count(course.SeatsFree, "seatsFree", course.SeatsTotal, "seatsTotal");
        if (course.Contact is { } contact)
        {
            check.OptionalText(contact.Phone, "contact.phone", MaxTextLength);
            check.OptionalText(contact.Email, "contact.email", MaxTextLength);
            check.OptionalText(contact.Url, "contact.url", MaxTextLength);
        }
        return check.Problems;
    }

    /// <inheritdoc cref="Check(CourseState?)"/>
    public static IReadOnlyList<string> Check(OpeningState? opening)
    {
        var check = new Inspection("opening");
        if (opening is null) return check.Missing();

        check.Identity(opening.Id, opening.Version);
        check.Text(opening.EmployerId, "employerId", MaxIdLength);
        check.Text(opening.Title, "title", MaxTextLength);
        check.Occupation(opening.Occupation, "occupation");
        check.Coordinates(opening.Lat, opening.Lon);
        check.Defined(opening.MinLevel, "minLevel");
        check.Count(opening.PositionsLeft, "positionsLeft", opening.Positions, "positions");
        check.Date(opening.StartsOn, "startsOn");
        check.Range(opening.HoursPerWeek, "hoursPerWeek", 0, HoursInAWeek);
        return check.Problems;
    }

    /// <inheritdoc cref="Check(CourseState?)"/>
    public static IReadOnlyList<string> Check(AgreementState? agreement)
    {
        var check = new Inspection("agreement");
        if (agreement is null) return check.Missing();

        check.Identity(agreement.Id, agreement.Version);
        check.Text(agreement.EmployerId, "employerId", MaxIdLength);
        if (agreement.Occupations is null) check.Add("occupations", "is required ([] covers every occupation)");
        else if (agreement.Occupations.Count > MaxOccupations) check.Add("occupations", $"must list at most {MaxOccupations}");
        else for (var i = 0; i < agreement.Occupations.Count; i++) check.Occupation(agreement.Occupations[i], $"occupations[{i}]");
        check.Defined(agreement.MinLevel, "minLevel");
        check.Count(agreement.QuotaLeft, "quotaLeft", agreement.Quota, "quota");
        check.Date(agreement.ValidFrom, "validFrom");
        check.Date(agreement.ValidTo, "validTo");
        if (agreement.ValidTo < agreement.ValidFrom) check.Add("validTo", "must not be before validFrom");
        if (agreement.LanguageSupport is not null) check.Text(agreement.LanguageSupport, "languageSupport", MaxTextLength);
        return check.Problems;
    }

    private static T Valid<T>(T? state, IReadOnlyList<string> problems) where T : class =>
        problems.Count == 0 ? state! : throw new InvalidMessageException(string.Join("; ", problems));

    /// <summary>Collects the problems of one state, each as "course.title is required".</summary>
    private sealed class Inspection(string state)
    {
        private readonly List<string> problems = [];

        public IReadOnlyList<string> Problems => problems;

        public void Add(string field, string problem) => problems.Add($"{state}.{field} {problem}");

        public IReadOnlyList<string> Missing()
        {
            problems.Add($"{state} is required");
            return problems;
        }

        public void Identity(Guid id, long version)
        {
            if (id == Guid.Empty) Add("id", "must not be empty");
            if (version is < 1 or > MaxVersion) Add("version", "must be between 1 and 2^53");
        }

        // PostgreSQL refuses "\0" in text, and no field here is meant to hold line breaks or tabs.
        public void Text(string? value, string field, int maxLength)
        {
            if (string.IsNullOrWhiteSpace(value)) Add(field, "is required");
            else if (value.Length > maxLength) Add(field, $"must be at most {maxLength} characters");
            else if (value.Any(char.IsControl)) Add(field, "must not contain control characters");
        }

        /// <summary>Left out, or <see cref="Text"/>.</summary>
        public void OptionalText(string? value, string field, int maxLength)
        {
            if (value is not null) Text(value, field, maxLength);
        }

        public void Occupation(string? code, string field)
        {
            if (code is null || !Occupations.IsCode(code)) Add(field, "must be an ISCO-08 code of 1 to 4 digits");
        }

        public void Defined<TEnum>(TEnum value, string field) where TEnum : struct, Enum
        {
            if (!Enum.IsDefined(value)) Add(field, "must be one of " + string.Join(", ", Enum.GetNames<TEnum>()));
        }

        // NaN is in no range, so it is refused too.
        public void Coordinates(double lat, double lon)
        {
            if (lat is not (>= -90 and <= 90)) Add("lat", "must be between -90 and 90");
            if (lon is not (>= -180 and <= 180)) Add("lon", "must be between -180 and 180");
        }

        public void Date(DateOnly date, string field)
        {
            if (date < Earliest || date > Latest) Add(field, $"must be between {Earliest:yyyy-MM-dd} and {Latest:yyyy-MM-dd}");
        }

        public void Range(int value, string field, int min, int max)
        {
            if (value < min || value > max) Add(field, $"must be between {min} and {max}");
        }

        /// <summary>What is left of a total: neither below zero nor above the total.</summary>
        public void Count(int left, string field, int total, string totalField)
        {
            if (total < 0) Add(totalField, "must not be negative");
            if (left < 0) Add(field, "must not be negative");
            else if (left > total) Add(field, $"must not be more than {totalField}");
        }
    }
}

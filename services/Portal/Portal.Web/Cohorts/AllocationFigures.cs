using System.Globalization;
using System.Text;
using Portal.Web.Apis;

namespace Portal.Web.Cohorts;

/// <summary>
/// An allocation beside first come, first served, as the cohort page shows it: the numbers (placed, 1st/2nd/3rd
/// choice, outside the choices, blocking pairs), the bars of its chart, and the allocation as CSV to download.
/// </summary>
public sealed class AllocationFigures
{
    public AllocationFigures(Allocation allocation, IReadOnlyList<CohortFile.Person> people)
    {
        People = people.Count;
        Allocation = allocation;
        Rows =
        [
            new("Placed", allocation.Placed, allocation.Greedy.Placed),
            new("Choice1", ByChoice(allocation.Choices, 0), ByChoice(allocation.Greedy.Choices, 0)),
            new("Choice2", ByChoice(allocation.Choices, 1), ByChoice(allocation.Greedy.Choices, 1)),
            new("Choice3", ByChoice(allocation.Choices, 2), ByChoice(allocation.Greedy.Choices, 2)),
            new("OutsideChoices", allocation.Choices.OutsideChoices, allocation.Greedy.Choices.OutsideChoices),
            new("BlockingPairs", allocation.Choices.BlockingPairs.Length, allocation.Greedy.Choices.BlockingPairs.Length),
        ];
        Csv = CsvOf(allocation, people);
    }

    /// <summary>What the page compares: the optimiser's figure and first come, first served's.</summary>
    public sealed record Row(string Name, int Optimised, int Greedy);

    public int People { get; }
    public Allocation Allocation { get; }
    public IReadOnlyList<Row> Rows { get; }

    /// <summary>The rows drawn as bars: placed and the first three choices (people counts, on one scale).</summary>
    public IEnumerable<Row> Charted => Rows.Take(4);

    /// <summary>The allocation as CSV: one line per person, in the file's order.</summary>
    public string Csv { get; }

    public static readonly string[] CsvColumns =
        ["reference", "kind", "choice", "courseId", "course", "providerId", "openingId", "opening", "employerId", "agreementId", "score"];

    /// <summary>A bar's length in the chart, of <paramref name="width"/> for the whole cohort.</summary>
    public double Length(int count, double width) => People == 0 ? 0 : Math.Round(width * count / People, 1);

    private static int ByChoice(ChoicesMet met, int rank) => rank < met.ByChoice.Length ? met.ByChoice[rank] : 0;

    private static string CsvOf(Allocation allocation, IReadOnlyList<CohortFile.Person> people)
    {
        var csv = new StringBuilder().Append(CsvRecords.Line(CsvColumns)).Append("\r\n");
        for (var i = 0; i < allocation.Assignments.Length; i++)
        {
            var (reference, suggestion) = (allocation.Assignments[i].Reference, allocation.Assignments[i].Suggestion);
            var choices = i < people.Count ? people[i].Choices : [];
            var rank = suggestion is null ? -1 : choices.ToList().FindIndex(choice => choice.CourseId == suggestion.Course?.Id && choice.OpeningId == suggestion.Opening?.Id);
            csv.Append(CsvRecords.Line(
            [
                reference, suggestion?.Kind, rank >= 0 ? (rank + 1).ToString(CultureInfo.InvariantCulture) : null,
                suggestion?.Course?.Id.ToString(), suggestion?.Course?.Title, suggestion?.Course?.ProviderId,
                suggestion?.Opening?.Id.ToString(), suggestion?.Opening?.Title, suggestion?.Opening?.EmployerId,
                suggestion?.Agreement?.Id.ToString(), suggestion?.Score.ToString("0.000", CultureInfo.InvariantCulture),
            ])).Append("\r\n");
        }

        return csv.ToString();
    }
}

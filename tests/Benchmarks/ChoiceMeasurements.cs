using System.Diagnostics;
using Matching.Engine;
using Matching.Vocabulary;

namespace Benchmarks;

/// <summary>Cohorts whose people ranked three of their suggestions, a third of them obliged to attend an integration course
/// and everyone waiting since some day of the last two years: rank-maximal allocation against first come, first served,
/// with the priority reported and then strict. The time limit is the goal for a proven rank-maximal allocation, so the
/// table says whether it was met.</summary>
public static class ChoiceMeasurements
{
    private const int CandidatesPerPerson = 40;

    /// <param name="only">One cohort, named as <c>regional-2000</c>; null for all four.</param>
    public static void Allocation(string? only = null)
    {
        Console.WriteLine("""

            ## Cohort allocation with ranked choices and priority (CBC or SCIP via OR-Tools; time limit the goal: 5 s for 2,000 people, 20 s for 5,000)
            | instance | people | priority | greedy placed | greedy 1st / 2nd / 3rd | greedy blocking pairs | placed | 1st / 2nd / 3rd | outside choices | blocking pairs | rank-maximal | optimal | time |
            | --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- | ---: |
            """);
        foreach (var (name, people, courses, openings, seats, positions) in new[]
                 {
                     ("regional", 2_000, 1_000, 2_000, (1, 12), (1, 5)),
                     ("regional", 5_000, 1_000, 2_000, (1, 12), (1, 5)),
                     ("scarce", 2_000, 400, 700, (1, 3), (1, 2)),
                     ("scarce", 5_000, 1_000, 1_750, (1, 3), (1, 2)),
                 })
        {
            if (only is not null && only != $"{name}-{people}") continue;
            var country = Country.Generate(courses, openings, agreements: 150, seed: 7, employers: openings / 3, seats: seats, positions: positions, nearDuisburgOnly: true);
            var catalog = country.ToCatalog();
            var applicants = Applicants(country, catalog, people);
            foreach (var strict in new[] { false, true })
            {
                var clock = Stopwatch.StartNew();
                var result = Cohort.Allocate(catalog, applicants, CandidatesPerPerson, new Deadline(TimeSpan.FromSeconds(people <= 2_000 ? 5 : 20), TimeProvider.System), strict);
                clock.Stop();
                var (allocation, met, greedy) = (result.Allocation, result.Choices, result.GreedyChoices);
                Console.WriteLine($"| {name} | {people:N0} | {(strict ? "strict" : "report")} | {allocation.Greedy.Placed:N0} | {Ranks(greedy)} | {greedy.BlockingPairs.Count:N0} | " +
                                  $"{allocation.Placed:N0} | {Ranks(met)} | {met.OutsideChoices:N0} | {met.BlockingPairs.Count:N0} | {allocation.RankMaximal} | {allocation.Optimal} | {clock.Elapsed.TotalSeconds:N2} s |");
            }
        }
    }

    /// <summary>Each person ranks three of their ten best suggestions, in an order of their own.</summary>
    private static List<Applicant> Applicants(Country country, Catalog catalog, int people)
    {
        var random = new Random(16);
        var today = new DateOnly(2027, 1, 4);
        return Enumerable.Range(0, people).Select(i =>
        {
            var person = country.Person(i, nearDuisburgOnly: true, maxDistanceKm: 15);
            if (random.NextDouble() < 1 / 3.0) person = person with { Admission = new Admission(IntegrationCourseStatus.Obliged) };
            var best = Matcher.Candidates(catalog, person, 10);
            var picks = best.OrderBy(_ => random.Next()).Take(3).Select(s => new Pick(s.Course?.Id, s.Opening?.Id)).ToList();
            return new Applicant(person, picks, today.AddDays(-random.Next(0, 730)));
        }).ToList();
    }

    private static string Ranks(ChoicesMet met) =>
        string.Join(" / ", Enumerable.Range(0, 3).Select(i => (i < met.ByChoice.Count ? met.ByChoice[i] : 0).ToString("N0")));
}

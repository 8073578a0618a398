using Matching.Engine;

namespace Matching.Engine.Tests;

public sealed class SharingPlacesInACohort
{
    private static readonly TimeSpan Plenty = TimeSpan.FromMinutes(1);
    private static readonly Guid CourseX = Guid.NewGuid(), CourseY = Guid.NewGuid(), Opening = Guid.NewGuid(), Quota = Guid.NewGuid();

    [Fact]
    public void The_optimiser_should_place_everyone_where_first_come_first_served_leaves_someone_out()
    {
        // Anna could take either course and prefers X; Ben can only take X. Greedy gives X to Anna.
        var anna = new[] { Take("anna→X", 0.9, CourseX), Take("anna→Y", 0.8, CourseY) };
        var ben = new[] { Take("ben→X", 0.7, CourseX) };

        var allocation = Allocator.Allocate([anna, ben], Plenty, TimeProvider.System);

        Assert.Equal(1, allocation.Greedy.Placed);
        Assert.Equal(2, allocation.Placed);
        Assert.Equal(["anna→Y", "ben→X"], allocation.Assignments);
        Assert.True(allocation.Optimal);
        Assert.Equal(allocation.Objective, allocation.Bound);
    }

    [Fact]
    public void A_pathway_should_need_a_seat_and_a_position()
    {
        // One position: Anna's pathway and Ben's job both need it; Ben has nothing else, Anna has the course alone.
        var anna = new[] { Take("anna→X→job", 0.9, CourseX, Opening), Take("anna→X", 0.5, CourseX) };
        var ben = new[] { Take("ben→job", 0.6, Opening) };

        var allocation = Allocator.Allocate([anna, ben], Plenty, TimeProvider.System);

        Assert.Equal(["anna→X", "ben→job"], allocation.Assignments);
    }

    [Fact]
    public void Placing_more_people_should_come_before_a_higher_score()
    {
        // Anna alone at 1.0 on the only position, or Anna and Ben at 0.1 each on the course and the position.
        var anna = new[] { Take("anna→job", 1.0, Opening), Take("anna→X", 0.1, CourseX) };
        var ben = new[] { Take("ben→job", 0.1, Opening) };

        var allocation = Allocator.Allocate([anna, ben], Plenty, TimeProvider.System);

        Assert.Equal(2, allocation.Placed);
        Assert.Equal(["anna→X", "ben→job"], allocation.Assignments);
        Assert.Equal(3 * 2 + 0.2, allocation.Objective, 3);
    }

    [Fact]
    public void An_agreement_should_never_be_used_beyond_its_quota()
    {
        var people = Enumerable.Range(0, 5)
            .Select(i => (IReadOnlyList<Choice<string>>)[new Choice<string>($"p{i}", 0.5, [new Need(Opening, 5), new Need(Quota, 2)])])
            .ToList();

        var allocation = Allocator.Allocate(people, Plenty, TimeProvider.System);

        Assert.Equal(2, allocation.Placed);
    }

    /// <param name="maxOptionsForCbc">The usual way, or 0: every group the way of one too large for CBC (placed first
    /// through the LP relaxation, then SCIP).</param>
    [Theory]
    [InlineData(100_000)]
    [InlineData(0)]
    public void Random_instances_should_never_break_a_capacity_and_should_match_an_exhaustive_search(int maxOptionsForCbc)
    {
        var random = new Random(4711);
        for (var instance = 0; instance < 1_000; instance++)
        {
            var resources = Enumerable.Range(0, random.Next(1, 6)).Select(_ => (Id: Guid.NewGuid(), Units: random.Next(1, 3))).ToArray();
            var people = Enumerable.Range(0, random.Next(1, 6)).Select(p => (IReadOnlyList<Choice<string>>)Enumerable.Range(0, random.Next(0, 4))
                .Select(c => new Choice<string>($"p{p}c{c}", Math.Round(random.NextDouble(), 3),
                    resources.OrderBy(_ => random.Next()).Take(random.Next(1, 3)).Select(r => new Need(r.Id, r.Units)).ToList()))
                .ToList()).ToList();

            var allocation = Allocator.Allocate(people, new Deadline(Plenty, TimeProvider.System), priority: null, maxOptionsForCbc);

            var used = new Dictionary<Guid, int>();
            for (var p = 0; p < people.Count; p++)
            {
                if (allocation.Assignments[p] is not { } chosen) continue;
                var choice = Assert.Single(people[p], c => c.Item == chosen);
                foreach (var need in choice.Needs) used[need.Resource] = used.GetValueOrDefault(need.Resource) + 1;
            }

            foreach (var (id, units) in resources) Assert.True(used.GetValueOrDefault(id) <= units, $"instance {instance}: resource over capacity");
            Assert.True(allocation.Optimal);
            Assert.True(allocation.Placed >= allocation.Greedy.Placed);
            Assert.Equal(Exhaustive(people, resources.ToDictionary(r => r.Id, r => r.Units)), allocation.Objective, 3);
        }
    }

    [Fact]
    public void The_same_cohort_should_get_the_same_allocation()
    {
        var random = new Random(7);
        var courses = Enumerable.Range(0, 30).Select(_ => Guid.NewGuid()).ToArray();
        var people = Enumerable.Range(0, 200).Select(p => (IReadOnlyList<Choice<string>>)Enumerable.Range(0, 5)
            .Select(c => new Choice<string>($"p{p}c{c}", 0.5, [new Need(courses[random.Next(courses.Length)], 3)])).ToList()).ToList();

        var first = Allocator.Allocate(people, Plenty, TimeProvider.System);
        var second = Allocator.Allocate(people, Plenty, TimeProvider.System);

        Assert.Equal(first.Assignments, second.Assignments);
    }

    private static Choice<string> Take(string name, double score, params Guid[] resources) =>
        new(name, score, resources.Select(r => new Need(r, 1)).ToList());

    // The best (people + 1) · placed + Σ score by trying every choice.
    private static double Exhaustive(IReadOnlyList<IReadOnlyList<Choice<string>>> people, Dictionary<Guid, int> left)
    {
        return Best(0);

        double Best(int person)
        {
            if (person == people.Count) return 0;
            var best = Best(person + 1);
            foreach (var choice in people[person])
            {
                if (!choice.Needs.All(n => left[n.Resource] > 0)) continue;
                foreach (var need in choice.Needs) left[need.Resource]--;
                best = Math.Max(best, people.Count + 1 + Math.Round(choice.Score, 3) + Best(person + 1));
                foreach (var need in choice.Needs) left[need.Resource]++;
            }

            return best;
        }
    }
}

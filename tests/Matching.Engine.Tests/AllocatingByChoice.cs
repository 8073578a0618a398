using Matching.Vocabulary;

namespace Matching.Engine.Tests;

/// <summary>Cohorts whose people ranked their choices, and integration-course seats that go to those who come first.</summary>
public sealed class AllocatingByChoice
{
    private static Deadline Plenty => new(TimeSpan.FromMinutes(1), TimeProvider.System);

    private static Choice<string> Take(string item, double score, int? rank, params Guid[] resources) =>
        new(item, score, resources.Select(resource => new Need(resource, 1)).ToList(), rank);

    [Fact]
    public void More_first_choices_should_come_before_a_higher_score()
    {
        // Anna ranked X first and Y second, Ben only X; a higher total score would give X to Anna and Y to Ben.
        var (x, y) = (Guid.NewGuid(), Guid.NewGuid());
        var anna = new[] { Take("anna→X", 0.9, 1, x), Take("anna→Y", 0.2, 2, y) };
        var ben = new[] { Take("ben→X", 0.1, 1, x), Take("ben→Y", 0.9, null, y) };

        var allocation = Allocator.Allocate([anna, ben], Plenty);

        Assert.Equal(["anna→Y", "ben→X"], allocation.Assignments);
        Assert.True(allocation.Optimal);
    }

    [Fact]
    public void Placing_more_people_should_still_come_before_first_choices()
    {
        var (x, y) = (Guid.NewGuid(), Guid.NewGuid());
        var anna = new[] { Take("anna→X", 0.9, 1, x), Take("anna→Y", 0.5, null, y) };
        var ben = new[] { Take("ben→X", 0.9, 1, x) };
        var cem = new[] { Take("cem→Y", 0.9, 1, y) };

        var allocation = Allocator.Allocate([anna, ben, cem], Plenty);

        // Only two of three can be placed, each on their first choice; who is left out is the score's call.
        Assert.Equal(2, allocation.Placed);
        Assert.Contains("ben→X", allocation.Assignments);
        Assert.Contains("cem→Y", allocation.Assignments);
    }

    /// <summary>Small random cohorts against every possible allocation: placed, then each rank's count, then the score.</summary>
    /// <param name="maxOptionsForCbc">The usual way, or 0: every group the way of one too large for CBC (placed first
    /// through the LP relaxation, then SCIP).</param>
    [Theory]
    [InlineData(100_000)]
    [InlineData(0)]
    public void The_allocation_should_be_rank_maximal_as_exhaustive_search_finds(int maxOptionsForCbc)
    {
        var random = new Random(2027);
        for (var run = 0; run < 150; run++)
        {
            var instance = Instance(random, people: random.Next(2, 6));
            var allocation = Allocator.Allocate(instance.People, Plenty, priority: null, maxOptionsForCbc);

            var best = Exhaustive(instance, strict: null);
            Assert.True(allocation.Optimal);
            Assert.True(allocation.RankMaximal);
            Assert.Equal(Key(instance, best), Key(instance, Indexes(instance, allocation.Assignments)));
        }
    }

    /// <summary>The way of large groups, with the time up around the end of the relaxation's rounding or while the chains
    /// of exchanges are looked for after it (the clock jumps at its 6th, 9th or 20th reading): what the rounding and the
    /// exchanges gave is the answer, and it must fit. An exchange that overfills a resource fails it.</summary>
    [Theory]
    [InlineData(6)]
    [InlineData(9)]
    [InlineData(20)]
    public void The_relaxations_own_answer_should_never_break_a_capacity_nor_place_fewer_than_greedy(int readings)
    {
        var random = new Random(2028);
        var beatGreedy = 0;
        for (var run = 0; run < 150; run++)
        {
            var instance = Instance(random, people: random.Next(2, 7));
            var allocation = Allocator.Allocate(instance.People, new Deadline(TimeSpan.FromMinutes(1), JumpingClock.After(readings)),
                priority: null, maxOptionsForCbc: 0);

            var given = Indexes(instance, allocation.Assignments);
            Assert.True(Fits(instance, given), $"run {run}: a resource over capacity");
            Assert.True(allocation.Placed >= allocation.Greedy.Placed, $"run {run}: fewer placed than greedy");
            if (allocation.Placed > allocation.Greedy.Placed) beatGreedy++;
        }

        Assert.True(beatGreedy > 0, "the relaxation never placed more than greedy: its way was not taken");
    }

    /// <summary>A group small enough for CBC whose relaxation took long against the time left (a clock a second on at each
    /// reading: two seconds for the relaxation, seven left of twelve) is placed through the relaxation, which proves the
    /// most people placed, and no solver is started, which would not prove anything in time. First come, first served
    /// gives Anna X and leaves Ben out; with time to spare, CBC proves the optimum.</summary>
    [Fact]
    public void A_group_whose_relaxation_took_long_against_the_time_left_should_be_placed_through_it_without_a_solver()
    {
        var (x, z) = (Guid.NewGuid(), Guid.NewGuid());
        var anna = new[] { Take("anna→X", 0.9, null, x), Take("anna→Z", 0.5, null, z) };
        var ben = new[] { Take("ben→X", 0.9, null, x) };

        var hurried = Allocator.Allocate([anna, ben], new Deadline(TimeSpan.FromSeconds(12), new SteppingClock()));
        var unhurried = Allocator.Allocate([anna, ben], Plenty);

        Assert.Equal(["anna→Z", "ben→X"], hurried.Assignments);
        Assert.True(hurried.RankMaximal, "the most people placed, proven by the relaxation");
        Assert.False(hurried.Optimal);
        Assert.True(unhurried.Optimal);
        Assert.Equal(1, unhurried.Greedy.Placed);
    }

    /// <summary>Anna holds her second choice Z; her first, X, is Ben's first choice and full. Ben can take W, also a first
    /// choice of his, which Cem holds without having ranked it; V has room for Cem. Two exchanges give Anna her first
    /// choice and cost no one a rank.</summary>
    [Fact]
    public void A_chain_of_exchanges_should_give_someone_their_first_choice_when_no_one_loses_theirs()
    {
        var (x, z, w, v) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var anna = new[] { Take("anna→X", 0.5, 1, x), Take("anna→Z", 0.5, 2, z) };
        var ben = new[] { Take("ben→X", 0.5, 1, x), Take("ben→W", 0.5, 1, w) };
        var cem = new[] { Take("cem→W", 0.9, null, w), Take("cem→V", 0.1, null, v) };

        var moved = Allocator.MovedToBetterRanks<string>([anna, ben, cem], [1, 0, 0]);

        Assert.Equal([0, 1, 1], moved);
    }

    [Fact]
    public void No_exchange_should_give_one_person_a_first_choice_at_the_cost_of_another_persons()
    {
        var (x, z, y) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var anna = new[] { Take("anna→X", 0.9, 1, x), Take("anna→Z", 0.1, 2, z) };
        var ben = new[] { Take("ben→X", 0.1, 1, x), Take("ben→Y", 0.9, null, y) };

        var moved = Allocator.MovedToBetterRanks<string>([anna, ben], [1, 0]);

        Assert.Equal([1, 0], moved);
    }

    /// <summary>From random allocations that fit (under a strict priority, with people left out until no blocking pair is
    /// left): what the exchanges make of them still fits, keeps everyone placed who was, makes no blocking pair under a
    /// strict priority, and is never worse in the rank-maximal order; over the runs, they improve some.</summary>
    [Theory]
    [InlineData(false, 1881)]
    [InlineData(true, 1882)]
    public void Exchanges_should_keep_to_the_capacities_and_everyone_placed_make_no_blocking_pair_and_never_lose(bool strict, int seed)
    {
        var random = new Random(seed);
        var improved = 0;
        for (var run = 0; run < 500; run++)
        {
            var instance = Instance(random, people: random.Next(2, 9));
            var priority = strict ? new Priority(instance.Order, instance.Resources.ToHashSet(), Strict: true) : null;
            var start = RandomAllocation(instance, random);
            while (strict && BlockingPairs(instance, start) is [var (_, holder, _), ..]) start[holder] = -1;

            var moved = Allocator.MovedToBetterRanks(instance.People, start, priority);

            if (strict) Assert.Empty(BlockingPairs(instance, moved));
            Assert.True(Fits(instance, moved), $"run {run}: a resource over capacity");
            for (var p = 0; p < start.Length; p++)
                Assert.True(start[p] < 0 || moved[p] >= 0, $"run {run}: person {p} lost their placement");
            var gain = Compare(Key(instance, moved), Key(instance, start));
            Assert.True(gain >= 0, $"run {run}: worse in the rank-maximal order");
            if (gain > 0) improved++;
        }

        Assert.True(improved > 50, $"the exchanges improved only {improved} of 500 allocations");
    }

    /// <summary>Ben comes before Anna. Anna could have her first choice X if Ben, who holds X as his second, took Y, which
    /// he did not rank: more first choices, but Ben would then have ranked X above what he got while Anna, after him, holds
    /// it — a blocking pair, so under a strict priority the exchange is not made.</summary>
    [Fact]
    public void No_exchange_under_a_strict_priority_should_leave_someone_who_comes_first_wanting_what_they_gave_up()
    {
        var (x, y, z, w) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var cem = new[] { Take("cem→Z", 0.5, 1, z) };
        var ben = new[] { Take("ben→Z", 0.5, 1, z), Take("ben→X", 0.5, 2, x), Take("ben→Y", 0.5, null, y) };
        var anna = new[] { Take("anna→X", 0.5, 1, x), Take("anna→W", 0.5, 2, w) };
        var strict = new Priority([0, 1, 2], new HashSet<Guid> { x, y, z, w }, Strict: true);

        Assert.Equal([0, 1, 1], Allocator.MovedToBetterRanks<string>([cem, ben, anna], [0, 1, 1], strict));
        // Without the priority, the exchange is made.
        Assert.Equal([0, 2, 0], Allocator.MovedToBetterRanks<string>([cem, ben, anna], [0, 1, 1]));
    }

    /// <summary>Anna, who comes first, is not placed; she did not rank X, which has two seats, held by Ben (his second
    /// choice) and Dana. Ben could give his seat to Anna and take Y: one more placed, but Ben would then have ranked X
    /// above what he got while Dana, after him, holds it.</summary>
    [Fact]
    public void No_exchange_under_a_strict_priority_should_leave_someone_wanting_what_someone_after_them_holds()
    {
        var (x, y) = (Guid.NewGuid(), Guid.NewGuid());
        var anna = new[] { new Choice<string>("anna→X", 0.5, [new Need(x, 2)]) };
        var ben = new[] { new Choice<string>("ben→X", 0.5, [new Need(x, 2)], 2), Take("ben→Y", 0.5, null, y) };
        var dana = new[] { new Choice<string>("dana→X", 0.5, [new Need(x, 2)], 1) };
        var strict = new Priority([0, 1, 2], new HashSet<Guid> { x, y }, Strict: true);

        Assert.Equal([-1, 0, 0], Allocator.MovedToBetterRanks<string>([anna, ben, dana], [-1, 0, 0], strict));
        Assert.Equal([0, 1, 0], Allocator.MovedToBetterRanks<string>([anna, ben, dana], [-1, 0, 0]));
    }

    [Fact]
    public void An_exchange_should_place_someone_left_out_when_no_one_loses_their_place()
    {
        // Anna holds X, which Ben also could take; Anna could take Y instead.
        var (x, y) = (Guid.NewGuid(), Guid.NewGuid());
        var anna = new[] { Take("anna→X", 0.9, 1, x), Take("anna→Y", 0.5, 2, y) };
        var ben = new[] { Take("ben→X", 0.9, null, x) };

        var moved = Allocator.MovedToBetterRanks<string>([anna, ben], [0, -1]);

        Assert.Equal([1, 0], moved);
    }

    /// <summary>People in a random order, each taking a random choice that still fits, or none.</summary>
    private static int[] RandomAllocation(Small instance, Random random)
    {
        var given = Enumerable.Repeat(-1, instance.People.Count).ToArray();
        foreach (var p in Enumerable.Range(0, given.Length).OrderBy(_ => random.Next()))
        {
            var choice = random.Next(-1, instance.People[p].Count);
            given[p] = choice;
            if (!Fits(instance, given)) given[p] = -1;
        }
        return given;
    }

    /// <summary>With a strict priority no blocking pair is left, and nothing strict-feasible is better.</summary>
    [Fact]
    public void A_strict_priority_should_leave_no_blocking_pair_and_be_the_best_such_allocation()
    {
        var random = new Random(4711);
        for (var run = 0; run < 150; run++)
        {
            var instance = Instance(random, people: random.Next(2, 6));
            var priority = new Priority(instance.Order, instance.Resources.ToHashSet(), Strict: true);

            var allocation = Allocator.Allocate(instance.People, Plenty, priority);
            var given = Indexes(instance, allocation.Assignments);

            Assert.Empty(BlockingPairs(instance, given));
            Assert.Equal(Key(instance, Exhaustive(instance, strict: instance.Order)), Key(instance, given));
        }
    }

    /// <summary>When the solver has no time at all, what is given instead still leaves no blocking pair.</summary>
    [Fact]
    public void A_strict_priority_should_leave_no_blocking_pair_even_without_time_to_solve()
    {
        var random = new Random(1701);
        for (var run = 0; run < 150; run++)
        {
            var instance = Instance(random, people: random.Next(2, 8));
            var priority = new Priority(instance.Order, instance.Resources.ToHashSet(), Strict: true);

            var allocation = Allocator.Allocate(instance.People, new Deadline(TimeSpan.Zero, TimeProvider.System), priority);

            Assert.Empty(BlockingPairs(instance, Indexes(instance, allocation.Assignments)));
            Assert.True(Fits(instance, Indexes(instance, allocation.Assignments)));
        }
    }

    [Fact]
    public void Someone_obliged_to_attend_should_come_first_for_an_integration_course_seat_under_a_strict_priority()
    {
        // One seat in an integration course in Hochfeld. Ben, not obliged, lives nearer and scores higher; Anna is obliged.
        // Both rank it first; Anna also has a job she did not rank.
        var course = Given.Course("Integrationskurs") with { Kind = CourseKind.Integration, SeatsFree = 1, LevelFrom = Level.A1, LevelTo = Level.B1 };
        var job = Given.Opening() with { MinLevel = Level.A1 };
        using var catalog = new World(course, job).Catalog();
        var anna = Given.Person(Level.A1) with
        {
            Reference = "anna", Location = Places.Oberhausen, MaxDistanceKm = 30, Occupations = ["93"],
            Admission = new Admission(IntegrationCourse: IntegrationCourseStatus.Obliged),
        };
        var ben = Given.Person(Level.A1) with { Reference = "ben", Occupations = ["5"] };
        Applicant[] cohort = [new(ben, [new Pick(course.Id, null)]), new(anna, [new Pick(course.Id, null)])];

        var lenient = Cohort.Allocate(catalog, cohort, 50, Plenty, strictPriority: false);
        var strict = Cohort.Allocate(catalog, cohort, 50, Plenty, strictPriority: true);

        Assert.Equal(course.Id, lenient.Allocation.Assignments[0]!.Course!.Id); // ben, by score
        Assert.Equal(new BlockingPair(Person: 1, HeldBy: 0, course.Id), Assert.Single(lenient.Choices.BlockingPairs));
        Assert.Equal(course.Id, strict.Allocation.Assignments[1]!.Course!.Id); // anna, by priority
        Assert.Empty(strict.Choices.BlockingPairs);
        Assert.Equal([1], strict.Choices.ByChoice);
    }

    [Fact]
    public void Among_equals_the_one_waiting_longest_should_come_first()
    {
        var course = Given.Course("Integrationskurs") with { Kind = CourseKind.Integration, SeatsFree = 1 };
        using var catalog = new World(course).Catalog();
        var person = Given.Person();
        Applicant[] cohort =
        [
            new(person with { Reference = "since-march" }, [new Pick(course.Id, null)], new DateOnly(2026, 3, 1)),
            new(person with { Reference = "since-january" }, [new Pick(course.Id, null)], new DateOnly(2026, 1, 1)),
        ];

        var strict = Cohort.Allocate(catalog, cohort, 50, Plenty, strictPriority: true);

        Assert.Null(strict.Allocation.Assignments[0]);
        Assert.Equal(course.Id, strict.Allocation.Assignments[1]!.Course!.Id);
        Assert.Equal(new BlockingPair(1, 0, course.Id), Assert.Single(strict.GreedyChoices.BlockingPairs)); // first come, first served
    }

    [Fact]
    public void A_choice_ranked_below_the_candidates_drawn_should_still_be_allocated()
    {
        var world = new World();
        for (var i = 0; i < 5; i++) world.Add(Given.Course($"Nah {i}"));
        var far = Given.Course("Weiter weg", at: Places.Oberhausen);
        world.Add(far);
        using var catalog = world.Catalog();

        var allocation = Cohort.Allocate(catalog, [new Applicant(Given.Person(), [new Pick(far.Id, null)])], 2, Plenty, strictPriority: false);

        Assert.Equal(far.Id, allocation.Allocation.Assignments[0]!.Course!.Id);
        Assert.Equal([1], allocation.Choices.ByChoice);
    }

    // --- small instances and exhaustive search ---

    private sealed record Small(List<IReadOnlyList<Choice<string>>> People, Guid[] Resources, int[] Capacity, int[] Order);

    private static Small Instance(Random random, int people)
    {
        var resources = Enumerable.Range(0, random.Next(2, 5)).Select(_ => Guid.NewGuid()).ToArray();
        var capacity = resources.Select(_ => random.Next(1, 3)).ToArray();
        var list = new List<IReadOnlyList<Choice<string>>>();
        for (var p = 0; p < people; p++)
        {
            var count = random.Next(1, 4);
            var ranks = Enumerable.Range(1, count).OrderBy(_ => random.Next()).ToArray();
            list.Add(Enumerable.Range(0, count).Select(c =>
            {
                var used = resources.Select((r, i) => (r, i)).Where(_ => random.NextDouble() < 0.4).DefaultIfEmpty((r: resources[c % resources.Length], i: c % resources.Length)).ToList();
                return new Choice<string>($"p{p}c{c}", Math.Round(random.NextDouble(), 3),
                    used.Select(u => new Need(u.r, capacity[u.i])).ToList(), random.NextDouble() < 0.7 ? ranks[c] : null);
            }).ToList());
        }
        return new Small(list, resources, capacity, Enumerable.Range(0, people).Select(_ => random.Next(0, 3)).ToArray());
    }

    private static int[] Indexes(Small instance, IReadOnlyList<string?> assignments) =>
        assignments.Select((item, p) => item is null ? -1 : instance.People[p].ToList().FindIndex(c => c.Item == item)).ToArray();

    private static int[] Exhaustive(Small instance, int[]? strict)
    {
        int[]? best = null;
        var given = new int[instance.People.Count];
        Visit(0);
        return best!;

        void Visit(int person)
        {
            if (person == given.Length)
            {
                if (Fits(instance, given) && (strict is null || BlockingPairs(instance, given).Count == 0)
                    && (best is null || Compare(Key(instance, given), Key(instance, best)) > 0))
                    best = (int[])given.Clone();
                return;
            }
            for (var option = -1; option < instance.People[person].Count; option++)
            {
                given[person] = option;
                Visit(person + 1);
            }
        }
    }

    private static bool Fits(Small instance, int[] given)
    {
        var used = new Dictionary<Guid, int>();
        for (var p = 0; p < given.Length; p++)
            if (given[p] >= 0)
                foreach (var need in instance.People[p][given[p]].Needs)
                    if ((used[need.Resource] = used.GetValueOrDefault(need.Resource) + 1) > need.Available) return false;
        return true;
    }

    private static int RankGiven(Small instance, int[] given, int p) =>
        given[p] >= 0 && instance.People[p][given[p]].Rank is int rank ? rank : int.MaxValue;

    /// <summary>(person, holder, resource): the person ranked an option using the resource above what they got; the holder,
    /// who comes after them, uses it.</summary>
    private static List<(int, int, Guid)> BlockingPairs(Small instance, int[] given)
    {
        var pairs = new List<(int, int, Guid)>();
        for (var p = 0; p < given.Length; p++)
            foreach (var wanted in instance.People[p].Where(c => c.Rank is int rank && rank < RankGiven(instance, given, p)))
                foreach (var need in wanted.Needs)
                    for (var q = 0; q < given.Length; q++)
                        if (instance.Order[q] > instance.Order[p] && given[q] >= 0 && instance.People[q][given[q]].Needs.Any(n => n.Resource == need.Resource))
                            pairs.Add((p, q, need.Resource));
        return pairs;
    }

    private static long[] Key(Small instance, int[] given)
    {
        var key = new long[5]; // placed, 1st, 2nd, 3rd choices, points
        for (var p = 0; p < given.Length; p++)
        {
            if (given[p] < 0) continue;
            var choice = instance.People[p][given[p]];
            key[0]++;
            if (choice.Rank is int rank) key[rank]++;
            key[4] += (long)Math.Round(choice.Score * 1000);
        }
        return key;
    }

    private static int Compare(long[] a, long[] b)
    {
        for (var i = 0; i < a.Length; i++)
            if (a[i] != b[i]) return a[i].CompareTo(b[i]);
        return 0;
    }
}

/// <summary>A clock a second on at each reading.</summary>
internal sealed class SteppingClock : TimeProvider
{
    private long readings;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Increment(ref readings) * TimeSpan.TicksPerSecond;
}

using Google.OrTools.LinearSolver;

namespace Matching.Engine;

/// <summary>One unit of something scarce a choice needs: a seat of a course, a position of an opening or a unit of an agreement's quota.</summary>
/// <param name="Resource">The course, opening or agreement id.</param>
/// <param name="Available">How many units are left.</param>
public readonly record struct Need(Guid Resource, int Available);

/// <summary>What one person could be given: the item, its score, what it uses and, if the person ranked it among their
/// choices, where (1 = first choice).</summary>
public sealed record Choice<T>(T Item, double Score, IReadOnlyList<Need> Needs, int? Rank = null);

/// <summary>Who comes first for the <paramref name="Contested"/> resources (integration-course seats): the lower a
/// person's <paramref name="Order"/>, the sooner; equal orders are equals.</summary>
/// <param name="Strict">Whether to allow no blocking pair: no one may hold a contested resource that a person who comes
/// first ranked above what that person was given.</param>
public sealed record Priority(IReadOnlyList<int> Order, IReadOnlySet<Guid> Contested, bool Strict);

/// <summary>Who gets what: one entry per person (null: not placed).</summary>
/// <param name="Optimal">Proven best in every goal, the total score included.</param>
/// <param name="RankMaximal">Proven to place as many people as can be placed and then, among those allocations, to give
/// as many as possible their first choice, then their second, …; only the score may then still be improvable.</param>
public sealed record Allocation<T>(
    IReadOnlyList<T?> Assignments,
    int Placed,
    double Objective,
    double Bound,
    bool Optimal,
    bool RankMaximal,
    AllocationSummary<T> Greedy) where T : class;

/// <summary>A baseline allocation: how many it places, its objective, and who gets what.</summary>
public sealed record AllocationSummary<T>(int Placed, double Objective, IReadOnlyList<T?> Assignments) where T : class;

/// <summary>
/// Gives each person at most one of their choices so that no course, opening or agreement is used beyond
/// what it has left, maximising first the number of people placed, then the total score.
/// <para>
/// When people ranked some of their choices, the allocation is rank-maximal: as many people placed as possible, then as
/// many as possible on their first choice, then their second, …, then the total score. The counts are weighed in one
/// objective, each worth more than everything after it (placed · b³ + first · b² + second · b + third, b = people + 1), as
/// many at a time as keep the largest total exact in a double; the score, whose range would not fit beside them, is a
/// goal of its own, solved with the counts reached held as a constraint. With a strict <see cref="Priority"/>, no
/// blocking pair is allowed.
/// </para>
/// <para>
/// Both goals are one objective, <c>(people + 1) · placed + Σ score</c>: a placement is worth more
/// than any possible score total, so the order is strict. The model is an integer program solved
/// with CBC or SCIP (OR-Tools; which one, and why, see <c>SolverFor</c>), after three reductions that cannot lose an optimum:
/// a choice is dropped when the same person has another that needs a subset of its resources
/// and scores at least as well; a resource whose choices come from no more people than it has
/// units can never run out, so it gets no constraint; and people who share no constrained resource
/// are solved apart (most people in a city need no solver at all). A group too large for CBC, or one whose LP
/// relaxation shows that CBC would not prove anything in the time left, is first placed through that relaxation, which
/// proves how many people it can place (see <c>PlaceByRelaxation</c>); every group's starting
/// point is improved by chains of exchanges, which place more people and raise ranks (see <c>MoveToBetterRanks</c>).
/// </para>
/// The greedy answer (people in order, each taking their best choice still available) is computed
/// first, handed to the solver as a hint and kept whenever the solver does not beat it in time; once the
/// deadline has passed, no group is handed to the solver any more.
/// </summary>
/// <remarks>The engine reads no clock of its own: the caller's deadline tells how much time is left.</remarks>
public static partial class Allocator
{
    private const int PointsPerScore = 1000;

    /// <param name="timeLimit">How long the solver may think, over all groups of people together.</param>
    /// <param name="clock">Measures the time taken against <paramref name="timeLimit"/>.</param>
    public static Allocation<T> Allocate<T>(IReadOnlyList<IReadOnlyList<Choice<T>>> people, TimeSpan timeLimit, TimeProvider clock)
        where T : class =>
        Allocate(people, new Deadline(timeLimit, clock));

    /// <param name="deadline">When the solver must stop, over all groups of people together: what it has not solved by
    /// then keeps the greedy answer, and the allocation is not <see cref="Allocation{T}.Optimal"/>.</param>
    /// <param name="priority">Who comes first for contested resources; only a strict one changes the allocation.</param>
    public static Allocation<T> Allocate<T>(IReadOnlyList<IReadOnlyList<Choice<T>>> people, Deadline deadline, Priority? priority = null)
        where T : class =>
        Allocate(people, deadline, priority, MaxOptionsForCbc);

    /// <summary>How much of the time left chains of exchanges may take before the solver, without a strict priority.</summary>
    private const double ShareForExchanges = 0.25;

    /// <summary>How many times as long as the LP relaxation took must be left for a solver to be started after it (and for
    /// a group CBC could take to go to CBC rather than through the relaxation). A solver needs about four times as long to
    /// prove anything. CBC proved the regional 2,000's counts in 1.6 s after a relaxation of 0.4 s (6.4–8.3 times as long
    /// left in six runs, once under 5, before the exchanges' quarter), and returned nothing on the scarce 2,000 with 2.4
    /// times as long left (4.1 s after it was started for 2.6 s; 2.2–4.1 times in six runs, at most 3.1 once the quarter is
    /// taken). SCIP found nothing better than its start on the regional 5,000 (a relaxation of 6 s) with 2.8 times as
    /// long, nor with 3.7 times (unranked). Measured with <c>dotnet run -c Release --project tests/Benchmarks -- choices</c>.</summary>
    private const int RelaxationsForSolver = 4;

    /// <summary>Groups with more options than this are too large for CBC: without a strict priority they are placed through
    /// their LP relaxation and then, time permitting, go to SCIP; under one, chains of exchanges alone place them.</summary>
    private const int MaxOptionsForCbc = 100_000;

    /// <param name="maxOptionsForCbc">See <see cref="MaxOptionsForCbc"/>; tests give 0 to send small groups the way of large ones.</param>
    internal static Allocation<T> Allocate<T>(IReadOnlyList<IReadOnlyList<Choice<T>>> people, Deadline deadline, Priority? priority,
        int maxOptionsForCbc)
        where T : class
    {
        var model = Model<T>.Build(people, priority is { Strict: true } ? priority : null, maxOptionsForCbc);
        var greedy = model.Greedy();
        // Under a strict priority, what the solver falls back on must leave no blocking pair, as plain greedy may.
        var fallback = priority is { Strict: true } ? model.GreedyWithoutBlockingPairs() : greedy;

        var chosen = (int[])fallback.Clone();
        // What each group starts from: the fallback, or what the group's LP relaxation found where that is better.
        var start = (int[])fallback.Clone();
        long bound = 0;
        var (optimal, rankMaximal) = (true, true);
        foreach (var component in model.Components())
        {
            var solved = model.Solve(component, start, deadline);
            foreach (var (person, option) in solved.Choice) chosen[person] = option;
            bound += solved.Bound;
            optimal &= solved.Optimal;
            rankMaximal &= solved.RankMaximal;
        }

        var assignments = chosen.Select((option, person) => option < 0 ? null : model.Item(person, option)).ToList();
        var value = model.Value(chosen);
        return new Allocation<T>(
            assignments,
            model.PlacedCount(chosen),
            model.Report(value),
            model.Report(Math.Max(bound, value)),
            optimal,
            rankMaximal,
            new AllocationSummary<T>(model.PlacedCount(greedy), model.Report(model.Value(greedy)),
                greedy.Select((option, person) => option < 0 ? null : model.Item(person, option)).ToList()));
    }

    /// <summary>One group's choice (person, option; option −1: not placed), its proven bound, and what is proven of it.</summary>
    private readonly record struct Solved(IEnumerable<(int Person, int Option)> Choice, long Bound, bool Optimal, bool RankMaximal);

    /// <summary>The choices reduced to integers: resource indexes and score points.</summary>
    private sealed partial class Model<T> where T : class
    {
        private readonly List<Option>[] options;
        private readonly int[] capacity;
        private readonly bool[] constrained;
        private readonly long placementWeight;
        /// <summary>The ranks people gave, 1 to this; 0 when no one ranked anything.</summary>
        private readonly int ranks;
        /// <summary>A strict priority, with its contested resources as indexes; null when there is none.</summary>
        private readonly (IReadOnlyList<int> Order, Wanted[][] Wants)? strict;
        /// <summary>Under a strict priority, whether anyone ranked each resource while it is contested.</summary>
        private readonly bool[] wanted;
        private readonly int maxOptionsForCbc;

        /// <summary>A contested resource a person ranked, at the best rank of the options that use it (those dropped as
        /// dominated included: the person ranked them all the same).</summary>
        private readonly record struct Wanted(int Resource, int Rank);

        private Model(List<Option>[] options, int[] capacity, bool[] constrained, (IReadOnlyList<int>, Wanted[][])? strict,
            int maxOptionsForCbc)
        {
            this.maxOptionsForCbc = maxOptionsForCbc;
            this.options = options;
            this.capacity = capacity;
            this.constrained = constrained;
            this.strict = strict;
            wanted = new bool[capacity.Length];
            if (strict is { } priority)
                foreach (var want in priority.Item2.SelectMany(list => list)) wanted[want.Resource] = true;
            placementWeight = (long)PointsPerScore * (options.Length + 1);
            ranks = options.SelectMany(list => list).Select(option => option.Rank).Where(rank => rank != Unranked).DefaultIfEmpty(0).Max();
        }

        /// <summary>The rank of an option the person did not rank: after every rank given.</summary>
        private const int Unranked = int.MaxValue;

        private sealed record Option(int Index, T Item, int Points, int[] Resources, int Rank);

        public static Model<T> Build(IReadOnlyList<IReadOnlyList<Choice<T>>> people, Priority? strict, int maxOptionsForCbc)
        {
            var resourceIndex = new Dictionary<Guid, int>();
            var capacity = new List<int>();
            var options = new List<Option>[people.Count];
            var wanted = new List<(Guid Resource, int Rank)>[people.Count];
            for (var person = 0; person < people.Count; person++)
            {
                var list = new List<Option>();
                var ranked = new List<(Guid Resource, int Rank)>();
                for (var i = 0; i < people[person].Count; i++)
                {
                    var choice = people[person][i];
                    var resources = new int[choice.Needs.Count];
                    var usable = true;
                    for (var n = 0; n < resources.Length; n++)
                    {
                        var need = choice.Needs[n];
                        if (!resourceIndex.TryGetValue(need.Resource, out var r))
                        {
                            resourceIndex[need.Resource] = r = capacity.Count;
                            capacity.Add(need.Available);
                        }

                        capacity[r] = Math.Min(capacity[r], need.Available);
                        resources[n] = r;
                    }

                    for (var n = 0; n < resources.Length; n++) usable &= capacity[resources[n]] > 0;
                    if (usable)
                        list.Add(new Option(i, choice.Item, (int)Math.Round(Math.Clamp(choice.Score, 0, 1) * PointsPerScore), resources,
                            choice.Rank is int rank and > 0 ? rank : Unranked));
                }

                // Best first — the person's own ranking, then the score; ties by the order the caller gave, so the answer is
                // deterministic.
                list.Sort((a, b) => a.Rank != b.Rank ? a.Rank.CompareTo(b.Rank)
                    : a.Points != b.Points ? b.Points.CompareTo(a.Points) : a.Index.CompareTo(b.Index));
                options[person] = WithoutDominated(list);
                foreach (var choice in people[person].Where(choice => choice.Rank is > 0))
                    ranked.AddRange(choice.Needs.Select(need => (need.Resource, choice.Rank!.Value)));
                wanted[person] = ranked;
            }

            var contested = strict is null ? null : ContestedIndexes(strict.Contested, resourceIndex, capacity.Count);
            var wants = contested is null ? null : wanted.Select(list => list
                .Where(want => contested[resourceIndex[want.Resource]])
                .GroupBy(want => resourceIndex[want.Resource], (r, ranks) => new Wanted(r, ranks.Min(want => want.Rank)))
                .ToArray()).ToArray();
            return new Model<T>(options, capacity.ToArray(), Constrained(options, capacity, contested),
                strict is null ? null : (strict.Order, wants!), maxOptionsForCbc);
        }

        private static bool[] ContestedIndexes(IReadOnlySet<Guid> contested, Dictionary<Guid, int> resourceIndex, int count)
        {
            var indexes = new bool[count];
            foreach (var (resource, r) in resourceIndex) indexes[r] = contested.Contains(resource);
            return indexes;
        }

        // An option is dominated when an option listed before it (so ranked and scoring at least as well: lexicographically
        // no worse) needs a subset of its resources.
        // Options need one to three resources (a seat, a position, quota): the subsets of each are looked up among the sets
        // kept, rather than every option kept compared with every later one (a person may have hundreds).
        private static List<Option> WithoutDominated(List<Option> sorted)
        {
            var kept = new List<Option>(sorted.Count);
            var keptSets = new HashSet<long>();
            Span<long> subsets = stackalloc long[1 << MaxPackedResources];
            foreach (var option in sorted)
            {
                var packed = Packed(option.Resources, subsets);
                var dominated = packed is { } count
                    ? AnyOf(subsets[..count], keptSets)
                    : kept.Exists(better => Array.TrueForAll(better.Resources, r => Array.IndexOf(option.Resources, r) >= 0));
                if (dominated)
                    continue;
                kept.Add(option);
                if (packed is { } all)
                    keptSets.Add(subsets[all - 1]);
            }
            return kept;
        }

        private static bool AnyOf(ReadOnlySpan<long> subsets, HashSet<long> sets)
        {
            foreach (var subset in subsets)
                if (sets.Contains(subset)) return true;
            return false;
        }

        private const int MaxPackedResources = 3;
        private const int BitsPerResource = 21;

        /// <summary>Writes every subset of the resources (the whole set last) as one number each; null when there are too
        /// many resources, or too high an index, to pack.</summary>
        private static int? Packed(int[] resources, Span<long> subsets)
        {
            if (resources.Length > MaxPackedResources)
                return null;
            Span<int> sorted = stackalloc int[resources.Length];
            resources.CopyTo(sorted);
            sorted.Sort();
            if (sorted.Length > 0 && sorted[^1] >= (1 << BitsPerResource) - 1)
                return null;

            var count = 1 << sorted.Length;
            for (var mask = 0; mask < count; mask++)
            {
                long packed = 0;
                for (var i = 0; i < sorted.Length; i++)
                    if ((mask & (1 << i)) != 0) packed = (packed << BitsPerResource) | (sorted[i] + 1L);
                subsets[mask] = packed;
            }
            return count;
        }

        // A resource can run out only when more people could use it than it has units. Under a strict priority, contested
        // resources count as constrained too, so that the people who want them are solved together.
        private static bool[] Constrained(List<Option>[] options, List<int> capacity, bool[]? contested)
        {
            var people = new int[capacity.Count];
            var lastPerson = Enumerable.Repeat(-1, capacity.Count).ToArray();
            for (var person = 0; person < options.Length; person++)
                foreach (var option in options[person])
                    foreach (var r in option.Resources)
                        if (lastPerson[r] != person) { lastPerson[r] = person; people[r]++; }
            return people.Select((count, r) => count > capacity[r] || contested is not null && contested[r]).ToArray();
        }

        public T Item(int person, int option) => options[person][option].Item;

        public int PlacedCount(int[] chosen) => chosen.Count(option => option >= 0);

        public long Value(int[] chosen) =>
            chosen.Select((option, person) => option < 0 ? 0 : placementWeight + options[person][option].Points).Sum();

        public double Report(long value) => Math.Round((double)value / PointsPerScore, 3);

        /// <summary>First come, best suggestion first: each person in turn takes their best option that still has room.</summary>
        public int[] Greedy()
        {
            var left = (int[])capacity.Clone();
            var chosen = new int[options.Length];
            for (var person = 0; person < options.Length; person++)
            {
                chosen[person] = options[person].FindIndex(option => option.Resources.All(r => left[r] > 0));
                if (chosen[person] >= 0) foreach (var r in options[person][chosen[person]].Resources) left[r]--;
            }

            return chosen;
        }

        /// <summary>Groups of people linked by constrained resources; each group is solved on its own.</summary>
        public IEnumerable<int[]> Components()
        {
            var parent = Enumerable.Range(0, options.Length).ToArray();
            var firstUser = Enumerable.Repeat(-1, capacity.Length).ToArray();
            for (var person = 0; person < options.Length; person++)
                foreach (var option in options[person])
                    foreach (var r in option.Resources.Where(r => constrained[r]))
                        if (firstUser[r] < 0) firstUser[r] = person;
                        else parent[Find(person)] = Find(firstUser[r]);
            // Under a strict priority, whoever ranked a contested resource is solved with those who may use it.
            if (strict is { Wants: var wants })
                for (var person = 0; person < options.Length; person++)
                    foreach (var (r, _) in wants[person])
                        if (firstUser[r] < 0) firstUser[r] = person;
                        else parent[Find(person)] = Find(firstUser[r]);

            return Enumerable.Range(0, options.Length)
                .Where(person => options[person].Count > 0)
                .GroupBy(Find)
                .Select(group => group.ToArray());

            int Find(int x)
            {
                while (parent[x] != x) x = parent[x] = parent[parent[x]];
                return x;
            }
        }

        /// <summary>The best choice for one group of people, its proven bound, and what is proven of it.</summary>
        /// <param name="start">What each person starts from: the fallback, which this may improve for the group's people.</param>
        public Solved Solve(int[] people, int[] start, Deadline deadline)
        {
            if (people.Length == 1 || !people.Any(p => options[p].Any(o => o.Resources.Any(r => constrained[r]))))
            {
                // Nothing here can run out: everyone takes their best option.
                var best = people.Select(p => (p, 0)).ToList();
                return new Solved(best, best.Sum(c => placementWeight + options[c.p][0].Points), Optimal: true, RankMaximal: true);
            }

            if (deadline.Passed)
                return Unproven(people.Select(p => (p, start[p])).ToList(), people);

            // Without a strict priority, the LP relaxation of placing as many as can be comes first. A group too large for
            // CBC, or one whose relaxation took too long for CBC to prove anything in the time left, is placed through it
            // (see PlaceByRelaxation); for the others it only tells how long a solver needs.
            var relaxationTook = TimeSpan.Zero;
            int? mostPlaced = null;
            if (strict is null)
            {
                using var relaxation = Relax(people, deadline);
                relaxationTook = relaxation?.Took ?? TimeSpan.Zero;
                // CBC would have the time left less the exchanges' share before it.
                if (relaxation is not null && (!ForCbc(people) || deadline.Left * (1 - ShareForExchanges) < relaxationTook * RelaxationsForSolver))
                    mostPlaced = PlaceByRelaxation(people, relaxation, start, deadline);
            }

            if (mostPlaced is null)
            {
                // Chains of exchanges place more people and raise ranks, from first come, first served or, under a strict
                // priority, from its fallback, which leaves people out rather than let them block anyone. A strict priority
                // gives them all the time they take, the solver rarely beats them there; otherwise they leave the solver
                // most of it (CBC proves the regional 2,000 rank-maximal in about 3 s).
                var chosen = people.Select(p => (p, start[p])).ToList();
                MoveToBetterRanks(chosen, strict is null ? deadline.Share(ShareForExchanges) : deadline, placeMore: true);
                foreach (var (p, option) in chosen) start[p] = option;
            }
            var fallback = people.Select(p => (p, start[p])).ToList();
            var startValue = people.Sum(p => start[p] < 0 ? 0 : placementWeight + options[p][start[p]].Points);
            // No solver where it cannot help. SCIP overran its limit on a large group's blocking-pair constraints (by 8.5 s
            // of 17 s on 193,215 options) and found nothing better than the fallback. And a solver presolves a group and
            // solves a relaxation at least as large as the LP solved before it can improve on the start: with little more
            // time left than that LP took, it is not started.
            if (strict is not null && !ForCbc(people) || deadline.Left < relaxationTook * RelaxationsForSolver)
                return Unproven(fallback, people, rankMaximal: ranks == 0 && mostPlaced is not null);

            var engine = SolverFor(people);
            var building = deadline.Left;
            var solver = Solver.CreateSolver(engine) ?? throw new InvalidOperationException($"OR-Tools {engine} is not available");
            using var letGo = new LetGo(solver);
            solver.SuppressOutput();
            var variables = people.Select(p => options[p].Select(_ => solver.MakeBoolVar("")).ToArray()).ToArray();
            AddRoom(solver, people, variables, option => placementWeight + option.Points);
            var objective = solver.Objective();
            if (strict is { } priority)
                AddNoBlockingPairs(solver, people, variables, priority.Order, priority.Wants);
            if (mostPlaced is { } most)
            {
                // Proven: the solver need only look among allocations that place as many.
                var placed = solver.MakeConstraint(most, double.PositiveInfinity);
                foreach (var variable in variables.SelectMany(list => list)) placed.SetCoefficient(variable, 1);
            }

            // The solver stops early by as long as building its model took: SCIP returns about that long after its limit
            // (a strict scarce 2,000: built in 0.11–0.16 s, returned 0.13–0.19 s late).
            var solving = deadline.Less(building - deadline.Left);
            if (ranks > 0 || strict is not null)
                return SolveInTurn(solver, people, variables, start, solving);

            var hinted = people.Select((p, i) => (p, i)).Where(x => start[x.p] >= 0).Select(x => variables[x.i][start[x.p]]).ToArray();
            solver.SetHint(hinted, hinted.Select(_ => 1.0).ToArray());
            if (SolveExactly(solver, solving) is not { } status)
                return Unproven(fallback, people);

            if (status is not (Solver.ResultStatus.OPTIMAL or Solver.ResultStatus.FEASIBLE))
                return Unproven(fallback, people);

            var choice = people.Select((p, i) => (p, Array.FindIndex(variables[i], v => v.SolutionValue() > 0.5))).ToList();
            var value = choice.Sum(c => c.Item2 < 0 ? 0 : placementWeight + options[c.p][c.Item2].Points);
            var bound = (long)Math.Floor(objective.BestBound() + 1e-6);
            // No one ranked anything: rank-maximal is placing as many as can be, which the bound (or the relaxation) may prove
            // before the score.
            return value >= startValue
                ? new Solved(choice, Math.Max(bound, value), status == Solver.ResultStatus.OPTIMAL,
                    status == Solver.ResultStatus.OPTIMAL || Math.Max(bound, value) / placementWeight == value / placementWeight
                    || mostPlaced is not null)
                : new Solved(fallback, Math.Max(bound, startValue), Optimal: false,
                    RankMaximal: Math.Max(bound, startValue) / placementWeight == startValue / placementWeight || mostPlaced is not null);
        }

        /// <summary>
        /// CBC proves the usual group fastest (a regional cohort of 2,000 with 77,195 options: rank-maximal in 1.5 s, where
        /// SCIP finds nothing better than greedy in 5 s), but it does not keep its time limit while it presolves a large
        /// model or one with the blocking-pair constraints of a strict priority: 193,215 options took 186 s for a limit of
        /// 17 s, and a strict group of 73,915 options 41.5 s for 3.9 s. SCIP keeps its limit to about a second on both and
        /// reached the same answers. Measured with <c>dotnet run -c Release --project tests/Benchmarks -- choices</c>. A
        /// strict group of 193,215 options no longer goes to SCIP at all: it overran its 17 s by 8.5 s there (session 9).
        /// </summary>
        private string SolverFor(int[] people) => strict is null && ForCbc(people) ? "CBC" : "SCIP";

        private bool ForCbc(IEnumerable<int> people) => people.Sum(p => (long)options[p].Count) <= maxOptionsForCbc;

        /// <summary>The solved LP relaxation of placing as many of a group as can be (each option worth 1, taken in part):
        /// its solver, variables and how long it took. Dispose it.</summary>
        private sealed class Relaxation(Solver lp, Variable[][] variables, TimeSpan took) : IDisposable
        {
            public Variable[][] Variables { get; } = variables;

            public TimeSpan Took { get; } = took;

            /// <summary>No allocation places more people than this.</summary>
            public int Most { get; } = (int)Math.Floor(lp.Objective().Value() + 1e-6);

            public void Dispose() => LetGo.Later(lp);
        }

        /// <summary>Lets a solver go on the thread pool once disposed: the answer need not wait while a large model is
        /// freed (SCIP took 0.3 s for a strict scarce 2,000, after its answer was read).</summary>
        private sealed class LetGo(Solver solver) : IDisposable
        {
            public void Dispose() => Later(solver);

            public static void Later(Solver solver) => ThreadPool.QueueUserWorkItem(static solver => solver.Dispose(), solver, preferLocal: false);
        }

        /// <summary>The group's LP relaxation of placing as many as can be; null when it could not be solved in time.</summary>
        private Relaxation? Relax(int[] people, Deadline deadline)
        {
            var began = deadline.Left;
            var lp = Solver.CreateSolver("GLOP") ?? throw new InvalidOperationException("OR-Tools GLOP is not available");
            var variables = people.Select(p => options[p].Select(_ => lp.MakeNumVar(0, 1, "")).ToArray()).ToArray();
            AddRoom(lp, people, variables, _ => 1);
            if (LimitTo(lp, deadline) && lp.Solve() == Solver.ResultStatus.OPTIMAL)
                return new Relaxation(lp, variables, began - deadline.Left);
            LetGo.Later(lp);
            return null;
        }

        /// <summary>
        /// The most people the group can place, proven through its LP relaxation; null when that could not be proven in time.
        /// The allocation found on the way is written into <paramref name="start"/>, for the group's people, where it is better.
        /// <para>
        /// The relaxation of a large group is nearly whole: of a regional cohort of 5,000 (193,215 options), 4,664 people
        /// are placed on one option and 241 are split between options, for 4,895.5 people placed, while first come, first
        /// served places 4,271 and neither CBC nor SCIP finds better in 20 s. So the options the relaxation gives whole are
        /// kept, and the people it splits or leaves out are solved as a small integer program of their own on what is left.
        /// When that places ⌊relaxation⌋, no allocation places more.
        /// </para>
        /// <para>
        /// The same holds for a group CBC could take but not in time: of a scarce cohort of 2,000 (68,065 options), CBC
        /// returned nothing 4.1 s after it was started with 2.6 s left (its limit does not bound its first steps), while the
        /// relaxation took 1 s and, rounded, placed a proven 1,746 (CBC's start: 1,716), in 2.3–3.7 s of 5.
        /// </para>
        /// <para>
        /// The relaxation places people without regard to their ranks; the rounding then prefers better-ranked options for
        /// the people it solves, and <see cref="MoveToBetterRanks"/> moves people to better-ranked options through chains of exchanges.
        /// Tried and not kept: tilting the relaxation towards ranked options (ε per rank, summing to at most 0.1). On 193,215
        /// options GLOP did not finish it from scratch in 17 s, nor from the untilted basis in 11 s.
        /// </para>
        /// </summary>
        private int? PlaceByRelaxation(int[] people, Relaxation relaxation, int[] start, Deadline deadline)
        {
            var rounded = Round(people, Whole(relaxation.Variables), deadline);
            if (rounded is null) return null;
            var proven = rounded.Count(c => c.Option >= 0) == relaxation.Most;
            MoveToBetterRanks(rounded, deadline, placeMore: !proven);
            if (Better(rounded, people.Select(p => (p, start[p])).ToList()))
                foreach (var (p, option) in rounded) start[p] = option;
            return proven ? relaxation.Most : null;
        }

        /// <summary>Solves to a gap of zero within what is left of the deadline; null when nothing is left.</summary>
        private static Solver.ResultStatus? SolveExactly(Solver solver, Deadline deadline)
        {
            if (!LimitTo(solver, deadline)) return null;
            using var parameters = new MPSolverParameters();
            parameters.SetDoubleParam(MPSolverParameters.DoubleParam.RELATIVE_MIP_GAP, 0);
            return solver.Solve(parameters);
        }

        /// <summary>Gives the solver what is left of the deadline; false when nothing is (CBC reads a time limit of 0 as
        /// none at all).</summary>
        private static bool LimitTo(Solver solver, Deadline deadline)
        {
            var timeLeft = Math.Min(deadline.Left.TotalMilliseconds, int.MaxValue);
            if (timeLeft < 1) return false;
            solver.SetTimeLimit((long)timeLeft);
            return true;
        }

        /// <summary>For each person the option the relaxation gives them whole, or −1.</summary>
        private static int[] Whole(Variable[][] variables) =>
            variables.Select(list => Array.FindIndex(list, v => v.SolutionValue() > 1 - 1e-6)).ToArray();

        /// <summary>The options given whole kept, the other people solved as a small integer program on what is left:
        /// placed first, then the ranks' preference, then points. Null when there was no time, or the rest is too large.</summary>
        private List<(int Person, int Option)>? Round(int[] people, int[] whole, Deadline deadline)
        {
            var left = (int[])capacity.Clone();
            for (var i = 0; i < people.Length; i++)
                if (whole[i] >= 0) foreach (var r in options[people[i]][whole[i]].Resources) left[r]--;

            var rest = Enumerable.Range(0, people.Length).Where(i => whole[i] < 0).ToArray();
            // A relaxation that splits too many people leaves a rest too large for CBC, which would overrun its limit.
            if (!ForCbc(rest.Select(i => people[i]))) return null;
            using var mip = Solver.CreateSolver("CBC") ?? throw new InvalidOperationException("OR-Tools CBC is not available");
            mip.SuppressOutput();
            var restVariables = rest.Select(i => options[people[i]].Select(_ => mip.MakeBoolVar("")).ToArray()).ToArray();
            // Each weighed above all the rest can add after it.
            long preferenceWeight = PointsPerScore * (rest.Length + 1L), restPlacementWeight = preferenceWeight * (ranks + 1L) * (rest.Length + 1L);
            AddRoom(mip, rest.Select(i => people[i]).ToArray(), restVariables,
                option => restPlacementWeight + preferenceWeight * Preference(option) + option.Points, left);
            if (SolveExactly(mip, deadline) is not (Solver.ResultStatus.OPTIMAL or Solver.ResultStatus.FEASIBLE)) return null;

            var chosen = (int[])whole.Clone();
            for (var k = 0; k < rest.Length; k++)
                chosen[rest[k]] = Array.FindIndex(restVariables[k], v => v.SolutionValue() > 0.5);
            return people.Select((p, i) => (p, chosen[i])).ToList();
        }

        /// <summary>A first choice counts ranks, a second ranks − 1, …, an option not ranked 0.</summary>
        private int Preference(Option option) => option.Rank == Unranked ? 0 : ranks + 1 - option.Rank;

        /// <summary>One option at most per person, no resource used beyond its <paramref name="room"/> (when null: what it
        /// has left), and the objective, maximised: what each option taken is worth.</summary>
        private void AddRoom(Solver solver, int[] people, Variable[][] variables, Func<Option, double> worth, int[]? room = null)
        {
            var objective = solver.Objective();
            var uses = new Dictionary<int, List<Variable>>();
            for (var i = 0; i < people.Length; i++)
            {
                var onlyOne = solver.MakeConstraint(0, 1);
                for (var o = 0; o < variables[i].Length; o++)
                {
                    var option = options[people[i]][o];
                    onlyOne.SetCoefficient(variables[i][o], 1);
                    objective.SetCoefficient(variables[i][o], worth(option));
                    foreach (var r in option.Resources.Where(r => constrained[r]))
                    {
                        if (!uses.TryGetValue(r, out var list)) uses[r] = list = [];
                        list.Add(variables[i][o]);
                    }
                }
            }

            foreach (var (r, list) in uses)
            {
                var constraint = solver.MakeConstraint(0, Math.Max(0, (room ?? capacity)[r]));
                foreach (var variable in list) constraint.SetCoefficient(variable, 1);
            }

            objective.SetMaximization();
        }

        private Solved Unproven(IEnumerable<(int Person, int Option)> choice, int[] people, bool rankMaximal = false) =>
            new(choice, UpperBound(people), Optimal: false, rankMaximal);

        /// <summary>For each person and contested resource they ranked: unless the person gets an option ranked at least as
        /// well, no one who comes after them may use it. Written through one helper per resource and priority level,
        /// "someone of this level or after holds it" (at least each such holder's use of it, and the helper of the level
        /// after): each pair is then bound as tightly as by a constraint of its own (use ≤ helper ≤ the person's options
        /// ranked as well), in constraints that grow with the people rather than with the pairs of them.</summary>
        private void AddNoBlockingPairs(Solver solver, int[] people, Variable[][] variables, IReadOnlyList<int> order, Wanted[][] wants)
        {
            // Each contested resource's users by priority level, and each user's options that use it (one at most is taken).
            var users = new Dictionary<int, SortedDictionary<int, Dictionary<int, List<Variable>>>>();
            for (var j = 0; j < people.Length; j++)
                for (var q = 0; q < variables[j].Length; q++)
                    foreach (var c in options[people[j]][q].Resources.Where(c => wanted[c]))
                    {
                        var levels = users.TryGetValue(c, out var found) ? found : users[c] = [];
                        var level = levels.TryGetValue(order[people[j]], out var atLevel) ? atLevel : levels[order[people[j]]] = [];
                        (level.TryGetValue(j, out var own) ? own : level[j] = []).Add(variables[j][q]);
                    }

            var heldFrom = new Dictionary<int, (int[] Levels, Variable[] Held)>();
            foreach (var (c, levels) in users)
            {
                var held = new Variable[levels.Count];
                var index = levels.Count;
                foreach (var (_, holders) in levels.Reverse())
                {
                    held[--index] = solver.MakeNumVar(0, 1, "");
                    if (index + 1 < held.Length)
                        AtLeast(held[index], [held[index + 1]]);
                    foreach (var (_, uses) in holders)
                        AtLeast(held[index], uses);
                }
                heldFrom[c] = (levels.Keys.ToArray(), held);
            }

            for (var i = 0; i < people.Length; i++)
            {
                var own = options[people[i]];
                foreach (var (c, rank) in wants[people[i]])
                {
                    if (!heldFrom.TryGetValue(c, out var from)) continue;
                    // The first level after the person's own.
                    var after = Array.BinarySearch(from.Levels, order[people[i]] + 1);
                    if (after < 0) after = ~after;
                    if (after == from.Levels.Length) continue;
                    var noBlocking = solver.MakeConstraint(double.NegativeInfinity, 0);
                    noBlocking.SetCoefficient(from.Held[after], 1);
                    // Options are sorted by rank: those ranked as well come first.
                    for (var better = 0; better < own.Count && own[better].Rank <= rank; better++)
                        noBlocking.SetCoefficient(variables[i][better], -1);
                }
            }

            void AtLeast(Variable helper, IEnumerable<Variable> sum)
            {
                var atLeast = solver.MakeConstraint(0, double.PositiveInfinity);
                atLeast.SetCoefficient(helper, 1);
                foreach (var variable in sum) atLeast.SetCoefficient(variable, -1);
            }
        }

        /// <summary>First come, first served in order of priority; then whoever holds a contested resource that someone who
        /// comes before them ranked above what they got gives it up, until no blocking pair is left. Never better than the
        /// solver, but always allowed under a strict priority: its fallback, and its first hint.</summary>
        public int[] GreedyWithoutBlockingPairs()
        {
            var (order, wants) = strict!.Value;
            var left = (int[])capacity.Clone();
            var chosen = Enumerable.Repeat(-1, options.Length).ToArray();
            foreach (var person in Enumerable.Range(0, options.Length).OrderBy(person => order[person]))
            {
                chosen[person] = options[person].FindIndex(option => option.Resources.All(r => left[r] > 0));
                if (chosen[person] >= 0) foreach (var r in options[person][chosen[person]].Resources) left[r]--;
            }

            for (var changed = true; changed;)
            {
                changed = false;
                var holders = new Dictionary<int, List<int>>();
                for (var person = 0; person < options.Length; person++)
                    if (chosen[person] >= 0)
                        foreach (var r in options[person][chosen[person]].Resources.Where(r => wanted[r]))
                            (holders.TryGetValue(r, out var list) ? list : holders[r] = []).Add(person);
                for (var person = 0; person < options.Length; person++)
                {
                    var got = chosen[person] < 0 ? Unranked : options[person][chosen[person]].Rank;
                    foreach (var (r, rank) in wants[person])
                    {
                        if (rank >= got || !holders.TryGetValue(r, out var held)) continue;
                        foreach (var other in held.Where(other => order[other] > order[person] && chosen[other] >= 0))
                        {
                            chosen[other] = -1;
                            changed = true;
                        }
                    }
                }
            }
            return chosen;
        }

        /// <summary>The goals one after another: the counts (people placed, then each rank's), then points; what each goal
        /// reached is held as a constraint while the next is solved. Stops at the first goal not proven optimal in time.</summary>
        private Solved SolveInTurn(Solver solver, int[] people, Variable[][] variables, int[] start, Deadline deadline)
        {
            // Without ranks (a strict priority alone) the usual objective, placed and then score, is the one goal.
            List<Goal> goals = ranks == 0
                ? [new Goal(option => placementWeight + option.Points, [_ => 1])]
                : [.. CountGoals(people.Length, ranks), new Goal(option => option.Points, [option => option.Points])];
            var countGoals = ranks == 0 ? 1 : goals.Count - 1;

            var fallback = people.Select(p => (p, start[p])).ToList();
            List<(int, int)>? found = null;
            var proven = 0;
            var hint = people.Select((p, i) => (p, i)).Where(x => start[x.p] >= 0).Select(x => variables[x.i][start[x.p]]).ToArray();
            // A goal is begun only with as much time left as the longest before it took: the solver's time limit does not
            // bound its first steps (reading the model, the first relaxation), which on a large group take seconds.
            var longest = TimeSpan.Zero;
            foreach (var (goal, held) in goals)
            {
                var began = deadline.Left;
                if (found is not null && began < longest) break;
                var objective = solver.Objective();
                objective.Clear();
                for (var i = 0; i < people.Length; i++)
                    for (var o = 0; o < variables[i].Length; o++)
                        objective.SetCoefficient(variables[i][o], goal(options[people[i]][o]));
                objective.SetMaximization();
                solver.SetHint(hint, hint.Select(_ => 1.0).ToArray());
                var status = SolveExactly(solver, deadline);
                if (status is not (Solver.ResultStatus.OPTIMAL or Solver.ResultStatus.FEASIBLE)) break;

                var solution = people.Select((p, i) => (p, Array.FindIndex(variables[i], v => v.SolutionValue() > 0.5))).ToList();
                if (status != Solver.ResultStatus.OPTIMAL)
                {
                    // Cut short: keep what the goal before reached unless this goal's answer is better for it (the goals
                    // held so far hold for both).
                    if (found is null || Value(solution, goal) > Value(found, goal)) found = solution;
                    break;
                }
                found = solution;
                proven++;
                if (began - deadline.Left is var took && took > longest) longest = took;
                hint = found.Select((c, i) => (Option: c.Item2, Person: i)).Where(x => x.Option >= 0).Select(x => variables[x.Person][x.Option]).ToArray();

                // Hold what this goal reached, counted from the solution (integers, so no rounding of the solver's value).
                foreach (var count in held)
                {
                    var hold = solver.MakeConstraint(Value(found, count) - 0.5, double.PositiveInfinity);
                    for (var i = 0; i < people.Length; i++)
                        for (var o = 0; o < variables[i].Length; o++)
                            hold.SetCoefficient(variables[i][o], count(options[people[i]][o]));
                }
            }

            var optimal = proven == goals.Count;
            // The fallback is allowed too (under a strict priority it is greedy without blocking pairs): kept when the solver
            // did not beat it in time.
            var choice = found is null || !optimal && Better(fallback, found) ? fallback : found;
            var value = choice.Sum(c => c.Item2 < 0 ? 0 : placementWeight + options[c.Item1][c.Item2].Points);
            var ours = choice == found;
            return new Solved(choice, optimal && ours ? value : Math.Max(value, UpperBound(people)), optimal && ours, proven >= countGoals && ours);
        }

        /// <summary>What one solve maximises, and what it reached that the solves after it hold: the counts it weighs one by
        /// one, as rows of ones (one row of the weighted sum would span eleven orders of magnitude, which the solver's
        /// tolerances handle badly).</summary>
        private sealed record Goal(Func<Option, long> Objective, IReadOnlyList<Func<Option, long>> Held);

        /// <summary>The counts maximised in turn — people placed, then each rank's — packed into as few objectives as keep
        /// their largest total exact in a double. Within one, a count is weighed b = people + 1 times the next: as no count
        /// can exceed the people, one more of it outweighs everything the counts after it can add.</summary>
        private static List<Goal> CountGoals(int people, int ranks)
        {
            var counts = new List<Func<Option, long>> { _ => 1 };
            for (var rank = 1; rank <= ranks; rank++)
            {
                var k = rank;
                counts.Add(option => option.Rank == k ? 1 : 0);
            }

            long b = people + 1;
            var goals = new List<Goal>();
            for (var next = 0; next < counts.Count;)
            {
                var packed = new List<Func<Option, long>> { counts[next++] };
                for (var largest = b; next < counts.Count && largest <= ExactInDouble / b; largest *= b)
                    packed.Add(counts[next++]);
                goals.Add(new Goal(option => packed.Aggregate(0L, (sum, count) => sum * b + count(option)), packed));
            }
            return goals;
        }

        /// <summary>Below this, every integer is exact in a double with room to spare for the solver's tolerances.</summary>
        private const long ExactInDouble = 1L << 50;

        private long Value(List<(int Person, int Option)> choice, Func<Option, long> goal) =>
            choice.Where(c => c.Option >= 0).Sum(c => goal(options[c.Person][c.Option]));

        /// <summary>Whether one allocation is lexicographically better than another: placed, then each rank, then points.</summary>
        private bool Better(List<(int Person, int Option)> one, List<(int Person, int Option)> other)
        {
            var (a, b) = (Key(one), Key(other));
            for (var i = 0; i < a.Length; i++)
                if (a[i] != b[i]) return a[i] > b[i];
            return false;
        }

        private long[] Key(List<(int Person, int Option)> choice)
        {
            var key = new long[ranks + 2];
            foreach (var (person, o) in choice.Where(c => c.Option >= 0))
                AddToKey(key, options[person][o], +1);
            return key;
        }

        /// <summary>Adds an option's place in the order (placed, each rank, points) to <paramref name="key"/>, times
        /// <paramref name="sign"/>.</summary>
        private static void AddToKey(long[] key, Option option, int sign)
        {
            key[0] += sign;
            if (option.Rank != Unranked) key[option.Rank] += sign;
            key[^1] += sign * option.Points;
        }

        // Everyone placed on their best option: no allocation can do better.
        private long UpperBound(int[] people) => people.Sum(p => placementWeight + options[p][0].Points);
    }
}

using Google.OrTools.LinearSolver;

namespace Matching.Engine;

/// <summary>One unit of something scarce a choice needs: a seat of a course, a position of an opening or a unit of an agreement's quota.</summary>
/// <param name="Resource">The course, opening or agreement id.</param>
/// <param name="Available">How many units are left.</param>
public readonly record struct Need(Guid Resource, int Available);

/// <summary>What one person could be given: the item, its score and what it uses.</summary>
public sealed record Choice<T>(T Item, double Score, IReadOnlyList<Need> Needs);

/// <summary>Who gets what: one entry per person (null: not placed).</summary>
public sealed record Allocation<T>(
    IReadOnlyList<T?> Assignments,
    int Placed,
    double Objective,
    double Bound,
    bool Optimal,
    AllocationSummary Greedy) where T : class;

public sealed record AllocationSummary(int Placed, double Objective);

/// <summary>
/// Gives each person at most one of their choices so that no course, opening or agreement is used beyond
/// what it has left, maximising first the number of people placed, then the total score.
/// <para>
/// Both goals are one objective, <c>(people + 1) · placed + Σ score</c>: a placement is worth more
/// than any possible score total, so the order is strict. The model is an integer program solved
/// with CBC (OR-Tools), after three reductions that cannot lose an optimum:
/// a choice is dropped when the same person has another that needs a subset of its resources
/// and scores at least as well; a resource whose choices come from no more people than it has
/// units can never run out, so it gets no constraint; and people who share no constrained resource
/// are solved apart (most people in a city need no solver at all).
/// </para>
/// The greedy answer (people in order, each taking their best choice still available) is computed
/// first, handed to the solver as a hint and kept whenever the solver does not beat it in time; once the
/// deadline has passed, no group is handed to the solver any more.
/// </summary>
/// <remarks>The engine reads no clock of its own: the caller's deadline tells how much time is left.</remarks>
public static class Allocator
{
    private const int PointsPerScore = 1000;

    /// <param name="timeLimit">How long the solver may think, over all groups of people together.</param>
    /// <param name="clock">Measures the time taken against <paramref name="timeLimit"/>.</param>
    public static Allocation<T> Allocate<T>(IReadOnlyList<IReadOnlyList<Choice<T>>> people, TimeSpan timeLimit, TimeProvider clock)
        where T : class =>
        Allocate(people, new Deadline(timeLimit, clock));

    /// <param name="deadline">When the solver must stop, over all groups of people together: what it has not solved by
    /// then keeps the greedy answer, and the allocation is not <see cref="Allocation{T}.Optimal"/>.</param>
    public static Allocation<T> Allocate<T>(IReadOnlyList<IReadOnlyList<Choice<T>>> people, Deadline deadline)
        where T : class
    {
        var model = Model<T>.Build(people);
        var greedy = model.Greedy();

        var chosen = (int[])greedy.Clone();
        long bound = 0;
        var optimal = true;
        foreach (var component in model.Components())
        {
            var (choice, componentBound, componentOptimal) = model.Solve(component, greedy, deadline);
            foreach (var (person, option) in choice) chosen[person] = option;
            bound += componentBound;
            optimal &= componentOptimal;
        }

        var assignments = chosen.Select((option, person) => option < 0 ? null : model.Item(person, option)).ToList();
        var value = model.Value(chosen);
        return new Allocation<T>(
            assignments,
            model.PlacedCount(chosen),
            model.Report(value),
            model.Report(Math.Max(bound, value)),
            optimal,
            new AllocationSummary(model.PlacedCount(greedy), model.Report(model.Value(greedy))));
    }

    /// <summary>The choices reduced to integers: resource indexes and score points.</summary>
    private sealed class Model<T> where T : class
    {
        private readonly List<Option>[] options;
        private readonly int[] capacity;
        private readonly bool[] constrained;
        private readonly long placementWeight;

        private Model(List<Option>[] options, int[] capacity, bool[] constrained)
        {
            this.options = options;
            this.capacity = capacity;
            this.constrained = constrained;
            placementWeight = (long)PointsPerScore * (options.Length + 1);
        }

        private sealed record Option(int Index, T Item, int Points, int[] Resources);

        public static Model<T> Build(IReadOnlyList<IReadOnlyList<Choice<T>>> people)
        {
            var resourceIndex = new Dictionary<Guid, int>();
            var capacity = new List<int>();
            var options = new List<Option>[people.Count];
            for (var person = 0; person < people.Count; person++)
            {
                var list = new List<Option>();
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
                    if (usable) list.Add(new Option(i, choice.Item, (int)Math.Round(Math.Clamp(choice.Score, 0, 1) * PointsPerScore), resources));
                }

                // Best first; ties by the order the caller gave, so the answer is deterministic.
                list.Sort((a, b) => a.Points != b.Points ? b.Points.CompareTo(a.Points) : a.Index.CompareTo(b.Index));
                options[person] = WithoutDominated(list);
            }

            return new Model<T>(options, capacity.ToArray(), Constrained(options, capacity));
        }

        // An option is dominated when an option listed before it (so scoring at least as well) needs a subset of its resources.
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

        // A resource can run out only when more people could use it than it has units.
        private static bool[] Constrained(List<Option>[] options, List<int> capacity)
        {
            var people = new int[capacity.Count];
            var lastPerson = Enumerable.Repeat(-1, capacity.Count).ToArray();
            for (var person = 0; person < options.Length; person++)
                foreach (var option in options[person])
                    foreach (var r in option.Resources)
                        if (lastPerson[r] != person) { lastPerson[r] = person; people[r]++; }
            return people.Select((count, r) => count > capacity[r]).ToArray();
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

        /// <summary>The best choice for one group of people, its proven bound, and whether it is optimal.</summary>
        public (IEnumerable<(int Person, int Option)> Choice, long Bound, bool Optimal) Solve(int[] people, int[] greedy, Deadline deadline)
        {
            var greedyValue = people.Sum(p => greedy[p] < 0 ? 0 : placementWeight + options[p][greedy[p]].Points);
            if (people.Length == 1 || !people.Any(p => options[p].Any(o => o.Resources.Any(r => constrained[r]))))
            {
                // Nothing here can run out: everyone takes their best option.
                var best = people.Select(p => (p, 0)).ToList();
                return (best, best.Sum(c => placementWeight + options[c.p][0].Points), true);
            }

            var fallback = people.Select(p => (p, greedy[p]));
            if (deadline.Passed)
                return (fallback, UpperBound(people), false);

            using var solver = Solver.CreateSolver("CBC") ?? throw new InvalidOperationException("OR-Tools CBC is not available");
            solver.SuppressOutput();
            var variables = people.Select(p => options[p].Select(_ => solver.MakeBoolVar("")).ToArray()).ToArray();
            var objective = solver.Objective();
            var uses = new Dictionary<int, List<Variable>>();
            for (var i = 0; i < people.Length; i++)
            {
                var onlyOne = solver.MakeConstraint(0, 1);
                for (var o = 0; o < variables[i].Length; o++)
                {
                    var option = options[people[i]][o];
                    onlyOne.SetCoefficient(variables[i][o], 1);
                    objective.SetCoefficient(variables[i][o], placementWeight + option.Points);
                    foreach (var r in option.Resources.Where(r => constrained[r]))
                    {
                        if (!uses.TryGetValue(r, out var list)) uses[r] = list = [];
                        list.Add(variables[i][o]);
                    }
                }
            }

            foreach (var (r, list) in uses)
            {
                var room = solver.MakeConstraint(0, capacity[r]);
                foreach (var variable in list) room.SetCoefficient(variable, 1);
            }

            objective.SetMaximization();
            var hinted = people.Select((p, i) => (p, i)).Where(x => greedy[x.p] >= 0).Select(x => variables[x.i][greedy[x.p]]).ToArray();
            solver.SetHint(hinted, hinted.Select(_ => 1.0).ToArray());
            // Building the model took time too; and CBC reads a time limit of 0 as none at all.
            var timeLeft = Math.Min(deadline.Left.TotalMilliseconds, int.MaxValue);
            if (timeLeft < 1)
                return (fallback, UpperBound(people), false);
            solver.SetTimeLimit((long)timeLeft);
            using var parameters = new MPSolverParameters();
            parameters.SetDoubleParam(MPSolverParameters.DoubleParam.RELATIVE_MIP_GAP, 0);
            var status = solver.Solve(parameters);

            if (status is not (Solver.ResultStatus.OPTIMAL or Solver.ResultStatus.FEASIBLE))
                return (fallback, UpperBound(people), false);

            var choice = people.Select((p, i) => (p, Array.FindIndex(variables[i], v => v.SolutionValue() > 0.5))).ToList();
            var value = choice.Sum(c => c.Item2 < 0 ? 0 : placementWeight + options[c.p][c.Item2].Points);
            var bound = (long)Math.Floor(objective.BestBound() + 1e-6);
            return value >= greedyValue
                ? (choice, Math.Max(bound, value), status == Solver.ResultStatus.OPTIMAL)
                : (fallback, Math.Max(bound, greedyValue), false);
        }

        // Everyone placed on their best option: no allocation can do better.
        private long UpperBound(int[] people) => people.Sum(p => placementWeight + options[p][0].Points);
    }
}

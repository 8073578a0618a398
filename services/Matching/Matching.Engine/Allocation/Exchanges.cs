namespace Matching.Engine;

public static partial class Allocator
{
    /// <summary>What chains of exchanges make of an allocation, placing more people and then giving better ranks, without a
    /// deadline (for tests).</summary>
    /// <param name="given">Each person's choice, as an index into their choices (−1: not placed). A choice dominated by
    /// another of the same person's (ranked and scoring as well, needing a subset) is taken as that one.</param>
    /// <param name="priority">Null, or a strict priority whose blocking pairs the exchanges must not make.</param>
    /// <returns>Each person's choice after the exchanges, the same way.</returns>
    internal static int[] MovedToBetterRanks<T>(IReadOnlyList<IReadOnlyList<Choice<T>>> people, int[] given, Priority? priority = null)
        where T : class =>
        Model<T>.Build(people, priority, MaxOptionsForCbc).MovedToBetterRanks(people, given);

    private sealed partial class Model<T> where T : class
    {
        /// <summary>How far one search for a chain of exchanges looks: people moved after the first.</summary>
        private const int LongestChain = 4;

        /// <summary>How many options one search for a chain may weigh before it gives up on that person and rank.</summary>
        private const int OptionsWeighedPerSearch = 20_000;

        /// <summary>
        /// Places people left out and moves people to options they ranked better, through chains of exchanges, until none is
        /// found or the deadline passes: the people placed stay placed, and the first choices, then the second, … only rise.
        /// Under a strict priority, no chain leaves a blocking pair.
        /// <para>
        /// A chain is an augmenting path, as in matching. A person takes an option ranked k; its one full resource is given up
        /// by someone who holds it and moves to another of their options; that option's one full resource by a third; … until
        /// an option has room. No one in the chain loses a rank of k or better (they keep their rank or improve it), and no one
        /// loses their placement, so each chain is a gain in the rank-maximal order. Chains are looked for breadth first,
        /// shortest first, each resource expanded once per search; a chain of no exchange is a plain move to an option with
        /// room.
        /// </para>
        /// <para>
        /// The relaxation that places the most people picks one of its many equally good vertices without regard to ranks:
        /// of the regional 5,000, 164 people were on their first choice; plain moves to options with room made that 634, and
        /// chains of up to four exchanges 1,579 (first come, first served: 1,218), in about 4 s. Chains of eight and searches
        /// five times as long found 18 more, and under a strict priority placed fewer in three times as long
        /// (<c>dotnet run -c Release --project tests/Benchmarks -- choices regional-5000</c>).
        /// </para>
        /// </summary>
        /// <param name="chosen">Each person of one group and their option (−1: not placed); improved in place.</param>
        /// <param name="placeMore">Whether to look for chains that place someone not placed first (not worth it when the
        /// people placed are proven the most).</param>
        private void MoveToBetterRanks(List<(int Person, int Option)> chosen, Deadline deadline, bool placeMore)
        {
            if (ranks == 0 && !placeMore) return;
            var exchanges = new Exchanges(this, chosen);
            for (var improved = true; improved && !deadline.Passed;)
            {
                improved = false;
                for (var k = 0; placeMore && k < chosen.Count && !deadline.Passed; k++)
                    improved |= exchanges.TryToPlace(k);
                for (var rank = 1; rank <= ranks && !deadline.Passed; rank++)
                    for (var k = 0; k < chosen.Count && !deadline.Passed; k++)
                        improved |= exchanges.TryToRank(k, rank);
            }

            for (var k = 0; k < chosen.Count; k++) chosen[k] = (chosen[k].Person, exchanges.Current(k));
        }

        /// <param name="people">The choices the model was built from.</param>
        /// <param name="given">Each person's choice as an index into their choices; under a strict priority, with no
        /// blocking pair.</param>
        public int[] MovedToBetterRanks(IReadOnlyList<IReadOnlyList<Choice<T>>> people, int[] given)
        {
            var chosen = given.Select((choice, p) => (Person: p, Option: choice < 0 ? -1 : options[p].FindIndex(option =>
                people[p][option.Index].Needs.All(need => people[p][choice].Needs.Any(mine => mine.Resource == need.Resource))))).ToList();
            MoveToBetterRanks(chosen, Deadline.None, placeMore: true);
            return chosen.Select(c => c.Option < 0 ? -1 : options[c.Person][c.Option].Index).ToArray();
        }

        /// <summary>One group's allocation while chains of exchanges improve it: who holds what, and what is left.</summary>
        private sealed class Exchanges
        {
            private readonly Model<T> model;
            private readonly int[] person;
            private readonly int[] current;
            private readonly int[] left;
            private readonly List<int>[] holders;
            // One search's state, kept between searches to spare the allocations.
            private readonly List<Step> steps = [];
            private readonly bool[] expanded;
            private readonly List<int> expandedList = [];
            /// <summary>Under a strict priority, each contested resource's wanters in the group: who ranked it, and how well.</summary>
            private readonly List<(int K, int Rank)>[]? wanters;
            /// <summary>Under a strict priority, for each contested resource, the first place in the order of someone who
            /// ranked it above what they hold: whoever comes after them and takes it makes a blocking pair.</summary>
            private readonly int[]? firstWanting;

            /// <summary>One move of a chain: <see cref="Mover"/> takes <see cref="Option"/>, whose resource
            /// <see cref="Blocked"/> (−1: none) is full until the next step's mover gives it up. <see cref="Parent"/> is the
            /// step before (−1: the first).</summary>
            private readonly record struct Step(int Mover, int Option, int Blocked, int Parent);

            public Exchanges(Model<T> model, List<(int Person, int Option)> chosen)
            {
                this.model = model;
                person = chosen.Select(c => c.Person).ToArray();
                current = Enumerable.Repeat(-1, person.Length).ToArray();
                left = (int[])model.capacity.Clone();
                holders = new List<int>[left.Length];
                expanded = new bool[left.Length];
                for (var k = 0; k < person.Length; k++) Move(k, chosen[k].Option);
                if (model.strict is not { Wants: var wants }) return;
                wanters = new List<(int, int)>[left.Length];
                for (var k = 0; k < person.Length; k++)
                    foreach (var (r, rank) in wants[person[k]])
                        (wanters[r] ??= []).Add((k, rank));
                firstWanting = new int[left.Length];
                for (var r = 0; r < left.Length; r++) FindFirstWanting(r);
            }

            public int Current(int k) => current[k];

            private Option Of(int k, int option) => model.options[person[k]][option];

            private int RankOf(int k) => current[k] < 0 ? Unranked : Of(k, current[k]).Rank;

            /// <summary>Looks for a chain that gives person <paramref name="k"/> an option ranked <paramref name="rank"/>,
            /// and makes it when it is a gain. Those moved along keep a rank of <paramref name="rank"/> or better.</summary>
            public bool TryToRank(int k, int rank)
            {
                if (RankOf(k) <= rank) return false;
                var options = model.options[person[k]];
                // Sorted by rank: those ranked so come after the better ones.
                var targets = Enumerable.Range(0, options.Count).SkipWhile(o => options[o].Rank < rank).TakeWhile(o => options[o].Rank == rank);
                return Search(k, targets, keepRanksUpTo: rank);
            }

            /// <summary>Looks for a chain that places person <paramref name="k"/>, not placed, on any option; those moved
            /// along stay placed, on whatever rank.</summary>
            public bool TryToPlace(int k) =>
                current[k] < 0 && Search(k, Enumerable.Range(0, model.options[person[k]].Count), keepRanksUpTo: 0);

            /// <summary>Breadth first from <paramref name="k"/> taking one of <paramref name="targets"/>: makes the first
            /// chain found that is a gain. Someone moved along who holds a rank of <paramref name="keepRanksUpTo"/> or better
            /// keeps or improves it; anyone else may take any option, as long as they stay placed.</summary>
            private bool Search(int k, IEnumerable<int> targets, int keepRanksUpTo)
            {
                steps.Clear();
                foreach (var r in expandedList) expanded[r] = false;
                expandedList.Clear();
                var weighed = 0;
                foreach (var target in targets)
                {
                    if (WouldBlock(k, Of(k, target)) || Reach(k, target, -1) is not { } first) continue;
                    steps.Add(new Step(k, target, first, -1));
                    if (first < 0 && Make(steps.Count - 1)) return true;
                    if (first < 0) steps.RemoveAt(steps.Count - 1);
                }

                for (var next = 0; next < steps.Count; next++)
                {
                    var (_, _, blocked, _) = steps[next];
                    if (expanded[blocked] || Depth(next) >= LongestChain) continue;
                    expanded[blocked] = true;
                    expandedList.Add(blocked);
                    // A copy: a chain made and taken back (it made a blocking pair) reorders the holders.
                    foreach (var holder in holders[blocked]?.ToArray() ?? [])
                    {
                        if (OnChain(next, holder)) continue;
                        var had = RankOf(holder);
                        var options = model.options[person[holder]];
                        for (var o = 0; o < options.Count; o++)
                        {
                            var option = options[o];
                            if (o == current[holder] || had <= keepRanksUpTo && option.Rank > had) continue;
                            if (Array.IndexOf(option.Resources, blocked) >= 0 || WouldBlock(holder, option)) continue;
                            if (++weighed > OptionsWeighedPerSearch) return false;
                            if (Reach(holder, o, next) is not { } full) continue;
                            steps.Add(new Step(holder, o, full, next));
                            if (full < 0 && Make(steps.Count - 1)) return true;
                            if (full < 0) steps.RemoveAt(steps.Count - 1);
                        }
                    }
                }
                return false;
            }

            /// <summary>
            /// Whether <paramref name="mover"/> can take <paramref name="option"/> after the chain up to step
            /// <paramref name="parent"/> (each earlier mover having given up their option and taken their new one): −1 when
            /// everything it uses has room, the one resource that is one unit short, or null when more is missing.
            /// </summary>
            private int? Reach(int mover, int option, int parent)
            {
                var full = -1;
                foreach (var r in Of(mover, option).Resources)
                {
                    var room = left[r] - 1 + Uses(mover, current[mover], r);
                    for (var s = parent; s >= 0; s = steps[s].Parent)
                        room += Uses(steps[s].Mover, current[steps[s].Mover], r) - Uses(steps[s].Mover, steps[s].Option, r);
                    if (room >= 0) continue;
                    if (room < -1 || full >= 0 || holders[r] is null) return null;
                    full = r;
                }
                return full;
            }

            private int Uses(int k, int option, int r) => option >= 0 && Array.IndexOf(Of(k, option).Resources, r) >= 0 ? 1 : 0;

            private int Depth(int step)
            {
                var depth = 0;
                for (var s = steps[step].Parent; s >= 0; s = steps[s].Parent) depth++;
                return depth;
            }

            private bool OnChain(int step, int k)
            {
                for (var s = step; s >= 0; s = steps[s].Parent)
                    if (steps[s].Mover == k) return true;
                return false;
            }

            /// <summary>Makes the chain that ends at <paramref name="last"/> when it is a gain in the rank-maximal order: the
            /// first mover gains a rank; a later one may lose one worse than it, which the order weighs less.</summary>
            private bool Make(int last)
            {
                var gain = new long[model.ranks + 2];
                for (var s = last; s >= 0; s = steps[s].Parent)
                {
                    var (mover, option, _, _) = steps[s];
                    if (current[mover] >= 0) AddToKey(gain, Of(mover, current[mover]), -1);
                    AddToKey(gain, Of(mover, option), +1);
                }
                if (gain.FirstOrDefault(g => g != 0) <= 0) return false;

                var moves = new List<(int Mover, int From)>();
                for (var s = last; s >= 0; s = steps[s].Parent)
                {
                    moves.Add((steps[s].Mover, current[steps[s].Mover]));
                    Move(steps[s].Mover, steps[s].Option);
                }
                if (!moves.Exists(move => BlocksOrIsBlocked(move.Mover)))
                {
                    if (model.strict is { Wants: var wants })
                        foreach (var (mover, _) in moves)
                            foreach (var (r, _) in wants[person[mover]]) FindFirstWanting(r);
                    return true;
                }

                foreach (var (mover, from) in moves) Move(mover, from);
                return false;
            }

            private void FindFirstWanting(int r)
            {
                var (order, first) = (model.strict!.Value.Order, int.MaxValue);
                foreach (var (k, rank) in wanters![r] ?? [])
                    if (rank < RankOf(k)) first = Math.Min(first, order[person[k]]);
                firstWanting![r] = first;
            }

            /// <summary>Whether taking the option would, as things stand, hold a resource that someone who comes first ranked
            /// above what they hold: such a chain would be taken back, so it is not looked for.</summary>
            private bool WouldBlock(int k, Option option)
            {
                if (firstWanting is null) return false;
                foreach (var r in option.Resources)
                    if (firstWanting[r] < model.strict!.Value.Order[person[k]]) return true;
                return false;
            }

            private void Move(int k, int option)
            {
                if (current[k] >= 0)
                    foreach (var r in Of(k, current[k]).Resources)
                    {
                        left[r]++;
                        holders[r]!.Remove(k);
                    }
                if (option >= 0)
                    foreach (var r in Of(k, option).Resources)
                    {
                        left[r]--;
                        (holders[r] ??= []).Add(k);
                    }
                current[k] = option;
            }

            /// <summary>Under a strict priority, whether person <paramref name="k"/> is now in a blocking pair: holding a
            /// contested resource that someone who comes first ranked above what they got, or having ranked one above what
            /// they got that someone who comes after them holds.</summary>
            private bool BlocksOrIsBlocked(int k)
            {
                if (model.strict is not { Order: var order, Wants: var wants }) return false;
                if (current[k] >= 0)
                    foreach (var r in Of(k, current[k]).Resources)
                        foreach (var (before, rank) in wanters![r] ?? [])
                            if (order[person[before]] < order[person[k]] && rank < RankOf(before)) return true;
                foreach (var (r, rank) in wants[person[k]])
                    if (rank < RankOf(k))
                        foreach (var after in holders[r] ?? [])
                            if (order[person[after]] > order[person[k]]) return true;
                return false;
            }
        }
    }
}

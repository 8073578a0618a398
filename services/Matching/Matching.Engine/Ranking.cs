using Matching.Vocabulary;

namespace Matching.Engine;

/// <summary>The suggestions the rules allow for what fits: every job, course-then-job and course.</summary>
internal static class Ranking
{
    private static readonly int LevelCount = Enum.GetValues<Level>().Length;

    /// <summary>All of them, best first: plain, and as slow as there are many.</summary>
    public static List<Candidate> All(Fits fits)
    {
        var (request, level) = (fits.Request, fits.Request.Level);
        var all = new List<Candidate>();
        foreach (var opening in fits.Openings)
        {
            if (Rules.Qualifies(level, opening))
                all.Add(Candidate.OfJob(opening, request));
        }
        foreach (var course in fits.Courses)
        {
            all.Add(Candidate.OfCourse(course, request));
            foreach (var opening in fits.Openings)
            {
                if (Rules.LeadsTo(course, opening, level))
                    all.Add(Candidate.OfCourseThenJob(course, opening, request));
            }
        }
        all.Sort(Candidate.BestFirst);
        return all;
    }

    /// <summary>
    /// The same, best first, but drawn lazily and passing over what the list has no room for: a list of ten
    /// then never scores the million pathways a broad request allows. Only candidates that score above
    /// <paramref name="above"/> (as shown) are drawn, and perhaps a few pathways that do not.
    /// </summary>
    /// <remarks>
    /// Jobs, and courses alone, are two streams in order of score. Pathways form one lattice per level that openings beyond
    /// the person need: courses in order of <see cref="Scoring.CourseShare"/> down, openings in order of
    /// <see cref="Scoring.OpeningShare"/> across, so that scores only fall along a row and down a column. A heap of stream
    /// heads then yields candidates best first, and a row is read only while its scores stay among the best. A head that
    /// breaks a rule (the course ends too late) or finds no room in the list is passed over; heads of equal score are
    /// gathered and put in tie-break order before they are yielded.
    /// </remarks>
    public static IEnumerable<Candidate> BestFirst(Fits fits, Shortlist list, double above = double.NegativeInfinity)
    {
        var (request, level) = (fits.Request, fits.Request.Level);
        var jobs = new List<FitOpening>(fits.Openings.Count);
        var needing = new List<FitOpening>?[LevelCount]; // openings beyond the person, by the level they need
        foreach (var opening in fits.Openings)
        {
            if (!Rules.Qualifies(level, opening))
                (needing[(int)opening.Needs] ??= []).Add(opening);
            else if (opening.Job.Score > above)
                jobs.Add(opening);
        }
        var courses = new List<FitCourse>(fits.Courses.Count);
        foreach (var course in fits.Courses)
        {
            if (course.Alone.Score > above)
                courses.Add(course);
        }
        var streams = new List<Stream?>
        {
            InOrder<FitOpening>.Start(new(jobs, jobs.Count, opening => opening.Job.Score), opening => opening.Job),
            InOrder<FitCourse>.Start(new(courses, courses.Count, course => course.Alone.Score), course => course.Alone),
        };
        // A pathway scores its course's share plus its opening's; shares that cannot reach above even with the best
        // of the other side are left out (with a margin for the rounding of the score).
        var within = above - Scoring.Step;
        for (var needs = (Level)0; (int)needs < LevelCount; needs++)
        {
            if (needing[(int)needs] is not { } openings)
                continue;
            var bestOpening = double.NegativeInfinity;
            foreach (var opening in openings)
                bestOpening = Math.Max(bestOpening, opening.Share);
            var (reaching, bestCourse) = (new List<FitCourse>(fits.Courses.Count), double.NegativeInfinity);
            foreach (var course in fits.Courses)
            {
                if (course.Course.LevelTo >= needs && Scoring.CourseShare(course, needs) is var share && share + bestOpening > within)
                {
                    reaching.Add(course);
                    bestCourse = Math.Max(bestCourse, share);
                }
            }
            if (reaching.Count == 0)
                continue;
            openings.RemoveAll(opening => bestCourse + opening.Share <= within);
            var lattice = new Lattice(
                Courses: new(reaching, reaching.Count, course => Scoring.CourseShare(course, needs)),
                Openings: new(openings, openings.Count, Scoring.OpeningShare),
                request);
            streams.Add(Row.Start(lattice, 0));
        }

        var heads = new PriorityQueue<Stream, double>(HighestFirst.Instance);
        foreach (var stream in streams.OfType<Stream>())
            heads.Enqueue(stream, stream.Head.Score);

        var tier = new List<Candidate>();
        while (heads.TryPeek(out _, out var score))
        {
            while (heads.TryPeek(out var stream, out var next) && next == score)
            {
                heads.Dequeue();
                var head = stream.Head;
                if (list.HasRoomFor(head) && InTime(head, level))
                    tier.Add(head);
                if (stream.Below() is { } below)
                    heads.Enqueue(below, below.Head.Score);
                if (stream.MoveNext(list))
                    heads.Enqueue(stream, stream.Head.Score);
            }

            tier.Sort(Candidate.BestFirst);
            foreach (var candidate in tier)
                yield return candidate;
            tier.Clear();
        }
    }

    /// <summary>Lattices pair every course with every opening beyond reach that it leads up to; some end too late.</summary>
    private static bool InTime(Candidate candidate, Level level) =>
        candidate.Kind != SuggestionKind.CourseThenJob || Rules.LeadsTo(candidate.Course!, candidate.Opening!, level);

    /// <summary>Candidates whose scores never rise, read one head at a time.</summary>
    private abstract class Stream(Candidate head)
    {
        public Candidate Head { get; protected set; } = head;

        /// <summary>A stream that may start once this one's first head has been read.</summary>
        public virtual Stream? Below() => null;

        /// <summary>Moves to the next head the list has room for, if there is one. Heads passed over here
        /// could never be taken, and cost neither a score nor a turn through the heap.</summary>
        public abstract bool MoveNext(Shortlist list);
    }

    /// <summary>Candidates in order of score: jobs, or courses alone.</summary>
    private sealed class InOrder<T>(Ranked<T> items, Func<T, Candidate> candidate, Candidate head) : Stream(head)
    {
        private int rank;

        public static InOrder<T>? Start(Ranked<T> items, Func<T, Candidate> candidate) =>
            items.TryAt(0, out var first) ? new InOrder<T>(items, candidate, candidate(first)) : null;

        public override bool MoveNext(Shortlist list)
        {
            while (items.TryAt(++rank, out var item))
            {
                if (candidate(item) is var head && list.HasRoomFor(head))
                {
                    Head = head;
                    return true;
                }
            }
            return false;
        }
    }

    /// <summary>A row of a pathway lattice: one course with the openings in order.</summary>
    private sealed class Row(Lattice lattice, int row, FitCourse course, Candidate head) : Stream(head)
    {
        private int column;

        public static Row? Start(Lattice lattice, int row) =>
            lattice.Courses.TryAt(row, out var course) && lattice.Openings.TryAt(0, out var opening)
                ? new Row(lattice, row, course, Candidate.OfCourseThenJob(course, opening, lattice.Request))
                : null;

        /// <summary>The next course's row starts once this row's first head has been read, as it can score no higher:
        /// every place in the lattice is then reached once, and only after the places that score higher.</summary>
        public override Stream? Below() => column == 0 ? Start(lattice, row + 1) : null;

        public override bool MoveNext(Shortlist list)
        {
            if (!list.HasRoomFor(course))
                return false;

            while (lattice.Openings.TryAt(++column, out var opening))
            {
                if (list.HasRoomFor(opening))
                {
                    Head = Candidate.OfCourseThenJob(course, opening, lattice.Request);
                    return true;
                }
            }
            return false;
        }
    }

    /// <summary>The pathways to the openings that need one level: the courses that reach it down,
    /// the openings across, both in order of their share of the score.</summary>
    private sealed record Lattice(Ranked<FitCourse> Courses, Ranked<FitOpening> Openings, MatchRequest Request);

    /// <summary>Items in order of a key, highest first, sorted only as far as they are read.</summary>
    /// <param name="count">How many <paramref name="items"/> there are: the heap is then made at its size at once,
    /// not grown by doubling, as a broad request ranks thousands and every array made adds to collections.</param>
    private sealed class Ranked<T>(IEnumerable<T> items, int count, Func<T, double> key)
    {
        private readonly PriorityQueue<T, double> unread = Heap(items.Select(item => (item, key(item))), count);
        private readonly List<T> read = [];

        /// <summary>The same heap as the constructor that takes the items would make (both put them in as they come,
        /// then heapify), only without growing its array on the way.</summary>
        private static PriorityQueue<T, double> Heap(IEnumerable<(T, double)> keyed, int count)
        {
            var heap = new PriorityQueue<T, double>(count, HighestFirst.Instance);
            heap.EnqueueRange(keyed);
            return heap;
        }

        public bool TryAt(int rank, out T item)
        {
            while (read.Count <= rank && unread.TryDequeue(out var next, out _))
                read.Add(next);
            item = rank < read.Count ? read[rank] : default!;
            return rank < read.Count;
        }
    }

    private sealed class HighestFirst : IComparer<double>
    {
        public static readonly HighestFirst Instance = new();

        public int Compare(double x, double y) => y.CompareTo(x);
    }
}

using Matching.Vocabulary;

namespace Matching.Engine;

/// <summary>The courses and openings that fit one request: what the index or the scan found.</summary>
internal sealed class Fits(MatchRequest request)
{
    public MatchRequest Request => request;

    public List<FitCourse> Courses { get; } = [];

    public List<FitOpening> Openings { get; } = [];

    public int Count => Courses.Count + Openings.Count;

    /// <summary>How many courses and openings fit, kept or passed over.</summary>
    public int Weighed => Count + passed;

    private int passed;

    /// <summary>What a course or opening must be able to score (as shown) to be kept: below it, it is passed over.
    /// A reader raises it to the last score of a full list, as what cannot reach that cannot enter the list.</summary>
    public double Bar { get; private set; } = double.NegativeInfinity;

    /// <summary>What levels the catalog's openings can need: a course can only be the first step of a pathway to one
    /// of them. Unless the reader knows better, any.</summary>
    public Needs Needs { get; set; } = Needs.Any;

    /// <summary>The highest score (as shown) that what was passed over could have reached; −∞ if nothing was.</summary>
    public double PassedOver { get; private set; } = double.NegativeInfinity;

    /// <summary>Worked out once, as every distance from the person takes it.</summary>
    private readonly double cosFrom = GreatCircle.CosLat(request.Location);

    /// <summary>The ids of what is kept, once <see cref="KeepEachOnce"/> was called; null before.</summary>
    private HashSet<Guid>? kept;

    public void Consider(in IndexedCourse course)
    {
        if (Rules.Fits(in course, request, cosFrom, out var km) && Clears(Scoring.Ceiling(in course, km, request, Needs)) is double ceiling
            && (kept is null || kept.Add(course.Course.Id)))
            Courses.Add(new FitCourse(course.Course, km, request) { Ceiling = ceiling });
    }

    public void Consider(in IndexedOpening opening)
    {
        if (!Rules.Fits(in opening, request, cosFrom, out var km))
            return;
        var agreement = opening.Agreements.Count == 0 ? null : Rules.Lowering(opening.Opening, opening.Agreements);
        if (Clears(Scoring.Ceiling(in opening, km, agreement, request)) is double ceiling && (kept is null || kept.Add(opening.Opening.Id)))
            Openings.Add(new FitOpening(opening.Opening, km, agreement, request) { Ceiling = ceiling });
    }

    /// <summary>From now on keeps a course or opening only if it is not kept already: the reader was told that one may
    /// have moved to a cell not read yet while it had let go of the catalog, where it would be met a second time.</summary>
    public void KeepEachOnce()
    {
        if (kept is not null)
            return;
        kept = [.. Courses.Select(course => course.Course.Id), .. Openings.Select(opening => opening.Opening.Id)];
    }

    /// <summary>Raises the <see cref="Bar"/>, and passes over what is kept but cannot reach it.</summary>
    public void Raise(double bar)
    {
        if (bar <= Bar)
            return;
        Bar = bar;
        Courses.RemoveAll(course => Clears(course.Ceiling) is null);
        Openings.RemoveAll(opening => Clears(opening.Ceiling) is null);
    }

    /// <returns>The ceiling as shown, if it clears the bar; null (and the ceiling noted as passed over) if not.</returns>
    private double? Clears(double ceiling)
    {
        var shown = Scoring.Rounded(ceiling);
        if (shown >= Bar)
            return shown;
        PassedOver = Math.Max(PassedOver, shown);
        passed++;
        return null;
    }
}

/// <summary>A course that fits, with what its score is made of worked out once per request,
/// so that pairing it with openings is plain arithmetic.</summary>
internal sealed class FitCourse(Course course, double? km, MatchRequest request)
{
    public Course Course => course;

    public MatchRequest Request => request;

    /// <summary>Whether it runs at a time the person prefers (1) or not (0).</summary>
    public double Preferred { get; } = request.Preferences.Schedules.Contains(course.Schedule) ? 1 : 0;

    /// <summary>The highest score (as shown) a suggestion with it can reach.</summary>
    public required double Ceiling { get; init; }

    /// <summary>Null for an online course.</summary>
    public double? Km => km;

    public double Nearness { get; } = Scoring.Nearness(km);

    public double Soonness { get; } = Scoring.Soonness(request.AvailableFrom, course.StartsOn);

    // Cheap, so worked out when read rather than held: a broad request makes many, and each byte adds to collections.
    public double Room => Scoring.Room(course.SeatsFree);

    /// <summary>What it gives a pathway's score but for the level it reaches (<see cref="Scoring.CourseShare"/>).</summary>
    public double Share => double.IsNaN(share) ? share = Scoring.CourseShareButLevel(Nearness, Soonness, Room) : share;

    /// <summary>The course alone, as a suggestion: drawn anew each time the list is, so its score is worked out once.</summary>
    public Candidate Alone
    {
        get
        {
            if (double.IsNaN(aloneScore))
                aloneScore = Candidate.OfCourse(this, request).Score;
            return new(SuggestionKind.Course, this, null, aloneScore);
        }
    }

    // Worked out when first asked for (NaN until then), as many courses that fit are never paired or drawn.
    private double share = double.NaN;
    private double aloneScore = double.NaN;
}

/// <summary>An opening that fits, with the level it effectively needs and what its score is made of.</summary>
internal sealed class FitOpening(Opening opening, double km, Agreement? agreement, MatchRequest request)
{
    public Opening Opening => opening;

    /// <summary>How well its occupation meets the person's ranked wishes (<see cref="Preferences.OccupationFit"/>).</summary>
    public double Preferred { get; } = request.Preferences.Occupations.Count == 0 ? 0 : request.Preferences.OccupationFit(opening.Occupation);

    /// <inheritdoc cref="FitCourse.Ceiling"/>
    public required double Ceiling { get; init; }

    public double Km => km;

    /// <summary>The employer's agreement that lowers the level, if one does.</summary>
    public Agreement? Agreement => agreement;

    /// <summary>The effective level: the opening's own, or the agreement's where that is lower.</summary>
    public Level Needs => agreement?.MinLevel ?? opening.MinLevel;

    public double Nearness { get; } = Scoring.Nearness(km);

    public double Soonness { get; } = Scoring.Soonness(request.AvailableFrom, opening.StartsOn);

    // Cheap, so worked out when read rather than held: a broad request makes many, and each byte adds to collections.
    public double Room => Scoring.Room(opening.PositionsLeft);

    public double Commitment => Scoring.Commitment(opening, agreement);

    /// <summary>What it gives a pathway's score (<see cref="Scoring.OpeningShare(FitOpening)"/>).</summary>
    public double Share => double.IsNaN(share)
        ? share = Scoring.OpeningShare(Scoring.OpeningShare(Nearness, Commitment, Room), Preferred, request.Preferences)
        : share;

    /// <summary>The job, as a suggestion (if the person qualifies): drawn anew each time the list is, so its score is
    /// worked out once.</summary>
    public Candidate Job
    {
        get
        {
            if (double.IsNaN(jobScore))
                jobScore = Candidate.OfJob(this, request).Score;
            return new(SuggestionKind.Job, null, this, jobScore);
        }
    }

    // Worked out when first asked for (NaN until then), as many openings that fit are never paired or drawn.
    private double share = double.NaN;
    private double jobScore = double.NaN;
}

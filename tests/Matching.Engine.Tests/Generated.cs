using System.Runtime.InteropServices;
using Matching.Vocabulary;

namespace Matching.Engine.Tests;

/// <summary>Random but reproducible worlds (seeded <see cref="Random"/>) around Duisburg and a few other cities.</summary>
internal static class Generated
{
    private static readonly GeoPoint[] Cities =
    [
        new(51.43247, 6.76516),  // Duisburg
        new(51.45657, 7.01228),  // Essen
        new(51.22319, 6.77927),  // Düsseldorf
        new(51.51494, 7.466),    // Dortmund
        new(50.93333, 6.95),     // Köln
        new(52.52437, 13.41053), // Berlin
    ];

    private static readonly string[] Employers = ["rhein-logistik", "ruhr-pflege", "hafen-service", "stahl-werk", "markt-kette"];
    private static readonly string[] Occupations = ["9333", "9329", "9321", "5322", "5321", "8322", "7126"];
    private static readonly string[] AgreementPrefixes = ["9", "93", "9333", "53", "5322", "8", "71"];
    private static readonly string[] Wishes = ["9", "93", "9333", "5", "532", "8322", "7"];
    private static readonly DateOnly Year = new(2027, 1, 1);

    /// <summary>A world at its newest versions, the updates that led there (older versions among them, in any order), and a person.</summary>
    public static (World Latest, List<object> Updates, MatchRequest Request) Instance(Random random)
    {
        var latest = World(random, random.Next(0, 40), random.Next(0, 60), random.Next(0, 10));
        var updates = new List<object>();
        foreach (var course in latest.Courses)
            updates.AddRange(Enumerable.Range(1, (int)course.Version - 1).Select(v => Course(random) with { Id = course.Id, Version = v }));
        foreach (var opening in latest.Openings)
            updates.AddRange(Enumerable.Range(1, (int)opening.Version - 1).Select(v => Opening(random) with { Id = opening.Id, Version = v }));
        foreach (var agreement in latest.Agreements)
            updates.AddRange(Enumerable.Range(1, (int)agreement.Version - 1).Select(v => Agreement(random) with { Id = agreement.Id, Version = v }));
        updates.AddRange([.. latest.Courses, .. latest.Openings, .. latest.Agreements]);
        random.Shuffle(CollectionsMarshal.AsSpan(updates));
        return (latest, updates, Request(random));
    }

    /// <summary>A crowded world: 50–150 courses and 500–2,000 openings of a few or a hundred employers within about 30 km
    /// of Duisburg, and a person there, so that a list fills from the first few kilometres and most of what lies in
    /// reach need not count.</summary>
    public static (World Latest, MatchRequest Request) Crowded(Random random)
    {
        var world = new World();
        var employers = Chance(random, 0.3) ? 4 : 100; // few: the caps bind, and a newcomer can push two out past them
        for (var i = random.Next(50, 150); i > 0; i--)
        {
            var course = Course(random);
            var at = Around(random, Cities[0]);
            course = course with { SeatsFree = random.Next(0, 26) };
            world.Add(course.At is null ? course : course with { At = at });
        }
        for (var i = random.Next(500, 2000); i > 0; i--)
        {
            var at = Around(random, Cities[0]);
            world.Add(Opening(random) with
            {
                EmployerId = "employer-" + random.Next(employers), At = at, PositionsLeft = random.Next(0, 11),
            });
        }
        for (var i = random.Next(0, 60); i > 0; i--)
            world.Add(Agreement(random) with { EmployerId = "employer-" + random.Next(employers) });
        var request = Request(random) with
        {
            Location = Around(random, Cities[0]), MaxDistanceKm = random.Next(2, 60), Limit = random.Next(1, employers < 10 ? 26 : 11),
        };
        return (world, Chance(random, 0.5) ? request with { Occupations = [], Schedules = [], NeedsChildcare = false } : request);
    }

    public static World World(Random random, int courses, int openings, int agreements)
    {
        var world = new World();
        for (var i = 0; i < courses; i++)
            world.Add(Course(random) with { Version = random.Next(1, 4) });
        for (var i = 0; i < openings; i++)
            world.Add(Opening(random) with { Version = random.Next(1, 4) });
        for (var i = 0; i < agreements; i++)
            world.Add(Agreement(random) with { Version = random.Next(1, 4) });
        return world;
    }

    private static MatchRequest Request(Random random) => new(
        Reference: "case-" + random.Next(10_000),
        Level: (Level)random.Next(0, 6),
        Location: Near(random),
        MaxDistanceKm: random.Next(1, 60),
        AvailableFrom: Year.AddDays(random.Next(-30, 120)),
        Schedules: Some(random, Enum.GetValues<Schedule>()),
        NeedsChildcare: Chance(random, 0.3),
        Occupations: Some(random, Wishes),
        Limit: random.Next(1, 25),
        Admission: Chance(random, 0.7) ? null : new Admission(
            Maybe(random, Enum.GetValues<IntegrationCourseStatus>()), Maybe(random, [true, false]), Maybe(random, [true, false]),
            Maybe(random, [true, false])),
        Preferences: Chance(random, 0.5) ? null : new Preferences(
            Some(random, Wishes), Maybe(random, Enum.GetValues<Pursuit>()), Some(random, Enum.GetValues<Schedule>())));

    /// <summary>One of the values, or unknown (null) a third of the time.</summary>
    private static T? Maybe<T>(Random random, T[] values) where T : struct =>
        Chance(random, 1 / 3.0) ? null : random.GetItems(values, 1)[0];

    private static Course Course(Random random)
    {
        var from = (Level)random.Next(0, 6);
        var startsOn = Year.AddDays(random.Next(0, 200));
        var online = Chance(random, 0.15);
        var at = online && Chance(random, 0.5) ? (GeoPoint?)null : Near(random);
        var seatsTotal = random.Next(1, 26);
        return new Course(
            Id(random), 1, "provider-" + random.Next(3), "Course " + random.Next(1000), random.GetItems(Enum.GetValues<CourseKind>(), 1)[0],
            from, (Level)random.Next((int)from + 1, 7), at, online,
            startsOn, startsOn.AddDays(random.Next(30, 250)), random.GetItems(Enum.GetValues<Schedule>(), 1)[0],
            Childcare: Chance(random, 0.5), SeatsFree: Math.Min(seatsTotal, random.Next(0, 6)), Withdrawn: Chance(random, 0.1));
    }

    private static Opening Opening(Random random)
    {
        var at = Near(random);
        return new Opening(
            Id(random), 1, random.GetItems(Employers, 1)[0], "Opening " + random.Next(1000), random.GetItems(Occupations, 1)[0],
            at, (Level)random.Next(1, 6), PositionsLeft: random.Next(0, 4),
            Year.AddDays(random.Next(0, 365)), LanguageSupport: Chance(random, 0.5), Closed: Chance(random, 0.1));
    }

    private static Agreement Agreement(Random random)
    {
        var validFrom = Year.AddDays(random.Next(-100, 200));
        return new Agreement(
            Id(random), 1, random.GetItems(Employers, 1)[0], Some(random, AgreementPrefixes), (Level)random.Next(0, 4),
            QuotaLeft: random.Next(0, 3), validFrom, validFrom.AddDays(random.Next(0, 300)),
            Chance(random, 0.5) ? "Deutsch am Arbeitsplatz" : null);
    }

    private static Guid Id(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes);
    }

    /// <summary>A point up to about 30 km from one of the cities, Duisburg half the time.</summary>
    private static GeoPoint Near(Random random) => Around(random, Chance(random, 0.5) ? Cities[0] : random.GetItems(Cities, 1)[0]);

    /// <summary>A point up to about 30 km from the place.</summary>
    private static GeoPoint Around(Random random, GeoPoint place) =>
        new(place.Lat + (random.NextDouble() - 0.5) * 0.5, place.Lon + (random.NextDouble() - 0.5) * 0.8);

    /// <summary>Half the time none (meaning "any"), else one to three of the choices.</summary>
    private static T[] Some<T>(Random random, T[] choices) =>
        Chance(random, 0.5) ? [] : [.. random.GetItems(choices, random.Next(1, 4)).Distinct()];

    private static bool Chance(Random random, double p) => random.NextDouble() < p;
}

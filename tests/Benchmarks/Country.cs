using System.Globalization;
using Matching.Engine;
using Matching.Vocabulary;

namespace Benchmarks;

/// <summary>
/// A made-up but realistic country: courses, openings and agreements spread over the German places of
/// the gazetteer, with the Duisburg area densest (by default a tenth of everything lies within 30 km of it,
/// about a hundred times the density of an average place).
/// Seeded, so every run measures the same data.
/// </summary>
public sealed class Country
{
    private static readonly GeoPoint Duisburg = new(51.43247, 6.76516);
    private static readonly string[] Occupations =
        ["9333", "8344", "5322", "9412", "9112", "7411", "7212", "5120", "8322", "9329", "4321", "5223", "9613", "7115", "8160", "5321"];
    private static readonly DateOnly Start = new(2027, 1, 4);

    private readonly Random random;
    private readonly GeoPoint[] places;
    private readonly GeoPoint[] nearDuisburg;

    private readonly double duisburgShare;

    private Country(int seed, double duisburgShare)
    {
        random = new Random(seed);
        this.duisburgShare = duisburgShare;
        places = LoadPlaces();
        nearDuisburg = places.Where(p => GreatCircle.Km(p, Duisburg) < 30).ToArray();
    }

    public List<Course> Courses { get; } = [];

    public List<Opening> Openings { get; } = [];

    public List<Agreement> Agreements { get; } = [];

    /// <summary>The country: 20,000 courses, 100,000 openings, 5,000 agreements.</summary>
    public static Country Generate(int courses = 20_000, int openings = 100_000, int agreements = 5_000, int seed = 2027,
        int employers = 20_000, (int Min, int Max)? seats = null, (int Min, int Max)? positions = null, bool nearDuisburgOnly = false,
        double duisburgShare = 0.1)
    {
        var country = new Country(seed, duisburgShare);
        var (seatsMin, seatsMax) = seats ?? (1, 12);
        var (positionsMin, positionsMax) = positions ?? (1, 5);
        for (var i = 0; i < courses; i++) country.Courses.Add(country.Course(seatsMin, seatsMax, nearDuisburgOnly));
        for (var i = 0; i < openings; i++) country.Openings.Add(country.Opening(employers, positionsMin, positionsMax, nearDuisburgOnly));
        for (var i = 0; i < agreements; i++) country.Agreements.Add(country.Agreement(employers));
        return country;
    }

    public Catalog ToCatalog()
    {
        var catalog = new Catalog();
        foreach (var course in Courses) catalog.Apply(course);
        foreach (var opening in Openings) catalog.Apply(opening);
        foreach (var agreement in Agreements) catalog.Apply(agreement);
        return catalog;
    }

    /// <summary>A person looking for a course or job, mostly around Duisburg.</summary>
    public MatchRequest Person(int number, bool nearDuisburgOnly = false, double maxDistanceKm = 25, int limit = 10)
    {
        var level = (Level)random.Next(0, 5);
        var occupations = random.NextDouble() < 0.5 ? [] : new[] { Occupations[random.Next(Occupations.Length)][..2] };
        var schedules = random.NextDouble() < 0.7 ? [] : new[] { (Schedule)random.Next(0, 4) };
        return new MatchRequest($"case-{number}", level, Place(nearDuisburgOnly), maxDistanceKm, Start.AddDays(random.Next(0, 60)),
            schedules, random.NextDouble() < 0.2, occupations, limit);
    }

    private Course Course(int seatsMin, int seatsMax, bool nearDuisburgOnly)
    {
        var from = (Level)random.Next(0, 5);
        var to = (Level)Math.Min(6, (int)from + random.Next(1, 4));
        var online = random.NextDouble() < 0.05;
        var place = Place(nearDuisburgOnly);
        var starts = Start.AddDays(random.Next(0, 240));
        var (id, provider) = (Id(), $"provider-{random.Next(2_000)}");
        var kind = (CourseKind)random.Next(0, 5);
        var ends = starts.AddDays(random.Next(60, 200));
        _ = random.Next(10, 26); // the hours per week, likewise
        return new Course(id, 1, provider, $"Deutschkurs {from}–{to}", kind, from, to, online ? null : place, online, starts, ends,
            (Schedule)random.Next(0, 4), random.NextDouble() < 0.3, random.Next(seatsMin, seatsMax + 1), false);
    }

    private Opening Opening(int employers, int positionsMin, int positionsMax, bool nearDuisburgOnly)
    {
        var place = Place(nearDuisburgOnly);
        var positions = random.Next(positionsMin, positionsMax + 1);
        var (id, employer, occupation) = (Id(), $"employer-{random.Next(employers)}", Occupations[random.Next(Occupations.Length)]);
        var (minLevel, startsOn) = ((Level)random.Next(1, 5), Start.AddDays(random.Next(0, 365)));
        _ = random.Next(20, 41); // the hours per week, which matching does not read: still drawn, so that every run measures the same data
        return new Opening(id, 1, employer, "Helfer/in", occupation, place, minLevel, positions, startsOn, random.NextDouble() < 0.4, false);
    }

    private Agreement Agreement(int employers)
    {
        var quota = random.Next(1, 11);
        return new Agreement(Id(), 1, $"employer-{random.Next(employers)}", [Occupations[random.Next(Occupations.Length)][..2]],
            (Level)random.Next(1, 3), quota, new DateOnly(2027, 1, 1), new DateOnly(2027, 12, 31), "Deutsch am Arbeitsplatz");
    }

    private GeoPoint Place(bool nearDuisburgOnly)
    {
        var pool = nearDuisburgOnly || random.NextDouble() < duisburgShare ? nearDuisburg : places;
        var place = pool[random.Next(pool.Length)];
        // within about 2 km of the place's centre
        return new GeoPoint(place.Lat + (random.NextDouble() - 0.5) * 0.036, place.Lon + (random.NextDouble() - 0.5) * 0.058);
    }

    private Guid Id()
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes);
    }

    private static GeoPoint[] LoadPlaces()
    {
        using var stream = typeof(Country).Assembly.GetManifestResourceStream("de-places.csv")!;
        using var reader = new StreamReader(stream);
        reader.ReadLine();
        var places = new List<GeoPoint>();
        while (reader.ReadLine() is { } line)
        {
            var columns = line.Split(',');
            places.Add(new GeoPoint(double.Parse(columns[1], CultureInfo.InvariantCulture), double.Parse(columns[2], CultureInfo.InvariantCulture)));
        }

        return places.ToArray();
    }
}

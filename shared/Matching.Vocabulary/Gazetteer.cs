using System.Globalization;

namespace Matching.Vocabulary;

/// <summary>
/// Turns a German place name ("Hochfeld", "Duisburg", "Duisburg-Meiderich") into coordinates.
/// Place data © GeoNames (geonames.org), CC BY 4.0. A name that occurs more than once resolves to
/// the candidate nearest the city the system serves (Duisburg).
/// </summary>
public sealed class Gazetteer
{
    private static readonly GeoPoint Home = new(51.43247, 6.76516);
    private readonly Dictionary<string, GeoPoint> places;

    private Gazetteer(Dictionary<string, GeoPoint> places) => this.places = places;

    public static Gazetteer Germany { get; } = Load();

    public int Count => places.Count;

    public GeoPoint? Find(string name)
    {
        var key = name.Trim();
        if (places.TryGetValue(key, out var found)) return found;
        // "Duisburg-Hochfeld": the district after the city.
        var dash = key.IndexOf('-');
        return dash > 0 && places.TryGetValue(key[(dash + 1)..].Trim(), out found) ? found : null;
    }

    private static Gazetteer Load()
    {
        using var stream = typeof(Gazetteer).Assembly.GetManifestResourceStream("de-places.csv")
            ?? throw new InvalidOperationException("The gazetteer de-places.csv is not embedded");
        using var reader = new StreamReader(stream);
        reader.ReadLine(); // name,lat,lon,state,district
        var places = new Dictionary<string, GeoPoint>(StringComparer.OrdinalIgnoreCase);
        while (reader.ReadLine() is { } line)
        {
            var columns = line.Split(',');
            if (columns.Length < 3) continue;
            var place = new GeoPoint(
                double.Parse(columns[1], CultureInfo.InvariantCulture),
                double.Parse(columns[2], CultureInfo.InvariantCulture));
            var name = columns[0];
            if (!places.TryGetValue(name, out var known) || RoughDistance(place) < RoughDistance(known))
                places[name] = place;
        }

        return new Gazetteer(places);
    }

    // Only compares candidates of one name, so plain degrees are precise enough.
    private static double RoughDistance(GeoPoint place) =>
        Math.Pow(place.Lat - Home.Lat, 2) + Math.Pow((place.Lon - Home.Lon) * Math.Cos(Home.Lat * Math.PI / 180), 2);
}

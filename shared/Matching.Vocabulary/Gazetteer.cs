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

    // Every place once per name (as Find resolves it), by latitude, for Nearest.
    private readonly (string Name, GeoPoint At)[] byLatitude;

    private Gazetteer(Dictionary<string, GeoPoint> places)
    {
        this.places = places;
        byLatitude = places.Select(place => (place.Key, place.Value)).OrderBy(place => place.Value.Lat).ThenBy(place => place.Key, StringComparer.Ordinal).ToArray();
    }

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

    /// <summary>
    /// The name of the place nearest to <paramref name="point"/> (the district a point lies in, as the figures count it).
    /// Reads outward in latitude from the point and stops once a place farther north or south could not be nearer.
    /// </summary>
    public string Nearest(GeoPoint point)
    {
        var cos = Math.Cos(point.Lat * Math.PI / 180);
        var (best, bestDistance) = ("", double.PositiveInfinity);
        var start = LowerBound(point.Lat);
        for (var i = start; i < byLatitude.Length && Squared(byLatitude[i].At.Lat - point.Lat) < bestDistance; i++) Consider(i);
        for (var i = start - 1; i >= 0 && Squared(point.Lat - byLatitude[i].At.Lat) < bestDistance; i--) Consider(i);
        return best;

        void Consider(int i)
        {
            var (name, at) = byLatitude[i];
            var distance = Squared(at.Lat - point.Lat) + Squared((at.Lon - point.Lon) * cos);
            if (distance < bestDistance || distance == bestDistance && string.CompareOrdinal(name, best) < 0) (best, bestDistance) = (name, distance);
        }
    }

    private static double Squared(double x) => x * x;

    private int LowerBound(double lat)
    {
        var (low, high) = (0, byLatitude.Length);
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (byLatitude[middle].At.Lat < lat) low = middle + 1;
            else high = middle;
        }
        return low;
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

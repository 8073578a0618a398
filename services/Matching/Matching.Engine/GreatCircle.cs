using Matching.Vocabulary;

namespace Matching.Engine;

/// <summary>Distances along the Earth's surface.</summary>
public static class GreatCircle
{
    /// <summary>The mean Earth radius (IUGG), in km.</summary>
    public const double EarthRadiusKm = 6371.0088;

    /// <summary>The great-circle distance between two points in km (haversine formula).</summary>
    public static double Km(GeoPoint from, GeoPoint to) => Km(from, CosLat(from), to, CosLat(to));

    /// <summary>The cosine of a point's latitude, which <see cref="Km(GeoPoint, double, GeoPoint, double)"/> takes
    /// worked out beforehand: the index keeps it beside each item and a query works out its own once, so that a query
    /// does not work out the same cosines again for every item it reads.</summary>
    internal static double CosLat(GeoPoint at) => Math.Cos(Radians(at.Lat));

    /// <summary>The same distance as <see cref="Km(GeoPoint, GeoPoint)"/> (the very same arithmetic, so the same bits),
    /// with the cosines of both latitudes (<see cref="CosLat"/>) given.</summary>
    internal static double Km(GeoPoint from, double cosFrom, GeoPoint to, double cosTo)
    {
        var dLat = Radians(to.Lat - from.Lat);
        var dLon = Radians(to.Lon - from.Lon);
        var h = Square(Math.Sin(dLat / 2))
              + cosFrom * cosTo * Square(Math.Sin(dLon / 2));
        return 2 * EarthRadiusKm * Math.Asin(Math.Sqrt(Math.Min(1, h)));
    }

    internal static double Radians(double degrees) => degrees * Math.PI / 180;

    internal static double Degrees(double radians) => radians * 180 / Math.PI;

    private static double Square(double x) => x * x;
}

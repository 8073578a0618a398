namespace Matching.Engine;

/// <summary>A point on the Earth in decimal degrees.</summary>
public readonly record struct GeoPoint(double Lat, double Lon);

/// <summary>Distances along the Earth's surface.</summary>
public static class GreatCircle
{
    /// <summary>The mean Earth radius (IUGG), in km.</summary>
    public const double EarthRadiusKm = 6371.0088;

    /// <summary>The great-circle distance between two points in km (haversine formula).</summary>
    public static double Km(GeoPoint from, GeoPoint to)
    {
        var dLat = Radians(to.Lat - from.Lat);
        var dLon = Radians(to.Lon - from.Lon);
        var h = Square(Math.Sin(dLat / 2))
              + Math.Cos(Radians(from.Lat)) * Math.Cos(Radians(to.Lat)) * Square(Math.Sin(dLon / 2));
        return 2 * EarthRadiusKm * Math.Asin(Math.Sqrt(Math.Min(1, h)));
    }

    internal static double Radians(double degrees) => degrees * Math.PI / 180;

    internal static double Degrees(double radians) => radians * 180 / Math.PI;

    private static double Square(double x) => x * x;
}

using System.Runtime.InteropServices;

namespace Matching.Engine;

/// <summary>Items bucketed in cells of 0.1° × 0.1° (about 11 km × 7 km around Duisburg), each stored with its
/// location (and the cosine of its latitude, which every distance to it takes), so that a query reads only the cells
/// within its reach and passes over most items without touching them.</summary>
internal sealed class Grid<T> where T : class
{
    private const int CellsPerDegree = 10;
    private const int Rows = 180 * CellsPerDegree;
    private const int Columns = 360 * CellsPerDegree;

    private readonly Dictionary<(int Row, int Column), List<(GeoPoint At, double CosLat, T Item)>> cells = [];

    public void Add(GeoPoint at, T item) =>
        (CollectionsMarshal.GetValueRefOrAddDefault(cells, CellOf(at), out _) ??= []).Add((at, GreatCircle.CosLat(at), item));

    public void Remove(GeoPoint at, T item)
    {
        var cell = CellOf(at);
        var items = cells[cell];
        var index = items.FindIndex(held => ReferenceEquals(held.Item, item));
        items[index] = items[^1];
        items.RemoveAt(items.Count - 1);
        if (items.Count == 0)
            cells.Remove(cell);
    }

    /// <summary>The items that may lie within <paramref name="km"/> of <paramref name="center"/>: those in the
    /// circle's bounding box, each with the cosine of its latitude. The exact distance is the caller's to check.</summary>
    public IEnumerable<(T Item, double CosLat)> Near(GeoPoint center, double km)
    {
        const double margin = 1e-6; // degrees (0.1 m), against rounding at the box's edge
        var reach = Math.Max(0, km) / GreatCircle.EarthRadiusKm; // radians of arc
        var dLat = GreatCircle.Degrees(reach) + margin;
        var (south, north) = (center.Lat - dLat, center.Lat + dLat);

        // The widest longitude span of a circle that does not reach a pole: asin(sin(reach) / cos(lat)).
        var dLon = north >= 90 || south <= -90
            ? 180
            : GreatCircle.Degrees(Math.Asin(Math.Sin(reach) / Math.Cos(GreatCircle.Radians(center.Lat)))) + margin;

        foreach (var items in CellsWithin(south, north, center.Lon - dLon, center.Lon + dLon))
        {
            foreach (var (at, cosLat, item) in items)
            {
                if (at.Lat >= south && at.Lat <= north && LongitudeGap(at.Lon, center.Lon) <= dLon)
                    yield return (item, cosLat);
            }
        }
    }

    private IEnumerable<List<(GeoPoint, double, T)>> CellsWithin(double south, double north, double west, double east)
    {
        var (firstRow, lastRow) = (Row(Math.Max(south, -90)), Row(Math.Min(north, 90)));
        var firstColumn = Index(west);
        var columnCount = Math.Min(Columns, Index(east) - firstColumn + 1);

        // A reach wider than the occupied cells (a whole country, say) simply reads them all.
        if ((long)(lastRow - firstRow + 1) * columnCount >= cells.Count)
            return cells.Values;

        var within = new List<List<(GeoPoint, double, T)>>();
        for (var row = firstRow; row <= lastRow; row++)
        {
            for (var i = 0; i < columnCount; i++)
            {
                if (cells.TryGetValue((row, Wrap(firstColumn + i)), out var items))
                    within.Add(items);
            }
        }
        return within;
    }

    private static (int Row, int Column) CellOf(GeoPoint at) => (Row(at.Lat), Wrap(Index(at.Lon)));

    private static int Row(double lat) => Math.Clamp(Index(lat), -Rows / 2, Rows / 2);

    private static int Index(double degrees) => (int)Math.Floor(degrees * CellsPerDegree);

    /// <summary>Longitude wraps around: 180° E and 180° W are the same meridian.</summary>
    private static int Wrap(int column) => ((column % Columns) + Columns) % Columns;

    private static double LongitudeGap(double lon, double other)
    {
        var gap = Math.Abs(lon - other) % 360;
        return gap > 180 ? 360 - gap : gap;
    }
}

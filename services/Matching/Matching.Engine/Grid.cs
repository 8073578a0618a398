using Matching.Vocabulary;

namespace Matching.Engine;

/// <summary>
/// The Earth in cells of 1/50° of latitude × 1/32° of longitude (about 2.2 km × 2.2 km around Duisburg), each holding
/// a <typeparamref name="TCell"/>, so that a query reads the cells around a person nearest first and can stop where
/// farther cells no longer matter.
/// </summary>
internal sealed class Grid<TCell> where TCell : class, new()
{
    private const int RowsPerDegree = 50;
    private const int ColumnsPerDegree = 32;
    private const int Rows = 180 * RowsPerDegree + 1; // the North Pole is a row of its own
    private const int Columns = 360 * ColumnsPerDegree;

    private readonly Dictionary<int, TCell> cells = [];

    /// <summary>The cell a point lies in, made when first asked for.</summary>
    public TCell At(GeoPoint at)
    {
        var key = Key(Row(at.Lat), Column(at.Lon));
        if (!cells.TryGetValue(key, out var cell))
            cells.Add(key, cell = new TCell());
        return cell;
    }

    /// <summary>
    /// The cells that may hold points within <paramref name="km"/> of <paramref name="center"/>, nearest first, each
    /// with the least distance at which a point in it can lie: a reader that has read the cells before one knows that
    /// nothing unread lies nearer than that cell's distance.
    /// </summary>
    public List<(double Km, TCell Cell)> Outward(GeoPoint center, double km)
    {
        const double margin = 1e-6; // degrees (0.1 m), against rounding at the box's edge
        var reach = Math.Max(0, km) / GreatCircle.EarthRadiusKm; // radians of arc
        var dLat = GreatCircle.Degrees(reach) + margin;
        var (south, north) = (center.Lat - dLat, center.Lat + dLat);
        // The widest longitude span of a circle that does not reach a pole: asin(sin(reach) / cos(lat)).
        var dLon = north >= 90 || south <= -90 || reach >= Math.PI / 2
            ? 180
            : GreatCircle.Degrees(Math.Asin(Math.Min(1, Math.Sin(reach) / Math.Cos(GreatCircle.Radians(center.Lat))))) + margin;
        var (firstRow, lastRow) = (Row(south), Row(north));
        var firstColumn = (int)Math.Floor((center.Lon - dLon) * ColumnsPerDegree);
        var columnCount = Math.Min(Columns, (int)Math.Floor((center.Lon + dLon) * ColumnsPerDegree) - firstColumn + 1);

        var distance = new Distance(center);
        var outward = new List<(double Km, TCell Cell)>((int)Math.Min(cells.Count, (long)(lastRow - firstRow + 1) * columnCount));
        if ((long)(lastRow - firstRow + 1) * columnCount >= cells.Count)
        {
            // A reach wider than the occupied cells (a whole country, say) simply weighs them all.
            foreach (var (key, cell) in cells)
            {
                var (row, column) = (key / Columns - Rows / 2, key % Columns);
                var cellKm = distance.Km(distance.AcrossRow(row), distance.AlongColumn(column));
                if (cellKm <= km)
                    outward.Add((cellKm, cell));
            }
        }
        else
        {
            // The parts of the distance that depend only on the row or only on the column, worked out once each.
            var alongColumns = new double[columnCount];
            for (var i = 0; i < columnCount; i++)
                alongColumns[i] = distance.AlongColumn(Wrap(firstColumn + i));
            for (var row = firstRow; row <= lastRow; row++)
            {
                var acrossRow = distance.AcrossRow(row);
                for (var i = 0; i < columnCount; i++)
                {
                    if (cells.TryGetValue(Key(row, Wrap(firstColumn + i)), out var cell)
                        && distance.Km(acrossRow, alongColumns[i]) is var cellKm && cellKm <= km)
                        outward.Add((cellKm, cell));
                }
            }
        }
        outward.Sort(static (a, b) => a.Km.CompareTo(b.Km));
        return outward;
    }

    private static int Key(int row, int column) => (row + Rows / 2) * Columns + column;

    private static int Row(double lat) => Math.Clamp((int)Math.Floor(lat * RowsPerDegree), -Rows / 2, Rows / 2);

    private static int Column(double lon) => Wrap((int)Math.Floor(lon * ColumnsPerDegree));

    /// <summary>Longitude wraps around: 180° E and 180° W are the same meridian.</summary>
    private static int Wrap(int column) => ((column % Columns) + Columns) % Columns;

    /// <summary>The least great-circle distance from a point to any point of a cell, never more than the haversine
    /// distance <see cref="GreatCircle.Km(GeoPoint, GeoPoint)"/> gives to a point in it.</summary>
    /// <remarks>Haversine: <c>h = sin²(Δφ/2) + cos φ₀ cos φ sin²(Δλ/2)</c> grows with |Δφ| and |Δλ| (up to π) and with
    /// cos φ, so a cell's least |Δφ|, least |Δλ| and least cos φ (at its edge farther from the equator) bound it from
    /// below. The first two terms depend on the row alone, the last on the column alone.</remarks>
    private readonly struct Distance(GeoPoint center)
    {
        private readonly double cosCenter = GreatCircle.CosLat(center);
        private readonly double lon = ((center.Lon % 360) + 360) % 360;

        /// <summary><c>sin²(least Δφ / 2)</c> and the least <c>cos φ</c> over a row.</summary>
        public (double LatTerm, double CosLat) AcrossRow(int row)
        {
            var (south, north) = ((double)row / RowsPerDegree, (double)(row + 1) / RowsPerDegree);
            var gap = Math.Max(0, Math.Max(south - center.Lat, center.Lat - north));
            var cosLat = Math.Max(0, Math.Min(Math.Cos(GreatCircle.Radians(south)), Math.Cos(GreatCircle.Radians(north))));
            return (Square(Math.Sin(GreatCircle.Radians(gap) / 2)), cosLat);
        }

        /// <summary><c>sin²(least Δλ / 2)</c> over a column.</summary>
        public double AlongColumn(int column)
        {
            var (west, east) = ((double)column / ColumnsPerDegree, (double)(column + 1) / ColumnsPerDegree);
            var gap = lon >= west && lon <= east ? 0 : Math.Min(Around(lon, west), Around(lon, east));
            return Square(Math.Sin(GreatCircle.Radians(gap) / 2));
        }

        /// <summary>The least distance in km, shortened by a millimetre against rounding.</summary>
        public double Km((double LatTerm, double CosLat) row, double column)
        {
            var h = row.LatTerm + cosCenter * row.CosLat * column;
            return Math.Max(0, 2 * GreatCircle.EarthRadiusKm * Math.Asin(Math.Sqrt(Math.Min(1, h))) - 1e-6);
        }

        private static double Around(double a, double b)
        {
            var gap = Math.Abs(a - b) % 360;
            return gap > 180 ? 360 - gap : gap;
        }

        private static double Square(double x) => x * x;
    }
}

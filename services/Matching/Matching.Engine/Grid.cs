using Matching.Vocabulary;

namespace Matching.Engine;

/// <summary>
/// The Earth in cells of 1/50° of latitude × 1/32° of longitude (about 2.2 km × 2.2 km around Duisburg), each holding
/// a <typeparamref name="TCell"/>, and in blocks of 4 × 4 cells, of 4 × 4 such blocks and of 4 × 4 of those (about
/// 140 km across), each cell and block with the <see cref="Bounds"/> of what it holds. A query walks the blocks and cells
/// around a person nearest first, opening a block only when it comes up and is worth reading, so that it can stop where
/// farther cells no longer matter, and pass over a whole region whose bounds say it holds nothing for the person.
/// </summary>
internal sealed class Grid<TCell> where TCell : class, new()
{
    private const int RowsPerDegree = 50;
    private const int ColumnsPerDegree = 32;
    private const int Rows = 180 * RowsPerDegree + 1; // the North Pole is a row of its own
    private const int Columns = 360 * ColumnsPerDegree;

    /// <summary>Cells to a block's side, per tier.</summary>
    private const int Fanout = 4;

    /// <summary>The tiers above the cells: the top tier's blocks are 4³ = 64 cells to a side.</summary>
    private const int Tiers = 3;

    /// <summary>The nodes of each tier (0: cells, then the blocks), by row and column within their tier.</summary>
    private readonly Dictionary<long, Node>[] tiers = [.. Enumerable.Range(0, Tiers + 1).Select(_ => new Dictionary<long, Node>())];

    /// <summary>A cell, or a block of cells, with the bounds of what it holds.</summary>
    public sealed class Node(int tier, int row, int column, Node? parent)
    {
        public int Tier => tier;

        /// <summary>The first row and column of cells it covers, and how many to a side.</summary>
        public int Row => row * Side(tier);

        public int Column => column * Side(tier);

        /// <summary>The block it lies in; null at the top tier.</summary>
        public Node? Parent => parent;

        /// <summary>Exact for a cell; for a block, widened with each change to a cell in it and never narrowed, so
        /// loose once what it held is gone or changed.</summary>
        public Bounds Bounds { get; } = new();

        /// <summary>What a cell holds; null for a block.</summary>
        public TCell? Cell { get; init; }

        /// <summary>The cells or blocks of the tier below that a block holds; null for a cell.</summary>
        public List<Node>? Children { get; init; }
    }

    /// <summary>The cell a point lies in, made when first asked for (with the blocks above it).</summary>
    public Node At(GeoPoint at) => At(0, Row(at.Lat), Column(at.Lon));

    private Node At(int tier, int row, int column)
    {
        var key = (long)row * Columns + column;
        if (!tiers[tier].TryGetValue(key, out var node))
        {
            var parent = tier == Tiers ? null : At(tier + 1, FloorDiv(row, Fanout), column / Fanout);
            node = new Node(tier, row, column, parent) { Cell = tier == 0 ? new TCell() : null, Children = tier == 0 ? null : [] };
            parent?.Children!.Add(node);
            tiers[tier].Add(key, node);
        }
        return node;
    }

    /// <summary>
    /// The cells that may hold points within <paramref name="km"/> of <paramref name="center"/>, nearest first, each
    /// with the least distance at which a point in it can lie: a reader that has read the cells before one knows that
    /// nothing unread lies nearer than that cell's distance (but what it was told not to read).
    /// </summary>
    public Walk Outward(GeoPoint center, double km) => new(this, center, km);

    /// <summary>A walk from a person outward, which opens each block as it comes up, if it is worth reading.</summary>
    public sealed class Walk
    {
        private readonly Distance distance;
        private readonly double km;
        private readonly PriorityQueue<Node, double> next = new();

        internal Walk(Grid<TCell> grid, GeoPoint center, double km)
        {
            this.km = km;
            distance = new Distance(center);
            const double margin = 1e-6; // degrees (0.1 m), against rounding at the box's edge
            var reach = Math.Max(0, km) / GreatCircle.EarthRadiusKm; // radians of arc
            var dLat = GreatCircle.Degrees(reach) + margin;
            var (south, north) = (center.Lat - dLat, center.Lat + dLat);
            // The widest longitude span of a circle that does not reach a pole: asin(sin(reach) / cos(lat)).
            var dLon = north >= 90 || south <= -90 || reach >= Math.PI / 2
                ? 180
                : GreatCircle.Degrees(Math.Asin(Math.Min(1, Math.Sin(reach) / Math.Cos(GreatCircle.Radians(center.Lat))))) + margin;

            // The top tier's blocks in the box around the circle (or all of them, if that is fewer).
            var side = Side(Tiers);
            var (firstRow, lastRow) = (FloorDiv(Row(south), side), FloorDiv(Row(north), side));
            var firstColumn = FloorDiv((int)Math.Floor((center.Lon - dLon) * ColumnsPerDegree), side);
            var columnCount = Math.Min(Columns / side, FloorDiv((int)Math.Floor((center.Lon + dLon) * ColumnsPerDegree), side) - firstColumn + 1);
            var top = grid.tiers[Tiers];
            if ((long)(lastRow - firstRow + 1) * columnCount >= top.Count)
            {
                foreach (var block in top.Values)
                    Add(block);
            }
            else
            {
                for (var row = firstRow; row <= lastRow; row++)
                {
                    for (var i = 0; i < columnCount; i++)
                    {
                        var column = ((firstColumn + i) % (Columns / side) + Columns / side) % (Columns / side);
                        if (top.TryGetValue((long)row * Columns + column, out var block))
                            Add(block);
                    }
                }
            }
        }

        /// <summary>The next cell within reach that is worth reading, nearest first, with the least distance at which
        /// anything in it (or in any cell after it) can lie. A cell or block is passed over, unread and unopened, when
        /// <paramref name="worthReading"/> says its bounds at that distance hold nothing for the reader.</summary>
        public bool TryNext(Func<Bounds, double, bool> worthReading, out double km, out TCell cell)
        {
            while (next.TryDequeue(out var node, out km))
            {
                if (!worthReading(node.Bounds, km))
                    continue;
                if (node.Cell is { } found)
                {
                    cell = found;
                    return true;
                }
                foreach (var child in node.Children!)
                    Add(child);
            }
            (km, cell) = (double.PositiveInfinity, null!);
            return false;
        }

        private void Add(Node node)
        {
            var side = Side(node.Tier);
            var nodeKm = distance.Km(distance.AcrossRows(node.Row, side), distance.AlongColumns(node.Column, side));
            if (nodeKm <= km)
                next.Enqueue(node, nodeKm);
        }
    }

    /// <summary>Cells to the side of a node of the tier.</summary>
    private static int Side(int tier) => 1 << (2 * tier);

    private static int FloorDiv(int a, int b) => (int)Math.Floor((double)a / b);

    private static int Row(double lat) => Math.Clamp((int)Math.Floor(lat * RowsPerDegree), -Rows / 2, Rows / 2);

    private static int Column(double lon) => Wrap((int)Math.Floor(lon * ColumnsPerDegree));

    /// <summary>Longitude wraps around: 180° E and 180° W are the same meridian.</summary>
    private static int Wrap(int column) => ((column % Columns) + Columns) % Columns;

    /// <summary>The least great-circle distance from a point to any point of a cell or block, never more than the
    /// haversine distance <see cref="GreatCircle.Km(GeoPoint, GeoPoint)"/> gives to a point in it.</summary>
    /// <remarks>Haversine: <c>h = sin²(Δφ/2) + cos φ₀ cos φ sin²(Δλ/2)</c> grows with |Δφ| and |Δλ| (up to π) and with
    /// cos φ, so a cell's least |Δφ|, least |Δλ| and least cos φ (at its edge farther from the equator) bound it from
    /// below. The first two terms depend on the rows alone, the last on the columns alone.</remarks>
    private readonly struct Distance(GeoPoint center)
    {
        private readonly double cosCenter = GreatCircle.CosLat(center);
        private readonly double lon = ((center.Lon % 360) + 360) % 360;

        /// <summary><c>sin²(least Δφ / 2)</c> and the least <c>cos φ</c> over <paramref name="count"/> rows from
        /// <paramref name="row"/>.</summary>
        public (double LatTerm, double CosLat) AcrossRows(int row, int count)
        {
            var (south, north) = (Math.Max(-90, (double)row / RowsPerDegree), Math.Min(90, (double)(row + count) / RowsPerDegree));
            var gap = Math.Max(0, Math.Max(south - center.Lat, center.Lat - north));
            var cosLat = Math.Max(0, Math.Min(Math.Cos(GreatCircle.Radians(south)), Math.Cos(GreatCircle.Radians(north))));
            return (Square(Math.Sin(GreatCircle.Radians(gap) / 2)), cosLat);
        }

        /// <summary><c>sin²(least Δλ / 2)</c> over <paramref name="count"/> columns from <paramref name="column"/>.</summary>
        public double AlongColumns(int column, int count)
        {
            var (west, east) = ((double)column / ColumnsPerDegree, (double)(column + count) / ColumnsPerDegree);
            var gap = lon >= west && lon <= east ? 0 : Math.Min(Around(lon, west), Around(lon, east));
            return Square(Math.Sin(GreatCircle.Radians(gap) / 2));
        }

        /// <summary>The least distance in km, shortened by a millimetre against rounding.</summary>
        public double Km((double LatTerm, double CosLat) rows, double columns)
        {
            var h = rows.LatTerm + cosCenter * rows.CosLat * columns;
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

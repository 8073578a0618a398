using Matching.Vocabulary;

namespace Load;

/// <summary>
/// What caseworkers in Duisburg ask: people of every level from none to B2 within 15 km of the centre, broad (any job, any
/// time) and narrow (one occupation, one schedule), 10–50 km, and a tenth of them 100–300 km (willing to move). Seeded.
/// </summary>
public sealed class Caseworkers(int seed = 14)
{
    private static readonly GeoPoint Duisburg = new(51.43247, 6.76516);
    private static readonly string[] Occupations = ["9333", "8344", "5322", "9412", "9112", "7411", "5120", "8322", "4321", "5321"];
    private readonly Random random = new(seed);

    public object Next(int number)
    {
        lock (random)
        {
            var narrow = random.NextDouble() < 0.5;
            var occupation = Occupations[random.Next(Occupations.Length)];
            return new
            {
                reference = $"load-{number}",
                level = (Level)random.Next(0, 5),
                location = new { lat = Duisburg.Lat + (random.NextDouble() - 0.5) * 0.25, lon = Duisburg.Lon + (random.NextDouble() - 0.5) * 0.4 },
                maxDistanceKm = random.NextDouble() < 0.1 ? random.Next(100, 301) : random.Next(10, 51),
                availableFrom = new DateOnly(2027, 1, 4).AddDays(random.Next(0, 60)),
                schedules = narrow ? new[] { (Schedule)random.Next(0, 4) } : [],
                needsChildcare = random.NextDouble() < 0.2,
                occupations = narrow ? new[] { random.NextDouble() < 0.5 ? occupation : occupation[..2] } : [],
                limit = 10,
            };
        }
    }
}

using Matching.Vocabulary;

namespace Matching.Engine.Tests;

/// <summary>
/// The index passes over cells, and whole blocks of cells, whose bounds (the occupations, starts, levels, seats,
/// positions and agreements of what they hold) say that nothing in them fits the person or could enter the list. Here it
/// must still find what does fit wherever it lies, keep its bounds true as items and agreements change, and answer
/// exactly as the scan does.
/// </summary>
public class PassingOverWhatCannotFit
{
    private static readonly GeoPoint Munich = new(48.13743, 11.57549);

    [Fact]
    public void The_only_opening_in_the_wished_occupation_should_be_found_however_far_away()
    {
        var world = new World();
        for (var i = 0; i < 200; i++)
            world.Add(Given.Opening($"employer-{i}") with { Occupation = "9333", MinLevel = Level.A1, StartsOn = Given.January4 });
        var far = Given.Opening("far-away") with { Occupation = "7126", At = Munich };
        world.Add(far);

        var suggestions = world.Match(Given.Person() with { Occupations = ["7126"], MaxDistanceKm = 1_000 });

        Assert.True(suggestions.Suggest(far));
    }

    [Fact]
    public void An_opening_that_starts_in_time_should_be_found_among_ones_that_start_too_early()
    {
        var world = new World();
        for (var i = 0; i < 20; i++)
            world.Add(Given.Opening($"employer-{i}", at: Places.Berlin) with { StartsOn = Given.January4.AddDays(-i - 1) });
        var inTime = Given.Opening("in-time", at: Places.Berlin) with { StartsOn = Given.January4.AddDays(300) };
        var person = Given.Person() with { MaxDistanceKm = 1_000 };

        Assert.Empty(world.Match(person));
        world.Add(inTime);
        Assert.True(world.Match(person).Suggest(inTime));
    }

    [Fact]
    public void A_far_course_whose_seats_are_taken_should_return_when_one_is_free_again()
    {
        using var catalog = new Catalog();
        var course = Given.Course(at: Munich);
        var person = Given.Person() with { MaxDistanceKm = 1_000 };

        catalog.Apply(course);
        Assert.True(Matcher.Match(catalog, person).Suggestions.Suggest(course));

        catalog.Apply(course with { Version = 2, SeatsFree = 0 });
        Assert.Empty(Matcher.Match(catalog, person).Suggestions);

        catalog.Apply(course with { Version = 3, SeatsFree = 1 });
        Assert.True(Matcher.Match(catalog, person).Suggestions.Suggest(course));
    }

    [Fact]
    public void A_far_opening_that_moves_its_start_into_time_should_be_found()
    {
        using var catalog = new Catalog();
        var opening = Given.Opening(at: Munich) with { StartsOn = Given.January4.AddDays(-1) };
        var person = Given.Person() with { MaxDistanceKm = 1_000 };

        catalog.Apply(opening);
        Assert.Empty(Matcher.Match(catalog, person).Suggestions);

        catalog.Apply(opening with { Version = 2, StartsOn = Given.January4.AddDays(30) });
        Assert.True(Matcher.Match(catalog, person).Suggestions.Suggest(opening));
    }

    [Fact]
    public void A_far_opening_should_be_offered_as_a_job_once_an_agreement_lowers_its_level()
    {
        using var catalog = new Catalog();
        var opening = Given.Opening(at: Munich) with { MinLevel = Level.B1 };
        var person = Given.Person(Level.A2) with { MaxDistanceKm = 1_000 };

        catalog.Apply(opening);
        Assert.Empty(Matcher.Match(catalog, person).Suggestions);

        catalog.Apply(Given.Agreement());
        Assert.True(Matcher.Match(catalog, person).Suggestions.Suggest(opening));
    }

    [Fact]
    public void A_narrow_request_with_a_wide_reach_should_suggest_exactly_what_a_scan_of_everything_suggests()
    {
        var random = new Random(20271202);
        for (var instance = 0; instance < 150; instance++)
        {
            var (world, request) = Generated.Crowded(random);
            AddFarAway(world, random, courses: random.Next(0, 80), openings: random.Next(0, 400));
            request = Narrow(random, request);
            using var catalog = world.Catalog();

            world.AssertIndexedAlike(catalog, request, random.Next(1, 40));
        }
    }

    /// <summary>Starts up to six years before and after the person's day, whatever day that is: what cells and blocks pass
    /// over as starting too early for the person, or too late to enter the list, must be what the scan leaves out.</summary>
    [Fact]
    public void Starts_years_apart_should_be_passed_over_only_where_a_scan_leaves_them_out()
    {
        var random = new Random(20271204);
        for (var instance = 0; instance < 80; instance++)
        {
            var (world, request) = Generated.Crowded(random);
            AddFarAway(world, random, courses: random.Next(0, 80), openings: random.Next(0, 300));
            for (var i = 0; i < world.Courses.Count; i++)
            {
                var start = Given.January4.AddDays(random.Next(-6 * 365, 6 * 365));
                world.Courses[i] = world.Courses[i] with { StartsOn = start, EndsOn = start.AddDays(random.Next(30, 200)) };
            }
            for (var i = 0; i < world.Openings.Count; i++)
                world.Openings[i] = world.Openings[i] with { StartsOn = Given.January4.AddDays(random.Next(-6 * 365, 6 * 365)) };
            request = (random.Next(2) == 0 ? Narrow(random, request) : request) with
            {
                AvailableFrom = Given.January4.AddDays(random.Next(-6 * 365, 6 * 365)),
            };
            using var catalog = world.Catalog();

            world.AssertIndexedAlike(catalog, request, random.Next(1, 40));
        }
    }

    /// <summary>Courses and openings change between queries (seats and positions to none and back, later and earlier
    /// starts, other places and occupations, agreements that come, run out and return): the bounds of the cells they
    /// leave and enter must follow, so that the index still answers as the scan of what is there now.</summary>
    [Fact]
    public void The_index_should_answer_as_a_scan_while_courses_openings_and_agreements_change()
    {
        var random = new Random(20271203);
        for (var instance = 0; instance < 12; instance++)
        {
            var (world, request) = Generated.Crowded(random);
            AddFarAway(world, random, courses: 40, openings: 200);
            using var catalog = world.Catalog();
            for (var round = 0; round < 25; round++)
            {
                for (var change = random.Next(1, 60); change > 0; change--)
                    Change(world, catalog, random);
                world.AssertIndexedAlike(catalog, request, random.Next(1, 40));
                world.AssertIndexedAlike(catalog, Narrow(random, request), random.Next(1, 40));
            }
        }
    }

    /// <summary>One occupation (or a group of them), as far as 1,000 km.</summary>
    private static MatchRequest Narrow(Random random, MatchRequest request) => request with
    {
        Occupations = [random.GetItems<string>(["9333", "93", "5322", "7126", "8322"], 1)[0]],
        MaxDistanceKm = random.Next(2) == 0 ? 1_000 : random.Next(60, 700),
    };

    /// <summary>Courses and openings around the other cities and across the country, of the crowd's employers and
    /// others, in every occupation.</summary>
    private static void AddFarAway(World world, Random random, int courses, int openings)
    {
        var template = world.Openings.Count > 0 ? world.Openings[0] : Given.Opening();
        for (var i = 0; i < courses; i++)
        {
            var course = Given.Course() with
            {
                Id = Guid.NewGuid(), At = Anywhere(random), LevelFrom = (Level)random.Next(0, 4), SeatsFree = random.Next(0, 8),
                StartsOn = Given.January4.AddDays(random.Next(-30, 200)), Schedule = random.GetItems(Enum.GetValues<Schedule>(), 1)[0],
                Childcare = random.Next(2) == 0,
            };
            world.Add(course with { LevelTo = (Level)random.Next((int)course.LevelFrom + 1, 7), EndsOn = course.StartsOn.AddDays(random.Next(30, 200)) });
        }
        for (var i = 0; i < openings; i++)
        {
            world.Add(template with
            {
                Id = Guid.NewGuid(), At = Anywhere(random), Occupation = random.GetItems<string>(["9333", "9329", "5322", "8322", "7126", "4321"], 1)[0],
                EmployerId = random.Next(3) == 0 ? template.EmployerId : $"far-{random.Next(30)}",
                MinLevel = (Level)random.Next(1, 6), PositionsLeft = random.Next(0, 5), StartsOn = Given.January4.AddDays(random.Next(-30, 365)),
                LanguageSupport = random.Next(2) == 0,
            });
        }
    }

    /// <summary>A new version of a course, an opening or an agreement of the world, applied to the catalog too.</summary>
    private static void Change(World world, Catalog catalog, Random random)
    {
        switch (random.Next(3))
        {
            case 0 when world.Courses.Count > 0:
            {
                var i = random.Next(world.Courses.Count);
                var held = world.Courses[i];
                var course = random.Next(4) switch
                {
                    0 => held with { SeatsFree = held.SeatsFree == 0 ? random.Next(1, 8) : 0 },
                    1 => held with { StartsOn = held.StartsOn.AddDays(random.Next(-60, 60)) },
                    2 => held with { At = Anywhere(random), Online = false },
                    _ => held with { Withdrawn = !held.Withdrawn },
                };
                world.Courses[i] = course with { Version = held.Version + 1 };
                catalog.Apply(world.Courses[i]);
                break;
            }
            case 1 when world.Openings.Count > 0:
            {
                var i = random.Next(world.Openings.Count);
                var held = world.Openings[i];
                var opening = random.Next(5) switch
                {
                    0 => held with { PositionsLeft = held.PositionsLeft == 0 ? random.Next(1, 5) : 0 },
                    1 => held with { StartsOn = held.StartsOn.AddDays(random.Next(-90, 90)) },
                    2 => held with { At = Anywhere(random) },
                    3 => held with { Occupation = random.GetItems<string>(["9333", "5322", "7126", "8322"], 1)[0], MinLevel = (Level)random.Next(1, 6) },
                    _ => held with { Closed = !held.Closed, LanguageSupport = !held.LanguageSupport },
                };
                world.Openings[i] = opening with { Version = held.Version + 1 };
                catalog.Apply(world.Openings[i]);
                break;
            }
            default:
            {
                var employers = world.Openings.Select(opening => opening.EmployerId).Distinct().ToArray();
                if (world.Agreements.Count == 0 || random.Next(3) == 0)
                {
                    var agreement = Given.Agreement(employers.Length > 0 ? random.GetItems(employers, 1)[0] : "far-0") with
                    {
                        Occupations = random.Next(2) == 0 ? [] : [random.GetItems<string>(["9", "93", "53", "8322", "71"], 1)[0]],
                        MinLevel = (Level)random.Next(0, 4), LanguageSupport = random.Next(2) == 0 ? null : "Deutsch am Arbeitsplatz",
                    };
                    world.Add(agreement);
                    catalog.Apply(agreement);
                }
                else
                {
                    var i = random.Next(world.Agreements.Count);
                    var held = world.Agreements[i];
                    world.Agreements[i] = held with
                    {
                        Version = held.Version + 1, QuotaLeft = held.QuotaLeft == 0 ? random.Next(1, 4) : 0, MinLevel = (Level)random.Next(0, 4),
                    };
                    catalog.Apply(world.Agreements[i]);
                }
                break;
            }
        }
    }

    /// <summary>Somewhere in Germany: near one of a few cities, or anywhere between them.</summary>
    private static GeoPoint Anywhere(Random random) => random.Next(3) switch
    {
        0 => new GeoPoint(47.5 + random.NextDouble() * 7, 6 + random.NextDouble() * 9),
        1 => new GeoPoint(Munich.Lat + (random.NextDouble() - 0.5) * 0.5, Munich.Lon + (random.NextDouble() - 0.5) * 0.8),
        _ => new GeoPoint(Places.Berlin.Lat + (random.NextDouble() - 0.5) * 0.5, Places.Berlin.Lon + (random.NextDouble() - 0.5) * 0.8),
    };
}

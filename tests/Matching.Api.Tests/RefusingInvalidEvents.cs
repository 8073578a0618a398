using System.Net;
using Matching.Contracts;
using Matching.Testing;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Matching.Api.Tests;

// An event whose content no publisher could have meant (a bug, a hand-made message, a rolled-back schema) is refused
// before anything of it is stored: the projection goes on, a restart finds nothing to choke on, and a later valid
// version of the same item is taken as usual.
public sealed class RefusingInvalidEvents : IClassFixture<MatchingApp>
{
    private readonly MatchingApp app;

    public RefusingInvalidEvents(MatchingApp app)
    {
        this.app = app;
        ProjectionWatch.Of(app);
    }

    public static TheoryData<string> InvalidCourses => [.. CourseDefects.Keys];

    public static TheoryData<string> InvalidOpenings => [.. OpeningDefects.Keys];

    public static TheoryData<string> InvalidAgreements => [.. AgreementDefects.Keys];

    private static readonly Dictionary<string, Func<CourseState, CourseState>> CourseDefects = new()
    {
        ["empty id"] = c => c with { Id = Guid.Empty },
        ["version 0"] = c => c with { Version = 0 },
        ["version long.MaxValue"] = c => c with { Version = long.MaxValue },
        ["no provider"] = c => c with { ProviderId = null! },
        ["blank title"] = c => c with { Title = "   " },
        ["title of 10,000 characters"] = c => c with { Title = new string('x', 10_000) },
        ["a NUL in the title"] = c => c with { Title = "Kurs\0" },
        ["undefined kind"] = c => c with { Kind = (Vocabulary.CourseKind)99 },
        ["levels the wrong way round"] = c => c with { LevelFrom = Vocabulary.Level.B1, LevelTo = Vocabulary.Level.A1 },
        ["latitude 91"] = c => c with { Lat = 91 },
        ["longitude without latitude"] = c => c with { Lat = null },
        ["not online and nowhere"] = c => c with { Lat = null, Lon = null, Online = false },
        ["starts in year 1"] = c => c with { StartsOn = default },
        ["ends before it starts"] = c => c with { EndsOn = c.StartsOn.AddDays(-1) },
        ["negative seats"] = c => c with { SeatsFree = -1 },
        ["more seats free than it has"] = c => c with { SeatsFree = c.SeatsTotal + 1 },
    };

    private static readonly Dictionary<string, Func<OpeningState, OpeningState>> OpeningDefects = new()
    {
        ["no employer"] = o => o with { EmployerId = null! },
        ["no title"] = o => o with { Title = null! },
        ["occupation that is no ISCO code"] = o => o with { Occupation = "cook" },
        ["longitude 181"] = o => o with { Lon = 181 },
        ["undefined level"] = o => o with { MinLevel = (Vocabulary.Level)7 },
        ["more positions left than it has"] = o => o with { PositionsLeft = o.Positions + 1 },
        ["starts in 2200"] = o => o with { StartsOn = new DateOnly(2200, 1, 1) },
        ["version beyond 2^53"] = o => o with { Version = (1L << 53) + 1 },
    };

    private static readonly Dictionary<string, Func<AgreementState, AgreementState>> AgreementDefects = new()
    {
        ["no occupations"] = a => a with { Occupations = null! },
        ["a null occupation"] = a => a with { Occupations = [null!] },
        ["no employer"] = a => a with { EmployerId = "" },
        ["negative quota left"] = a => a with { QuotaLeft = -1 },
        ["more quota left than quota"] = a => a with { QuotaLeft = a.Quota + 1 },
        ["valid to before valid from"] = a => a with { ValidTo = a.ValidFrom.AddDays(-1) },
    };

    [Theory]
    [MemberData(nameof(InvalidCourses))]
    public async Task An_invalid_course_is_not_stored(string defect)
    {
        var course = CourseDefects[defect](Given.Course(Given.SpotOfItsOwn()));

        await app.PublishAsync(new CoursePublished(course));
        await ProjectedAsync<CoursePublished>(e => e.Course.Id == course.Id && e.Course.Version == course.Version);

        Assert.Null(await app.StoredVersionAsync("courses", course.Id));
    }

    [Theory]
    [MemberData(nameof(InvalidOpenings))]
    public async Task An_invalid_opening_is_not_stored(string defect)
    {
        var opening = OpeningDefects[defect](Given.Opening(Given.SpotOfItsOwn()));

        await app.PublishAsync(new OpeningPosted(opening));
        await ProjectedAsync<OpeningPosted>(e => e.Opening.Id == opening.Id);

        Assert.Null(await app.StoredVersionAsync("openings", opening.Id));
    }

    [Theory]
    [MemberData(nameof(InvalidAgreements))]
    public async Task An_invalid_agreement_is_not_stored(string defect)
    {
        var agreement = AgreementDefects[defect](Given.Agreement(Given.Opening(Given.SpotOfItsOwn())));

        await app.PublishAsync(new AgreementSigned(agreement));
        await ProjectedAsync<AgreementSigned>(e => e.Agreement.Id == agreement.Id);

        Assert.Null(await app.StoredVersionAsync("agreements", agreement.Id));
    }

    [Fact]
    public async Task An_opening_without_an_employer_neither_stops_the_projection_nor_a_restart()
    {
        using var database = TestDatabase.Sqlite();
        var here = Given.SpotOfItsOwn();
        var poison = Given.Opening(here) with { EmployerId = null! };
        var opening = Given.Opening(here.North(2));
        await using (var first = MatchingApp.On(database))
        {
            ProjectionWatch.Of(first);
            await first.PublishAsync(new OpeningPosted(poison));
            await ProjectedAsync<OpeningPosted>(first, e => e.Opening.Id == poison.Id);
            await first.PublishAsync(new OpeningPosted(opening));
            await first.SuggestionsOnceAsync(Given.Person(here, level: "B1"), s => s.Mention(opening.Id), "the valid opening after the poison should be suggested");
            Assert.Null(await first.StoredVersionAsync("openings", poison.Id));
        }

        await using var second = MatchingApp.On(database);
        using var ready = await second.CreateClient().GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var suggestions = await second.SuggestionsAsync(Given.Person(here, level: "B1"));
        Assert.True(suggestions.Mention(opening.Id), "after a restart the valid opening should still be suggested");
        Assert.False(suggestions.Mention(poison.Id));
    }

    [Fact]
    public async Task An_agreement_without_occupations_leaves_matches_nearby_answering()
    {
        var here = Given.SpotOfItsOwn();
        var opening = Given.Opening(here);
        await app.PublishAsync(new OpeningPosted(opening));
        var person = Given.Person(here, level: "A2");
        var broken = Given.Agreement(opening) with { Occupations = [null!] };

        await app.PublishAsync(new AgreementSigned(broken));
        await ProjectedAsync<AgreementSigned>(e => e.Agreement.Id == broken.Id);

        using var response = await app.MatchAsync(person);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var valid = Given.Agreement(opening);
        await app.PublishAsync(new AgreementSigned(valid));
        await app.SuggestionsOnceAsync(person, s => s.Contain("job", opening: opening.Id),
            "a valid agreement after the broken one should still turn the opening into a job for A2");
    }

    [Fact]
    public async Task A_version_beyond_any_real_count_does_not_freeze_the_course()
    {
        var here = Given.SpotOfItsOwn();
        var course = Given.Course(here);

        await app.PublishAsync(new CoursePublished(course with { Version = long.MaxValue, SeatsFree = 20 }));
        await ProjectedAsync<CoursePublished>(e => e.Course.Id == course.Id);
        await app.PublishAsync(new CourseSeatsChanged(course with { Version = 2, SeatsFree = 2 }));

        var suggestions = await app.SuggestionsOnceAsync(Given.Person(here), s => s.Mention(course.Id), "the course at version 2 should be suggested");
        Assert.Equal(2, (int?)suggestions.Single("course", course: course.Id)["course"]!["seatsFree"]);
        await Poll.UntilAsync(async () => await app.StoredVersionAsync("courses", course.Id) == 2, TimeSpan.FromSeconds(30),
            () => "version 2 should be stored");
    }

    private Task ProjectedAsync<T>(Func<T, bool> match) where T : class => ProjectedAsync(app, match);

    /// <summary>
    /// Waits until the projection's own (durable) queue, not only the replica's feed, has handled a matching message, well
    /// or not. The harness lists a message once however many consumers took it, so this watches the bus itself.
    /// </summary>
    private static Task ProjectedAsync<T>(MatchingApp app, Func<T, bool> match) where T : class =>
        Poll.UntilAsync(() => Task.FromResult(ProjectionWatch.Of(app).Handled(match)), TimeSpan.FromSeconds(30),
            () => $"the projection did not handle the {typeof(T).Name}");

    private sealed class ProjectionWatch : IConsumeObserver
    {
        private static readonly ConditionalWeakTable<MatchingApp, ProjectionWatch> Watches = [];
        private readonly ConcurrentQueue<object> handled = new();

        /// <summary>The app's watch, connected to its bus the first time it is asked for (before the test publishes anything).</summary>
        public static ProjectionWatch Of(MatchingApp app) => Watches.GetValue(app, _ =>
        {
            var watch = new ProjectionWatch();
            app.Services.GetRequiredService<IBus>().ConnectConsumeObserver(watch);
            return watch;
        });

        public bool Handled<T>(Func<T, bool> match) => handled.OfType<T>().Any(match);

        public Task PreConsume<T>(ConsumeContext<T> context) where T : class => Task.CompletedTask;

        public Task PostConsume<T>(ConsumeContext<T> context) where T : class => Record(context);

        public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception) where T : class => Record(context);

        private Task Record<T>(ConsumeContext<T> context) where T : class
        {
            if (!context.ReceiveContext.InputAddress.AbsolutePath.Contains("catalog-feed", StringComparison.Ordinal)) handled.Enqueue(context.Message);
            return Task.CompletedTask;
        }
    }
}

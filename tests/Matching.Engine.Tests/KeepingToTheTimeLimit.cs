namespace Matching.Engine.Tests;

/// <summary>
/// A cohort's allocation keeps its time limit: drawing candidates and solving both stop once the caller's clock says the
/// time is up, or the caller cancels, and what was found by then is still a valid answer. The clock here is a fake that
/// jumps past the deadline at a reading the test chooses, so nothing depends on how fast the machine is.
/// </summary>
public sealed class KeepingToTheTimeLimit
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(1);
    private static readonly Guid CourseX = Guid.NewGuid(), CourseY = Guid.NewGuid();

    // As in SharingPlacesInACohort: the optimiser places both; first come, first served gives X to Anna and leaves Ben out.
    private static readonly IReadOnlyList<Choice<string>> Anna = [Take("anna→X", 0.9, CourseX), Take("anna→Y", 0.8, CourseY)];
    private static readonly IReadOnlyList<Choice<string>> Ben = [Take("ben→X", 0.7, CourseX)];

    [Fact]
    public void When_the_time_is_up_before_solving_the_allocator_should_keep_first_come_first_served_and_say_it_is_not_optimal()
    {
        var allocation = Allocator.Allocate([Anna, Ben], Limit, JumpingClock.After(readings: 1));

        Assert.Equal(["anna→X", null], allocation.Assignments);
        Assert.False(allocation.Optimal);
        Assert.False(allocation.RankMaximal, "greedy places one of two: nothing proven");
        Assert.Equal(allocation.Greedy.Objective, allocation.Objective);
        Assert.True(allocation.Bound >= 2 * 3 + 0.8 + 0.7, "the bound still covers the optimum");
    }

    [Fact]
    public void When_the_caller_has_gone_the_allocator_should_not_solve()
    {
        using var gone = new CancellationTokenSource();
        gone.Cancel();

        var allocation = Allocator.Allocate([Anna, Ben], new Deadline(Limit, TimeProvider.System, gone.Token));

        Assert.Equal(["anna→X", null], allocation.Assignments);
        Assert.False(allocation.Optimal);
    }

    [Fact]
    public void When_the_time_runs_out_while_drawing_candidates_those_drawn_should_be_shared_out_within_every_capacity()
    {
        // 60 people in Meiderich, 12 courses of 6 seats nearby: room for everyone, given the time.
        var world = new World();
        for (var i = 0; i < 12; i++) world.Add(Given.Course($"Kurs {i}", Places.Hochfeld with { Lat = Places.Hochfeld.Lat + i * 0.001 }));
        var people = Enumerable.Range(0, 60).Select(i => Given.Person() with { Reference = $"p{i}" }).ToList();
        using var catalog = world.Catalog();

        // A first run with all the time there is counts the clock's readings; the second jumps past the deadline halfway.
        var counting = JumpingClock.After(readings: int.MaxValue);
        var everyone = Cohort.Allocate(catalog, people, 200, new Deadline(Limit, counting));
        var halfway = Cohort.Allocate(catalog, people, 200, new Deadline(Limit, JumpingClock.After(counting.Readings / 2)));

        Assert.Equal(60, everyone.Placed);
        Assert.True(everyone.Optimal);
        Assert.InRange(halfway.Placed, 1, 59);
        Assert.False(halfway.Optimal);
        Assert.True(halfway.Placed >= halfway.Greedy.Placed);
        Assert.True(halfway.Bound >= everyone.Objective, "the bound covers the people whose candidates were not drawn");
        // People are drawn in order: once one is left out for want of time, so is everyone after.
        var firstLeftOut = halfway.Assignments.ToList().FindIndex(assignment => assignment is null);
        Assert.All(halfway.Assignments.Skip(firstLeftOut), Assert.Null);
        foreach (var course in world.Courses)
            Assert.True(halfway.Assignments.Count(a => a?.Course?.Id == course.Id) <= course.SeatsFree, $"{course.Title} is over capacity");
    }

    [Fact]
    public void When_the_caller_has_gone_no_candidates_should_be_drawn()
    {
        var world = new World(Given.Course());
        using var catalog = world.Catalog();
        using var gone = new CancellationTokenSource();
        gone.Cancel();

        var allocation = Cohort.Allocate(catalog, [Given.Person()], 200, new Deadline(Limit, TimeProvider.System, gone.Token));

        Assert.Equal(0, allocation.Placed);
        Assert.False(allocation.Optimal);
    }

    /// <summary>A deadline within a deadline: less a reserve (the solver's, which must stop before the answer is read)
    /// passes that much sooner; a share, after its share of the time then left; either, at once when the caller has gone.</summary>
    [Fact]
    public void A_deadline_less_a_reserve_should_pass_that_much_sooner_and_a_share_after_its_share()
    {
        var clock = new ManualClock();
        using var caller = new CancellationTokenSource();
        var deadline = new Deadline(TimeSpan.FromSeconds(10), clock, caller.Token);
        clock.Advance(TimeSpan.FromSeconds(2));

        var less = deadline.Less(TimeSpan.FromSeconds(3));
        var share = deadline.Share(0.25);
        Assert.Equal(TimeSpan.FromSeconds(5), less.Left);
        Assert.Equal(TimeSpan.FromSeconds(2), share.Left);

        clock.Advance(TimeSpan.FromSeconds(5));
        Assert.True(less.Passed);
        Assert.True(share.Passed);
        Assert.Equal(TimeSpan.FromSeconds(3), deadline.Left);

        var later = deadline.Less(TimeSpan.FromSeconds(1));
        caller.Cancel();
        Assert.True(later.Passed);
        Assert.True(deadline.Passed);
    }

    private static Choice<string> Take(string name, double score, params Guid[] resources) =>
        new(name, score, resources.Select(r => new Need(r, 1)).ToList());
}

/// <summary>A clock that stands still for its first readings, then jumps a day ahead: the time is up at the reading the test chooses.</summary>
internal sealed class JumpingClock : TimeProvider
{
    private readonly int jumpAfter;

    private JumpingClock(int jumpAfter) => this.jumpAfter = jumpAfter;

    public static JumpingClock After(int readings) => new(readings);

    /// <summary>How often the clock has been read.</summary>
    public int Readings { get; private set; }

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => ++Readings > jumpAfter ? TimeSpan.TicksPerDay : 0;
}

/// <summary>A clock that moves only when the test moves it.</summary>
internal sealed class ManualClock : TimeProvider
{
    private long now;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => now;

    public void Advance(TimeSpan by) => now += by.Ticks;
}

using Matching.Api.Placements;

namespace Matching.Api.Tests.Placements;

/// <summary>The placement workflow's steps, without a database or bus: answers in any order, any number of times.</summary>
public sealed class PlacementRules
{
    private static readonly DateTimeOffset Now = new(2027, 1, 4, 9, 0, 0, TimeSpan.Zero);
    private static readonly Placement SeatAndPosition = Placement.Request("case-1", Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Now);

    [Theory]
    [InlineData(Part.Seat, Part.Position)]
    [InlineData(Part.Position, Part.Seat)]
    public void A_placement_should_be_reserved_once_both_parts_are_held_in_either_order(Part first, Part second)
    {
        var once = SeatAndPosition.Held(first, Now);
        var twice = once.Held(second, Now.AddSeconds(1));

        Assert.Equal(PlacementState.Requested, once.State);
        Assert.Equal((PlacementState.Reserved, PartState.Held, PartState.Held, Now.AddSeconds(1)), (twice.State, twice.Seat, twice.Position, twice.ReservedAt));
    }

    [Fact]
    public void A_placement_for_a_course_only_should_be_reserved_with_its_seat()
    {
        var course = Placement.Request("case-1", Guid.NewGuid(), null, null, Now);

        Assert.Equal((PartState.Requested, PartState.None), (course.Seat, course.Position));
        Assert.Equal(PlacementState.Reserved, course.Held(Part.Seat, Now).State);
    }

    [Fact]
    public void A_refusal_should_reject_the_placement_and_give_back_what_it_holds()
    {
        var seatHeld = SeatAndPosition.Held(Part.Seat, Now);

        var rejected = seatHeld.Refused(Part.Position, "agreement quota used up", Now);

        Assert.Equal((PlacementState.Rejected, "agreement quota used up"), (rejected.State, rejected.Reason));
        Assert.True(seatHeld.GivesBack(rejected, Part.Seat));
        Assert.False(seatHeld.GivesBack(rejected, Part.Position));
    }

    [Fact]
    public void A_part_held_after_the_placement_was_rejected_should_be_given_straight_back()
    {
        var rejected = SeatAndPosition.Refused(Part.Position, "no positions left", Now);

        var seatHeldLate = rejected.Held(Part.Seat, Now);

        Assert.Equal((PlacementState.Rejected, "no positions left"), (seatHeldLate.State, seatHeldLate.Reason));
        Assert.True(rejected.GivesBack(seatHeldLate, Part.Seat));
    }

    [Fact]
    public void Both_parts_refused_should_keep_the_first_reason()
    {
        var rejected = SeatAndPosition.Refused(Part.Seat, "no seats left", Now).Refused(Part.Position, "no positions left", Now);

        Assert.Equal((PlacementState.Rejected, "no seats left"), (rejected.State, rejected.Reason));
        Assert.Equal((PartState.Refused, PartState.Refused), (rejected.Seat, rejected.Position));
    }

    [Fact]
    public void An_answer_applied_again_should_change_nothing()
    {
        var reserved = SeatAndPosition.Held(Part.Seat, Now).Held(Part.Position, Now);

        Assert.Same(reserved, reserved.Held(Part.Seat, Now.AddSeconds(1)));
        Assert.Same(reserved, reserved.Refused(Part.Position, "no positions left", Now.AddSeconds(1)));
    }

    [Fact]
    public void Releasing_a_confirmed_placement_should_give_both_parts_back()
    {
        var confirmed = SeatAndPosition.Held(Part.Seat, Now).Held(Part.Position, Now).Confirm(Now);

        var released = confirmed.Release(Placement.Cancelled, Now);

        Assert.Equal((PlacementState.Released, "cancelled"), (released.State, released.Reason));
        Assert.True(confirmed.GivesBack(released, Part.Seat));
        Assert.True(confirmed.GivesBack(released, Part.Position));
        Assert.False(released.GivesBack(released.Release(Placement.Cancelled, Now), Part.Seat));
    }

    [Fact]
    public void A_placement_without_an_answer_in_time_should_be_rejected_giving_back_what_it_holds_and_what_comes_later()
    {
        var seatHeld = SeatAndPosition.Held(Part.Seat, Now);

        var expired = seatHeld.Expire(Now.AddMinutes(2));
        var positionHeldLate = expired.Held(Part.Position, Now.AddMinutes(3));

        Assert.Equal((PlacementState.Rejected, Placement.NoAnswerInTime), (expired.State, expired.Reason));
        Assert.True(seatHeld.GivesBack(expired, Part.Seat));
        Assert.False(seatHeld.GivesBack(expired, Part.Position));
        Assert.True(expired.GivesBack(positionHeldLate, Part.Position));
        Assert.Equal((PlacementState.Rejected, Placement.NoAnswerInTime), (positionHeldLate.State, positionHeldLate.Reason));
    }

    [Fact]
    public void A_placement_cancelled_while_reserving_should_give_back_what_it_holds_and_what_comes_later()
    {
        var positionHeld = SeatAndPosition.Held(Part.Position, Now);

        var cancelled = positionHeld.Release(Placement.Cancelled, Now);
        var seatHeldLate = cancelled.Held(Part.Seat, Now);
        var seatRefusedLate = cancelled.Refused(Part.Seat, "no seats left", Now);

        Assert.Equal((PlacementState.Released, Placement.Cancelled), (cancelled.State, cancelled.Reason));
        Assert.True(positionHeld.GivesBack(cancelled, Part.Position));
        Assert.True(cancelled.GivesBack(seatHeldLate, Part.Seat));
        Assert.Equal((PlacementState.Released, Placement.Cancelled), (seatRefusedLate.State, seatRefusedLate.Reason));
        Assert.False(cancelled.GivesBack(seatRefusedLate, Part.Seat));
    }

    [Fact]
    public void An_answer_about_another_course_or_opening_should_not_be_the_placements_own()
    {
        var course = Placement.Request("case-1", Guid.NewGuid(), null, null, Now);

        Assert.True(SeatAndPosition.AskedFor(Part.Seat, SeatAndPosition.CourseId!.Value));
        Assert.True(SeatAndPosition.AskedFor(Part.Position, SeatAndPosition.OpeningId!.Value));
        Assert.False(SeatAndPosition.AskedFor(Part.Seat, SeatAndPosition.OpeningId!.Value));
        Assert.False(SeatAndPosition.AskedFor(Part.Position, Guid.NewGuid()));
        Assert.False(course.AskedFor(Part.Position, Guid.Empty));
    }
}
